#include "remotemedia/value.h"

#include <unistd.h>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace remotemedia {
namespace {

constexpr std::size_t kBufferAlignment = 64;

struct DTypeInfo {
  DType dtype;
  const char* name;
  std::size_t size;
  bool is_float;
};

constexpr DTypeInfo kDTypes[] = {
    {DType::kFloat32, "float32", 4, true}, {DType::kFloat64, "float64", 8, true},
    {DType::kInt8, "int8", 1, false},      {DType::kInt16, "int16", 2, false},
    {DType::kInt32, "int32", 4, false},    {DType::kInt64, "int64", 8, false},
    {DType::kUint8, "uint8", 1, false},    {DType::kUint16, "uint16", 2, false},
    {DType::kUint32, "uint32", 4, false},  {DType::kUint64, "uint64", 8, false},
};

const DTypeInfo& info(DType dtype) {
  return kDTypes[static_cast<int>(dtype)];
}

}  // namespace

Buffer Buffer::allocate(std::size_t size) {
  // aligned_alloc wants a multiple of the alignment; a zero-byte buffer still gets real storage so
  // data() is never null.
  std::size_t rounded = (size + kBufferAlignment - 1) / kBufferAlignment * kBufferAlignment;
  if (rounded == 0) rounded = kBufferAlignment;
  void* memory = std::aligned_alloc(kBufferAlignment, rounded);
  if (memory == nullptr) {
    std::fprintf(stderr, "remotemedia: out of memory allocating %zu bytes\n", size);
    std::abort();
  }
  std::memset(memory, 0, rounded);
  Buffer buffer;
  buffer.owner_ = std::shared_ptr<void>(memory, std::free);
  buffer.data_ = static_cast<std::uint8_t*>(memory);
  buffer.size_ = size;
  return buffer;
}

Buffer Buffer::copy_of(const void* data, std::size_t size) {
  Buffer buffer = allocate(size);
  if (size > 0) std::memcpy(buffer.data_, data, size);
  return buffer;
}

Buffer Buffer::adopt(std::uint8_t* data, std::size_t size, std::shared_ptr<void> owner) {
  Buffer buffer;
  buffer.owner_ = std::move(owner);
  buffer.data_ = data;
  buffer.size_ = size;
  return buffer;
}

Buffer Buffer::adopt_read_only(const std::uint8_t* data, std::size_t size,
                               std::shared_ptr<void> owner) {
  Buffer buffer = adopt(const_cast<std::uint8_t*>(data), size, std::move(owner));
  buffer.read_only_ = true;
  return buffer;
}

Buffer Buffer::slice(std::size_t offset, std::size_t size) const {
  Buffer part = *this;
  part.data_ = data_ + offset;
  part.size_ = size;
  return part;
}

double Audio::start_seconds() const {
  return static_cast<double>(start_frame) / static_cast<double>(sample_rate);
}

double Audio::end_seconds() const {
  return static_cast<double>(start_frame + static_cast<std::int64_t>(frame_count())) /
         static_cast<double>(sample_rate);
}

Buffer Buffer::writable() const& {
  return is_unique() ? *this : copy_of(data_, size_);
}

Buffer Buffer::writable() && {
  if (is_unique()) return std::move(*this);
  return copy_of(data_, size_);
}

std::size_t dtype_size(DType dtype) {
  return info(dtype).size;
}
const char* dtype_name(DType dtype) {
  return info(dtype).name;
}
bool dtype_is_float(DType dtype) {
  return info(dtype).is_float;
}

bool parse_dtype(std::string_view name, DType* out) {
  for (const DTypeInfo& entry : kDTypes) {
    if (name == entry.name) {
      *out = entry.dtype;
      return true;
    }
  }
  return false;
}

std::size_t Tensor::element_count() const {
  std::uint64_t bytes = 0;
  if (!tensor_shape_problem(dtype, shape, &bytes).empty()) return 0;
  return static_cast<std::size_t>(bytes / dtype_size(dtype));
}

