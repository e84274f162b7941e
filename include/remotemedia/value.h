// The runtime's value model: what flows between nodes. Its JSON wire forms are in docs/values.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace remotemedia {

// Reference-counted raw bytes. Copies share the same memory, so handing a buffer to another node
// or to Python costs nothing. Contract: memory is written only through mutable_data(), which is
// only allowed while is_unique() holds (copy-on-write is the writer's job). Storage is 64-byte
// aligned, so any element type can be viewed in place (adopted memory must be aligned for the
// elements it holds). An adopted buffer keeps `owner` alive for as long as any copy exists, which
// is how foreign memory (e.g. a Python buffer) is shared; read-only adopted memory (e.g. a Python
// bytes object) is never unique, so writers always copy it.
class Buffer {
 public:
  Buffer() = default;
  // Zero-filled storage of `size` bytes.
  static Buffer allocate(std::size_t size);
  static Buffer copy_of(const void* data, std::size_t size);
  static Buffer adopt(std::uint8_t* data, std::size_t size, std::shared_ptr<void> owner);
  static Buffer adopt_read_only(const std::uint8_t* data, std::size_t size,
                                std::shared_ptr<void> owner);

  const std::uint8_t* data() const { return data_; }
  std::uint8_t* mutable_data() { return data_; }
  std::size_t size() const { return size_; }
  bool is_unique() const { return !read_only_ && owner_.use_count() <= 1; }
  // `size` bytes from `offset`, sharing this buffer's memory and owner without a copy (a slice
  // keeps the whole block alive), aligned as `offset` allows. Precondition: offset + size <=
  // size(). A slice of a unique
  // buffer is not unique while the buffer lives; writers copy then, as for any shared buffer.
  Buffer slice(std::size_t offset, std::size_t size) const;
  // Returns a buffer with the same bytes that the caller may write: itself when unique, else a
  // copy.
  Buffer writable() const&;
  Buffer writable() &&;

 private:
  std::shared_ptr<void> owner_;
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  bool read_only_ = false;
};

enum class DType {
  kFloat32,
  kFloat64,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kUint8,
  kUint16,
  kUint32,
  kUint64
};

std::size_t dtype_size(DType dtype);
// NumPy's name ("float32", ...). Also what the `__numpy__` wire form carries.
const char* dtype_name(DType dtype);
bool parse_dtype(std::string_view name, DType* out);
bool dtype_is_float(DType dtype);

struct Bytes {
  Buffer data;
};

// Interleaved float32 PCM. sample_count() = frames * channels.
// Time: `start_frame` places the audio on its stream's timeline, as the index of its first frame
// counted at `sample_rate` from the stream's start (0 for audio that is not part of a stream).
// A node that cuts, buffers or resamples audio keeps its output on the same timeline; times in
// outputs are seconds (docs/values.md, "Time").
struct Audio {
  std::int64_t sample_rate = 0;
  std::int64_t channels = 1;
  std::int64_t start_frame = 0;
  Buffer samples;

  std::size_t sample_count() const { return samples.size() / sizeof(float); }
  std::size_t frame_count() const { return sample_count() / static_cast<std::size_t>(channels); }
  const float* data() const { return reinterpret_cast<const float*>(samples.data()); }
  // Seconds on the timeline of the first frame, and just past the last one.
  double start_seconds() const;
  double end_seconds() const;
};

// An n-dimensional array: C-order, little-endian elements of `dtype`. An empty shape is a scalar.
// Contract: shape obeys the array limits below and data holds exactly byte size of shape bytes;
// every path that makes a tensor from outside data (wire forms, Python, nodes) checks this.
struct Tensor {
  DType dtype = DType::kFloat32;
  std::vector<std::int64_t> shape;
  Buffer data;

  // The product of the shape, computed without overflow; 0 for a shape over the limits below
  // (which no tensor that keeps the contract has).
  std::size_t element_count() const;
};

// Limits every tensor and audio value obeys, the same on every target (docs/values.md). They are
// NumPy's size rule with a bound that fits wasm32 (32-bit size_t and Py_ssize_t): at most
// kMaxTensorDims dimensions (the buffer protocol's maximum), and itemsize x the product of the
// non-zero dims at most kMaxArrayBytes. So each dim, the element count, the byte size and every
// stride fit in 31 bits. Violations are `value_too_large`.
constexpr std::size_t kMaxTensorDims = 64;
constexpr std::uint64_t kMaxArrayBytes = 0x7FFFFFFF;

// Checks `shape` for a tensor of `dtype` in 64-bit arithmetic that cannot overflow. Returns an
// empty string and sets *bytes (when not null) to the data size when the shape is within the
// limits; otherwise a message naming the broken rule (the same text on every target). A negative
// dim is reported as such.
std::string tensor_shape_problem(DType dtype, const std::vector<std::int64_t>& shape,
                                 std::uint64_t* bytes = nullptr);

class Value;
using List = std::vector<Value>;
class Map;

// Deep-copying box, so that Value can hold the recursive List and Map kinds. Moving steals the
// pointer (no allocation); a moved-from box reads as an empty T and allocates one only when it is
// written to again.
template <typename T>
class Box {
 public:
  Box() = default;
  explicit Box(T value) : ptr_(std::make_unique<T>(std::move(value))) {}
  Box(const Box& other) : ptr_(other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr) {}
  Box(Box&& other) noexcept = default;
  Box& operator=(const Box& other) {
    if (this != &other) ptr_ = other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr;
    return *this;
  }
  Box& operator=(Box&& other) noexcept {
    std::swap(ptr_, other.ptr_);
    return *this;
  }
  ~Box() = default;
  T& get() {
    if (!ptr_) ptr_ = std::make_unique<T>();
    return *ptr_;
  }
  const T& get() const { return ptr_ ? *ptr_ : empty(); }

