#include "remotemedia/value.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

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
  std::size_t count = 1;
  for (std::int64_t dim : shape) count *= static_cast<std::size_t>(dim);
  return count;
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

const Value* Map::find(std::string_view key) const {
  for (const Entry& entry : entries_) {
    if (entry.first == key) return &entry.second;
  }
  return nullptr;
}

Value* Map::find(std::string_view key) {
  for (Entry& entry : entries_) {
    if (entry.first == key) return &entry.second;
  }
  return nullptr;
}

bool Map::insert(std::string key, Value value) {
  if (find(key) != nullptr) return false;
  entries_.emplace_back(std::move(key), std::move(value));
  return true;
}

void Map::set(std::string key, Value value) {
  if (Value* existing = find(key)) {
    *existing = std::move(value);
    return;
  }
  entries_.emplace_back(std::move(key), std::move(value));
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
             same_bytes(x.samples, y.samples);
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