std::string tensor_shape_problem(DType dtype, const std::vector<std::int64_t>& shape,
                                 std::uint64_t* bytes) {
  if (shape.size() > kMaxTensorDims) {
    return "tensor shape has " + std::to_string(shape.size()) + " dimensions; at most " +
           std::to_string(kMaxTensorDims) + " are allowed";
  }
  // NumPy's rule: the product of the non-zero dims times the item size must fit; a zero dim makes
  // the tensor empty. Every partial product stays <= kMaxArrayBytes < 2^31, and each dim is
  // checked against kMaxArrayBytes / product before it is multiplied in, so nothing overflows.
  std::uint64_t product = dtype_size(dtype);
  bool has_zero = false;
  for (std::int64_t dim : shape) {
    if (dim < 0) return "tensor shape has a negative dimension";
    if (dim == 0) {
      has_zero = true;
      continue;
    }
    if (static_cast<std::uint64_t>(dim) > kMaxArrayBytes / product) {
      return std::string("tensor shape is too large: ") + dtype_name(dtype) +
             " elements in this shape need more than " + std::to_string(kMaxArrayBytes) +
             " bytes (the limit on every target)";
    }
    product *= static_cast<std::uint64_t>(dim);
  }
  if (bytes != nullptr) *bytes = has_zero ? 0 : product;
  return {};
}

const char* value_kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return "bool";
    case ValueKind::kInt:
      return "int";
    case ValueKind::kFloat:
      return "float";
    case ValueKind::kString:
      return "string";
    case ValueKind::kBytes:
      return "bytes";
    case ValueKind::kList:
      return "list";
    case ValueKind::kMap:
      return "map";
    case ValueKind::kAudio:
      return "audio";
    case ValueKind::kTensor:
      return "tensor";
  }
  return "unknown";
}

Map::Map(std::initializer_list<Entry> entries) {
  for (const Entry& entry : entries) set(entry.first, entry.second);
}

namespace {

// Map keys come from untrusted documents, so the index hashes them with SipHash-1-3 under a key
// drawn once per process from the system's entropy: nobody can precompute keys that all collide
// and turn O(1) lookups back into linear scans. (The hash never affects output: maps are written
// in insertion order.)
struct SipKey {
  std::uint64_t k0;
  std::uint64_t k1;
};

SipKey make_sip_key() {
  SipKey key{0x736f6d6570736575ULL, 0x646f72616e646f6dULL};
  std::uint64_t random[2] = {0, 0};
  if (getentropy(random, sizeof random) == 0) {
    key.k0 ^= random[0];
    key.k1 ^= random[1];
  } else {
    // No entropy source: still differ per process and run.
    key.k0 ^=
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    key.k1 ^= static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&key));
  }
  return key;
}

inline std::uint64_t rotl(std::uint64_t x, int b) {
  return (x << b) | (x >> (64 - b));
}

struct SipState {
  std::uint64_t v0, v1, v2, v3;
  void round() {
    v0 += v1;
    v1 = rotl(v1, 13);
    v1 ^= v0;
    v0 = rotl(v0, 32);
    v2 += v3;
    v3 = rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = rotl(v1, 17);
    v1 ^= v2;
    v2 = rotl(v2, 32);
  }
  void absorb(std::uint64_t m) {
    v3 ^= m;
    round();
    v0 ^= m;
  }
};

std::size_t key_hash(std::string_view text) {
  static const SipKey key = make_sip_key();
  SipState s{key.k0 ^ 0x736f6d6570736575ULL, key.k1 ^ 0x646f72616e646f6dULL,
             key.k0 ^ 0x6c7967656e657261ULL, key.k1 ^ 0x7465646279746573ULL};
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::size_t whole = n & ~std::size_t{7};
  for (std::size_t i = 0; i < whole; i += 8) {
    std::uint64_t m = 0;
    for (int b = 7; b >= 0; --b) m = (m << 8) | bytes[i + static_cast<std::size_t>(b)];
    s.absorb(m);
  }
  std::uint64_t last = static_cast<std::uint64_t>(n & 0xff) << 56;
  for (std::size_t i = whole; i < n; ++i)
    last |= static_cast<std::uint64_t>(bytes[i]) << (8 * (i - whole));
  s.absorb(last);
  s.v2 ^= 0xff;
  s.round();
  s.round();
  s.round();
  return static_cast<std::size_t>(s.v0 ^ s.v1 ^ s.v2 ^ s.v3);
}

}  // namespace