 private:
  static const T& empty() {
    static const T instance{};
    return instance;
  }

  std::unique_ptr<T> ptr_;
};

enum class ValueKind { kNull, kBool, kInt, kFloat, kString, kBytes, kList, kMap, kAudio, kTensor };
const char* value_kind_name(ValueKind kind);

// Maps keep insertion order, which is also the order they are written in. Past kIndexFrom
// entries a hash index (entry positions, so copies and moves keep it valid) makes find, insert
// and set O(1) on average, so building a map of n keys is O(n). Keys cannot be changed in place:
// iteration is read-only, values are changed through find() or value_at().
class Map {
 public:
  using Entry = std::pair<std::string, Value>;
  static constexpr std::size_t kIndexFrom = 8;

  Map() = default;
  Map(std::initializer_list<Entry> entries);

  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  // Adds at the end; returns false (and changes nothing) if the key already exists.
  bool insert(std::string key, Value value);
  // Replaces an existing key's value in place, or adds at the end.
  void set(std::string key, Value value);

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  std::vector<Entry>::const_iterator begin() const { return entries_.begin(); }
  std::vector<Entry>::const_iterator end() const { return entries_.end(); }
  // The i-th entry in insertion order; precondition: i < size().
  const Entry& entry_at(std::size_t i) const;
  Value& value_at(std::size_t i);

 private:
  std::size_t position_of(std::string_view key) const;  // size() when absent
  void append(std::string key, Value value);
  void rebuild_index();

  std::vector<Entry> entries_;
  // Open addressing with linear probing: entry position + 1, 0 for a free slot. Empty while the
  // map has at most kIndexFrom entries; otherwise a power of two at least twice size().
  std::vector<std::size_t> slots_;
};

class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}                            // NOLINT: implicit
  Value(bool v) : v_(v) {}                            // NOLINT: implicit
  Value(int v) : v_(static_cast<std::int64_t>(v)) {}  // NOLINT: implicit
  Value(std::int64_t v) : v_(v) {}                    // NOLINT: implicit
  Value(double v) : v_(v) {}                          // NOLINT: implicit
  Value(const char* v) : v_(std::string(v)) {}        // NOLINT: implicit
  // Any other pointer would silently become a bool: refused at compile time.
  template <typename T, typename = std::enable_if_t<!std::is_same_v<std::remove_cv_t<T>, char>>>
  Value(T*) = delete;
  Value(std::string v) : v_(std::move(v)) {}                          // NOLINT: implicit
  Value(Bytes v) : v_(std::move(v)) {}                                // NOLINT: implicit
  Value(List v) : v_(std::in_place_type<Box<List>>, std::move(v)) {}  // NOLINT: implicit
  Value(Map v) : v_(std::in_place_type<Box<Map>>, std::move(v)) {}    // NOLINT: implicit
  Value(Audio v) : v_(std::move(v)) {}                                // NOLINT: implicit
  Value(Tensor v) : v_(std::move(v)) {}                               // NOLINT: implicit

  ValueKind kind() const { return static_cast<ValueKind>(v_.index()); }
  const char* kind_name() const { return value_kind_name(kind()); }
  bool is_null() const { return kind() == ValueKind::kNull; }
  bool is_number() const { return kind() == ValueKind::kInt || kind() == ValueKind::kFloat; }

  // Each accessor returns null when the value is of another kind.
  const bool* as_bool() const { return std::get_if<bool>(&v_); }
  const std::int64_t* as_int() const { return std::get_if<std::int64_t>(&v_); }
  const double* as_float() const { return std::get_if<double>(&v_); }
  const std::string* as_string() const { return std::get_if<std::string>(&v_); }
  const Bytes* as_bytes() const { return std::get_if<Bytes>(&v_); }
  const List* as_list() const;
  List* as_list();
  const Map* as_map() const;
  Map* as_map();
  const Audio* as_audio() const { return std::get_if<Audio>(&v_); }
  Audio* as_audio() { return std::get_if<Audio>(&v_); }
  const Tensor* as_tensor() const { return std::get_if<Tensor>(&v_); }
  Tensor* as_tensor() { return std::get_if<Tensor>(&v_); }
  // An int or a float as double; precondition: is_number().
  double number() const;

  // Deep, structural equality; floats compare by value (so NaN != NaN), buffers by content.
  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, Bytes, Box<List>, Box<Map>,
               Audio, Tensor>
      v_;
};

inline const Map::Entry& Map::entry_at(std::size_t i) const {
  return entries_[i];
}
inline Value& Map::value_at(std::size_t i) {
  return entries_[i].second;
}

inline const List* Value::as_list() const {
  auto* box = std::get_if<Box<List>>(&v_);
  return box ? &box->get() : nullptr;
}
inline List* Value::as_list() {
  auto* box = std::get_if<Box<List>>(&v_);
  return box ? &box->get() : nullptr;
}
inline const Map* Value::as_map() const {
  auto* box = std::get_if<Box<Map>>(&v_);
  return box ? &box->get() : nullptr;
}
inline Map* Value::as_map() {
  auto* box = std::get_if<Box<Map>>(&v_);
  return box ? &box->get() : nullptr;
}

}  // namespace remotemedia