std::size_t Map::position_of(std::string_view key) const {
  if (slots_.empty()) {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].first == key) return i;
    }
    return entries_.size();
  }
  std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = key_hash(key) & mask;; slot = (slot + 1) & mask) {
    std::size_t stored = slots_[slot];
    if (stored == 0) return entries_.size();
    if (entries_[stored - 1].first == key) return stored - 1;
  }
}

void Map::rebuild_index() {
  std::size_t capacity = 16;
  while (capacity < 2 * entries_.size()) capacity *= 2;
  slots_.assign(capacity, 0);
  std::size_t mask = capacity - 1;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    std::size_t slot = key_hash(entries_[i].first) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = i + 1;
  }
}

// Precondition: `key` is absent.
void Map::append(std::string key, Value value) {
  entries_.emplace_back(std::move(key), std::move(value));
  if (entries_.size() <= kIndexFrom) return;
  if (slots_.empty() || 2 * entries_.size() > slots_.size()) {
    rebuild_index();  // doubles the table: O(1) amortised per entry
    return;
  }
  std::size_t mask = slots_.size() - 1;
  std::size_t slot = key_hash(entries_.back().first) & mask;
  while (slots_[slot] != 0) slot = (slot + 1) & mask;
  slots_[slot] = entries_.size();
}

const Value* Map::find(std::string_view key) const {
  std::size_t i = position_of(key);
  return i == entries_.size() ? nullptr : &entries_[i].second;
}

Value* Map::find(std::string_view key) {
  std::size_t i = position_of(key);
  return i == entries_.size() ? nullptr : &entries_[i].second;
}

bool Map::insert(std::string key, Value value) {
  if (position_of(key) != entries_.size()) return false;
  append(std::move(key), std::move(value));
  return true;
}

void Map::set(std::string key, Value value) {
  std::size_t i = position_of(key);
  if (i != entries_.size()) {
    entries_[i].second = std::move(value);
    return;
  }
  append(std::move(key), std::move(value));
}

double Value::number() const {
  if (const std::int64_t* i = as_int()) return static_cast<double>(*i);
  return *as_float();
}

namespace {

bool same_bytes(const Buffer& a, const Buffer& b) {
  return a.size() == b.size() && (a.size() == 0 || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

}  // namespace

bool operator==(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::kNull:
      return true;
    case ValueKind::kBool:
      return *a.as_bool() == *b.as_bool();
    case ValueKind::kInt:
      return *a.as_int() == *b.as_int();
    case ValueKind::kFloat:
      return *a.as_float() == *b.as_float();
    case ValueKind::kString:
      return *a.as_string() == *b.as_string();
    case ValueKind::kBytes:
      return same_bytes(a.as_bytes()->data, b.as_bytes()->data);
    case ValueKind::kList:
      return *a.as_list() == *b.as_list();
    case ValueKind::kMap: {
      const Map& x = *a.as_map();
      const Map& y = *b.as_map();
      if (x.size() != y.size()) return false;
      auto it = y.begin();
      for (const Map::Entry& entry : x) {
        if (entry.first != it->first || entry.second != it->second) return false;
        ++it;
      }
      return true;
    }
    case ValueKind::kAudio: {
      const Audio& x = *a.as_audio();
      const Audio& y = *b.as_audio();
      return x.sample_rate == y.sample_rate && x.channels == y.channels &&
             x.start_frame == y.start_frame && same_bytes(x.samples, y.samples);
    }
    case ValueKind::kTensor: {
      const Tensor& x = *a.as_tensor();
      const Tensor& y = *b.as_tensor();
      return x.dtype == y.dtype && x.shape == y.shape && same_bytes(x.data, y.data);
    }
  }
  return false;
}

}  // namespace remotemedia
