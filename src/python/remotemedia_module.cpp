#include "python/python_api.h"

#include "python/remotemedia_module.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "python/progress_scope.h"
#include "python/resource_scope.h"
#include "python/sub_interpreter.h"

namespace remotemedia::python {
namespace {

// What a Tensor or Audio object holds. Immutable after construction, so the shape and strides
// handed out by getbuffer stay valid for every export.
struct ArrayPayload {
  bool is_audio = false;
  Tensor tensor;  // when !is_audio
  Audio audio;    // when is_audio
  std::vector<Py_ssize_t> shape;
  std::vector<Py_ssize_t> strides;

  DType dtype() const { return is_audio ? DType::kFloat32 : tensor.dtype; }
  const Buffer& buffer() const { return is_audio ? audio.samples : tensor.data; }
};

struct ArrayObject {
  PyObject_HEAD ArrayPayload* payload;
};

// Set by init_remotemedia_module; strong references kept for the life of the process.
PyTypeObject* g_tensor_type = nullptr;
PyTypeObject* g_audio_type = nullptr;

// Points empty exports at real memory: some consumers reject a null buf.
unsigned char g_empty_byte = 0;

ArrayPayload* payload_of(PyObject* self) {
  return reinterpret_cast<ArrayObject*>(self)->payload;
}

// Empty when `bytes` of audio samples are within the array limit, else the problem.
std::string audio_size_problem(std::size_t bytes) {
  if (bytes <= kMaxArrayBytes) return {};
  return "audio data holds more than " + std::to_string(kMaxArrayBytes) +
         " bytes (the limit on every target)";
}

// Precondition: the payload keeps the array limits, so no product below overflows Py_ssize_t.
void fill_layout(ArrayPayload& payload) {
  std::vector<std::int64_t> dims;
  if (payload.is_audio) {
    dims.push_back(static_cast<std::int64_t>(payload.audio.sample_count()));
  } else {
    dims = payload.tensor.shape;
  }
  payload.shape.assign(dims.begin(), dims.end());
  payload.strides.assign(dims.size(), 0);
  Py_ssize_t stride = static_cast<Py_ssize_t>(dtype_size(payload.dtype()));
  for (std::size_t i = dims.size(); i-- > 0;) {
    payload.strides[i] = stride;
    stride *= static_cast<Py_ssize_t>(dims[i]);
  }
}

PyRef new_array_object(PyTypeObject* type, std::unique_ptr<ArrayPayload> payload) {
  if (type == nullptr) {
    PyErr_SetString(PyExc_SystemError, "the _remotemedia module is not initialised");
    return PyRef();
  }
  // Every tensor and audio keeps the array limits (value.h), so the shape and strides below fit
  // Py_ssize_t on every target; check again here, where overflow would expose foreign memory.
  std::uint64_t need = payload->audio.samples.size();
  std::string problem =
      payload->is_audio ? audio_size_problem(payload->audio.samples.size())
                        : tensor_shape_problem(payload->tensor.dtype, payload->tensor.shape, &need);
  if (!problem.empty()) {
    PyErr_SetString(PyExc_ValueError, problem.c_str());
    return PyRef();
  }
  if (!payload->is_audio && need != payload->tensor.data.size()) {
    PyErr_SetString(PyExc_SystemError, "tensor data does not match its shape");
    return PyRef();
  }
  PyRef object = PyRef::steal(type->tp_alloc(type, 0));
  if (!object) return PyRef();
  fill_layout(*payload);
  reinterpret_cast<ArrayObject*>(object.get())->payload = payload.release();
  return object;
}

// --- dtype and format ---------------------------------------------------------------------------

// The dtype of a buffer exporter's elements, from its struct-module format and item size. Native
// or little-endian standard sizes only ("<f", "=i", ...); false for anything else.
bool dtype_from_format(const char* format, Py_ssize_t itemsize, DType* out) {
  if (format == nullptr) format = "B";
  if (*format == '@' || *format == '=' || *format == '<') ++format;
  if (format[0] == '\0' || format[1] != '\0') return false;
  const std::string_view signed_codes = "bhilqn";
  const std::string_view unsigned_codes = "BHILQNc";
  char code = format[0];
  DType dtype;
  if (code == 'f' && itemsize == 4) {
    dtype = DType::kFloat32;
  } else if (code == 'd' && itemsize == 8) {
    dtype = DType::kFloat64;
  } else if (signed_codes.find(code) != std::string_view::npos ||
             unsigned_codes.find(code) != std::string_view::npos) {
    bool is_signed = signed_codes.find(code) != std::string_view::npos;
    switch (itemsize) {
      case 1:
        dtype = is_signed ? DType::kInt8 : DType::kUint8;
        break;
      case 2:
        dtype = is_signed ? DType::kInt16 : DType::kUint16;
        break;
      case 4:
        dtype = is_signed ? DType::kInt32 : DType::kUint32;
        break;
      case 8:
        dtype = is_signed ? DType::kInt64 : DType::kUint64;
        break;
      default:
        return false;
    }
  } else {
    return false;
  }
  *out = dtype;
  return true;
}

// True for the struct codes whose width is the platform's (C long and ssize_t): 8 bytes natively
// on every 64-bit host, 4 in wasm32.
bool is_platform_width_code(const char* format) {
  if (format == nullptr) return false;
  if (*format == '@') ++format;
  return (format[0] == 'l' || format[0] == 'L' || format[0] == 'n' || format[0] == 'N') &&
         format[1] == '\0';
}

// A copy of 4-byte C long / ssize_t elements widened to int64 (or uint64), so that the same
// array.array('l') is the same tensor natively and in wasm32. Null (and a MemoryError) when the
// copy cannot be allocated.
bool widen_platform_ints(const Py_buffer& view, Buffer* out, DType* dtype) {
  const char* format = view.format[0] == '@' ? view.format + 1 : view.format;
  bool is_signed = format[0] == 'l' || format[0] == 'n';
  std::size_t count = static_cast<std::size_t>(view.len) / 4;
  Buffer wide = Buffer::allocate(count * 8);
  if (count != 0 && wide.data() == nullptr) {
    PyErr_NoMemory();
    return false;
  }
  const auto* from = static_cast<const std::uint8_t*>(view.buf);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, from + i * 4, 4);
    std::uint64_t value =
        is_signed
            ? static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int32_t>(bits)))
            : bits;
    std::memcpy(wide.mutable_data() + i * 8, &value, 8);
  }
  *out = std::move(wide);
  *dtype = is_signed ? DType::kInt64 : DType::kUint64;
  return true;
}

// --- adopting foreign buffers -------------------------------------------------------------------

// Owns one Py_buffer export for as long as a runtime Buffer uses its memory, and the interpreter
// the exporting object lives in (a Buffer may outlive its pipeline: that interpreter then ends
// with the last such Buffer).
struct HeldView {
  Py_buffer view;
  std::shared_ptr<SubInterpreter> interpreter = current_interpreter();
};

void release_held_view(HeldView* held) {
  // The interpreter is never finalised, but stay safe if it is.
  if (Py_IsInitialized()) {
    InterpreterGuard in_interpreter(held->interpreter.get());
    PyBuffer_Release(&held->view);
  }
  delete held;
}

// A read-only runtime Buffer over `held`'s memory, taking ownership of the export. Memory that is
// not aligned for `alignment`-byte elements is copied instead (C++ nodes read elements in place).
Buffer adopt_view(std::unique_ptr<HeldView> held, std::size_t alignment) {
  const auto* data = static_cast<const std::uint8_t*>(held->view.buf);
  std::size_t size = static_cast<std::size_t>(held->view.len);
  if (alignment > 1 && reinterpret_cast<std::uintptr_t>(data) % alignment != 0) {
    Buffer copy = Buffer::copy_of(data, size);
    release_held_view(held.release());
    return copy;
  }
  std::shared_ptr<void> owner(held.release(),
                              [](void* p) { release_held_view(static_cast<HeldView*>(p)); });
  return Buffer::adopt_read_only(data, size, std::move(owner));
}

// Takes a C-contiguous export of `source` (with format and shape). Null with a Python exception
// set when `source` is no buffer exporter or its memory is not C-contiguous.
std::unique_ptr<HeldView> get_contiguous_view(PyObject* source, const char* type_name) {
  auto held = std::make_unique<HeldView>();
  if (PyObject_GetBuffer(source, &held->view, PyBUF_RECORDS_RO) != 0) {
    if (PyErr_ExceptionMatches(PyExc_TypeError)) {
      PyErr_Format(PyExc_TypeError,
                   "%s() needs a bytes-like object (bytes, bytearray, array.array, memoryview, "
                   "numpy array, ...), not '%.100s'",
                   type_name, Py_TYPE(source)->tp_name);
    }
    return nullptr;
  }
  if (held->view.suboffsets != nullptr || !PyBuffer_IsContiguous(&held->view, 'C')) {
    PyBuffer_Release(&held->view);
    PyErr_Format(PyExc_ValueError,
                 "%s() needs a C-contiguous buffer; copy strided data first (e.g. bytes(view) "
                 "or numpy.ascontiguousarray)",
                 type_name);
    return nullptr;
  }
  return held;
}

// Parses an optional shape argument (a sequence of non-negative ints). Returns false with a
// Python exception set on bad input; leaves `out` untouched when `shape` is None.
bool parse_shape(PyObject* shape, std::vector<std::int64_t>* out, bool* given) {
  *given = false;
  if (shape == nullptr || shape == Py_None) return true;
  PyRef sequence = PyRef::steal(PySequence_Fast(shape, "shape must be a sequence of ints"));
  if (!sequence) return false;
  Py_ssize_t n = PySequence_Fast_GET_SIZE(sequence.get());
  std::vector<std::int64_t> dims;
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = PySequence_Fast_GET_ITEM(sequence.get(), i);  // borrowed
    if (!PyLong_Check(item) || PyBool_Check(item)) {
      PyErr_SetString(PyExc_TypeError, "shape must be a sequence of ints");
      return false;
    }
    long long dim = PyLong_AsLongLong(item);
    if (dim == -1 && PyErr_Occurred()) return false;
    if (dim < 0) {
      PyErr_SetString(PyExc_ValueError, "shape dimensions must not be negative");
      return false;
    }
    dims.push_back(dim);
  }
  *out = std::move(dims);
  *given = true;
  return true;
}

// --- Tensor -------------------------------------------------------------------------------------

PyObject* tensor_new(PyTypeObject* /*type*/, PyObject* args, PyObject* kwargs) {
  static const char* keywords[] = {"buffer", "dtype", "shape", nullptr};
  PyObject* source = nullptr;
  PyObject* dtype_arg = Py_None;
  PyObject* shape_arg = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|OO:Tensor", const_cast<char**>(keywords),
                                   &source, &dtype_arg, &shape_arg)) {
    return nullptr;
  }
  bool dtype_given = dtype_arg != Py_None;
  DType dtype = DType::kUint8;
  if (dtype_given) {
    Py_ssize_t size = 0;
    const char* name =
        PyUnicode_Check(dtype_arg) ? PyUnicode_AsUTF8AndSize(dtype_arg, &size) : nullptr;
    if (name == nullptr) {
      if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "dtype must be a str or None");
      return nullptr;
    }
    if (!parse_dtype(std::string_view(name, static_cast<std::size_t>(size)), &dtype)) {
      PyErr_Format(PyExc_ValueError,
                   "unknown dtype '%s'; use float32, float64, int8, int16, int32, int64, uint8, "
                   "uint16, uint32 or uint64",
                   name);
      return nullptr;
    }
  }
  std::vector<std::int64_t> shape;
  bool shape_given = false;
  if (!parse_shape(shape_arg, &shape, &shape_given)) return nullptr;

  auto payload = std::make_unique<ArrayPayload>();
  Buffer data;
  // The source's own element type and shape, kept when dtype is not reinterpreted.
  DType source_dtype = DType::kUint8;
  std::vector<std::int64_t> source_shape;
  bool source_typed = true;
  if (const Tensor* tensor = tensor_of(source)) {
    data = tensor->data;
    source_dtype = tensor->dtype;
    source_shape = tensor->shape;
  } else if (const Audio* audio = audio_of(source)) {
    data = audio->samples;
    source_dtype = DType::kFloat32;
    source_shape = {static_cast<std::int64_t>(audio->sample_count())};
  } else {
    std::unique_ptr<HeldView> held = get_contiguous_view(source, "Tensor");
    if (!held) return nullptr;
    source_typed = dtype_from_format(held->view.format, held->view.itemsize, &source_dtype);
    // C long / ssize_t elements are int64 on every target (docs/python-nodes.md): 4-byte ones
    // (wasm32) are widened into a copy, unless dtype= asks for the raw bytes.
    bool widen = source_typed && !dtype_given && held->view.itemsize == 4 &&
                 is_platform_width_code(held->view.format);
    if (!source_typed && !dtype_given) {
      PyErr_Format(PyExc_TypeError,
                   "Tensor() cannot use buffer format '%s' (item size %zd); pass dtype= to "
                   "reinterpret the bytes",
                   held->view.format != nullptr ? held->view.format : "B", held->view.itemsize);
      PyBuffer_Release(&held->view);
      return nullptr;
    }
    if (source_typed) {
      if (held->view.ndim == 0) {
        source_shape = {};  // a scalar
      } else if (held->view.shape != nullptr) {
        source_shape.assign(held->view.shape, held->view.shape + held->view.ndim);
      } else {
        source_shape = {static_cast<std::int64_t>(held->view.len / held->view.itemsize)};
      }
    }
    if (widen) {
      bool widened = widen_platform_ints(held->view, &data, &source_dtype);
      PyBuffer_Release(&held->view);
      if (!widened) return nullptr;
    } else {
      data = adopt_view(std::move(held), dtype_size(dtype_given ? dtype : source_dtype));
    }
  }

  if (!dtype_given) dtype = source_dtype;
  std::size_t itemsize = dtype_size(dtype);
  if (data.size() % itemsize != 0) {
    PyErr_Format(PyExc_ValueError, "a buffer of %zu bytes does not hold whole %s elements",
                 data.size(), dtype_name(dtype));
    return nullptr;
  }
  std::int64_t count = static_cast<std::int64_t>(data.size() / itemsize);
  std::uint64_t need = 0;
  if (shape_given) {
    std::string problem = tensor_shape_problem(dtype, shape, &need);
    if (!problem.empty()) {
      PyErr_SetString(PyExc_ValueError, problem.c_str());
      return nullptr;
    }
    if (need != data.size()) {
      PyErr_Format(PyExc_ValueError, "shape holds %lld elements but the buffer holds %lld",
                   static_cast<long long>(need / itemsize), static_cast<long long>(count));
      return nullptr;
    }
  } else if (source_typed && dtype == source_dtype &&
             tensor_shape_problem(dtype, source_shape, &need).empty() && need == data.size()) {
    shape = source_shape;  // may be 0-d
  } else {
    shape = {count};
  }
  payload->tensor.dtype = dtype;
  payload->tensor.shape = std::move(shape);
  payload->tensor.data = std::move(data);
  return new_array_object(g_tensor_type, std::move(payload)).release();
}

PyObject* tensor_get_dtype(PyObject* self, void* /*closure*/) {
  return PyUnicode_FromString(dtype_name(payload_of(self)->dtype()));
}

PyObject* array_get_shape(PyObject* self, void* /*closure*/) {
  const std::vector<Py_ssize_t>& shape = payload_of(self)->shape;
  PyRef tuple = PyRef::steal(PyTuple_New(static_cast<Py_ssize_t>(shape.size())));
  if (!tuple) return nullptr;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    PyObject* dim = PyLong_FromSsize_t(shape[i]);
    if (dim == nullptr) return nullptr;
    PyTuple_SET_ITEM(tuple.get(), static_cast<Py_ssize_t>(i), dim);
  }
  return tuple.release();
}

PyObject* array_get_ndim(PyObject* self, void* /*closure*/) {
  return PyLong_FromSize_t(payload_of(self)->shape.size());
}

PyObject* array_get_nbytes(PyObject* self, void* /*closure*/) {
  return PyLong_FromSize_t(payload_of(self)->buffer().size());
}

PyObject* array_tolist(PyObject* self, PyObject* /*unused*/) {
  PyRef view = PyRef::steal(PyMemoryView_FromObject(self));
  if (!view) return nullptr;
  // Dropping the view (the only reference) ends the export.
  return PyObject_CallMethod(view.get(), "tolist", nullptr);
}

PyObject* array_tobytes(PyObject* self, PyObject* /*unused*/) {
  const Buffer& buffer = payload_of(self)->buffer();
  return PyBytes_FromStringAndSize(reinterpret_cast<const char*>(buffer.data()),
                                   static_cast<Py_ssize_t>(buffer.size()));
}

Py_ssize_t array_length(PyObject* self) {
  const std::vector<Py_ssize_t>& shape = payload_of(self)->shape;
  if (shape.empty()) {
    PyErr_SetString(PyExc_TypeError, "len() of a 0-d Tensor");
    return -1;
  }
  return shape[0];
}

PyObject* tensor_repr(PyObject* self) {
  const ArrayPayload& payload = *payload_of(self);
  std::string text = "Tensor(dtype=";
  text += dtype_name(payload.dtype());
  text += ", shape=(";
  for (std::size_t i = 0; i < payload.shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(payload.shape[i]);
  }
  if (payload.shape.size() == 1) text += ",";
  text += "))";
  return PyUnicode_FromStringAndSize(text.data(), static_cast<Py_ssize_t>(text.size()));
}

int array_getbuffer(PyObject* self, Py_buffer* view, int flags) {
  const ArrayPayload& payload = *payload_of(self);
  if ((flags & PyBUF_WRITABLE) == PyBUF_WRITABLE) {
    view->obj = nullptr;
    PyErr_Format(PyExc_BufferError,
                 "remotemedia.%s memory is read-only (it is shared with the runtime); copy it "
                 "to modify, e.g. bytearray(x) or numpy.array(x)",
                 payload.is_audio ? "Audio" : "Tensor");
    return -1;
  }
  const Buffer& buffer = payload.buffer();
  std::size_t itemsize = dtype_size(payload.dtype());
  view->buf = buffer.data() != nullptr ? const_cast<std::uint8_t*>(buffer.data()) : &g_empty_byte;
  view->obj = Py_NewRef(self);
  view->len = static_cast<Py_ssize_t>(buffer.size());
  view->readonly = 1;
  view->internal = nullptr;
  view->suboffsets = nullptr;
  if ((flags & PyBUF_ND) == PyBUF_ND) {
    view->itemsize = static_cast<Py_ssize_t>(itemsize);
    view->ndim = static_cast<int>(payload.shape.size());
    view->shape = const_cast<Py_ssize_t*>(payload.shape.data());
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES
                        ? const_cast<Py_ssize_t*>(payload.strides.data())
                        : nullptr;
  } else {
    // A plain byte view, as PyBuffer_FillInfo would give.
    view->itemsize = 1;
    view->ndim = 1;
    view->shape = nullptr;
    view->strides = nullptr;
  }
  view->format = (flags & PyBUF_FORMAT) == PyBUF_FORMAT
                     ? const_cast<char*>(view->itemsize == 1 && view->shape == nullptr
                                             ? "B"
                                             : buffer_format(payload.dtype()))
                     : nullptr;
  return 0;
}

void array_dealloc(PyObject* self) {
  PyTypeObject* type = Py_TYPE(self);
  delete payload_of(self);
  type->tp_free(self);
  Py_DECREF(type);
}

// --- Audio --------------------------------------------------------------------------------------

PyObject* audio_new(PyTypeObject* /*type*/, PyObject* args, PyObject* kwargs) {
  static const char* keywords[] = {"buffer", "sample_rate", "channels", "start_frame", nullptr};
  PyObject* source = nullptr;
  long long sample_rate = 0;
  long long channels = 1;
  long long start_frame = 0;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OL|LL:Audio", const_cast<char**>(keywords),
                                   &source, &sample_rate, &channels, &start_frame)) {
    return nullptr;
  }
  if (start_frame < 0) {
    PyErr_SetString(PyExc_ValueError, "start_frame must be at least 0");
    return nullptr;
  }
  if (sample_rate <= 0) {
    PyErr_SetString(PyExc_ValueError, "sample_rate must be positive");
    return nullptr;
  }
  if (channels <= 0 || channels > 256) {
    PyErr_SetString(PyExc_ValueError, "channels must be in 1..256");
    return nullptr;
  }
  Buffer samples;
  if (const Audio* audio = audio_of(source)) {
    samples = audio->samples;
  } else if (const Tensor* tensor = tensor_of(source); tensor && tensor->dtype == DType::kFloat32) {
    samples = tensor->data;
  } else {
    std::unique_ptr<HeldView> held = get_contiguous_view(source, "Audio");
    if (!held) return nullptr;
    DType dtype = DType::kUint8;
    bool known = dtype_from_format(held->view.format, held->view.itemsize, &dtype);
    bool raw_bytes = known && (dtype == DType::kUint8 || dtype == DType::kInt8);
    if (!raw_bytes && !(known && dtype == DType::kFloat32)) {
      PyErr_Format(PyExc_TypeError,
                   "Audio() needs float32 samples (buffer format 'f') or raw bytes, got format "
                   "'%s'",
                   held->view.format != nullptr ? held->view.format : "B");
      PyBuffer_Release(&held->view);
      return nullptr;
    }
    samples = adopt_view(std::move(held), sizeof(float));
  }
  if (samples.size() % sizeof(float) != 0) {
    PyErr_Format(PyExc_ValueError, "a buffer of %zu bytes does not hold whole float32 samples",
                 samples.size());
    return nullptr;
  }
  if (std::string problem = audio_size_problem(samples.size()); !problem.empty()) {
    PyErr_SetString(PyExc_ValueError, problem.c_str());
    return nullptr;
  }
  std::size_t count = samples.size() / sizeof(float);
  if (count % static_cast<std::size_t>(channels) != 0) {
    PyErr_Format(PyExc_ValueError, "%zu samples do not split into %lld channels", count, channels);
    return nullptr;
  }
  auto payload = std::make_unique<ArrayPayload>();
  payload->is_audio = true;
  payload->audio.sample_rate = sample_rate;
  payload->audio.channels = channels;
  payload->audio.start_frame = start_frame;
  payload->audio.samples = std::move(samples);
  return new_array_object(g_audio_type, std::move(payload)).release();
}

PyObject* audio_get_sample_rate(PyObject* self, void* /*closure*/) {
  return PyLong_FromLongLong(payload_of(self)->audio.sample_rate);
}

PyObject* audio_get_channels(PyObject* self, void* /*closure*/) {
  return PyLong_FromLongLong(payload_of(self)->audio.channels);
}

PyObject* audio_get_start_frame(PyObject* self, void* /*closure*/) {
  return PyLong_FromLongLong(payload_of(self)->audio.start_frame);
}

PyObject* audio_get_start(PyObject* self, void* /*closure*/) {
  return PyFloat_FromDouble(payload_of(self)->audio.start_seconds());
}

PyObject* audio_get_end(PyObject* self, void* /*closure*/) {
  return PyFloat_FromDouble(payload_of(self)->audio.end_seconds());
}

PyObject* audio_get_frames(PyObject* self, void* /*closure*/) {
  const Audio& audio = payload_of(self)->audio;
  return PyLong_FromSize_t(audio.sample_count() / static_cast<std::size_t>(audio.channels));
}

PyObject* audio_repr(PyObject* self) {
  const Audio& audio = payload_of(self)->audio;
  std::string text =
      "Audio(sample_rate=" + std::to_string(audio.sample_rate) +
      ", channels=" + std::to_string(audio.channels) + ", frames=" +
      std::to_string(audio.sample_count() / static_cast<std::size_t>(audio.channels)) +
      (audio.start_frame != 0 ? ", start_frame=" + std::to_string(audio.start_frame) : "") + ")";
  return PyUnicode_FromStringAndSize(text.data(), static_cast<Py_ssize_t>(text.size()));
}

// --- type and module definitions ----------------------------------------------------------------

PyMethodDef g_array_methods[] = {
    {"tolist", array_tolist, METH_NOARGS, "The elements as (nested) Python lists."},
    {"tobytes", array_tobytes, METH_NOARGS, "A copy of the raw little-endian bytes."},
    {nullptr, nullptr, 0, nullptr},
};

PyGetSetDef g_tensor_getset[] = {
    {"dtype", tensor_get_dtype, nullptr, "element type name, e.g. 'float32'", nullptr},
    {"shape", array_get_shape, nullptr, "dimensions, a tuple of ints", nullptr},
    {"ndim", array_get_ndim, nullptr, "number of dimensions", nullptr},
    {"nbytes", array_get_nbytes, nullptr, "size of the data in bytes", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyGetSetDef g_audio_getset[] = {
    {"sample_rate", audio_get_sample_rate, nullptr, "samples per second per channel", nullptr},
    {"channels", audio_get_channels, nullptr, "number of interleaved channels", nullptr},
    {"frames", audio_get_frames, nullptr, "samples per channel", nullptr},
    {"start_frame", audio_get_start_frame, nullptr,
     "index of the first frame on the stream's timeline, at sample_rate", nullptr},
    {"start", audio_get_start, nullptr, "seconds on the timeline of the first frame", nullptr},
    {"end", audio_get_end, nullptr, "seconds on the timeline just past the last frame", nullptr},
    {"dtype", tensor_get_dtype, nullptr, "always 'float32'", nullptr},
    {"shape", array_get_shape, nullptr, "(sample count,): all channels, interleaved", nullptr},
    {"nbytes", array_get_nbytes, nullptr, "size of the samples in bytes", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

template <typename F>
void* slot(F function) {
  return reinterpret_cast<void*>(function);
}

PyTypeObject* make_type(const char* name, const char* doc, newfunc constructor, reprfunc repr,
                        PyGetSetDef* getset) {
  PyType_Slot slots[] = {
      {Py_tp_doc, const_cast<char*>(doc)},
      {Py_tp_new, slot(constructor)},
      {Py_tp_dealloc, slot(&array_dealloc)},
      {Py_tp_repr, slot(repr)},
      {Py_tp_methods, g_array_methods},
      {Py_tp_getset, getset},
      {Py_sq_length, slot(&array_length)},
      {Py_bf_getbuffer, slot(&array_getbuffer)},
      {0, nullptr},
  };
  PyType_Spec spec;
  spec.name = name;
  spec.basicsize = static_cast<int>(sizeof(ArrayObject));
  spec.itemsize = 0;
  spec.flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE;
  spec.slots = slots;
  return reinterpret_cast<PyTypeObject*>(PyType_FromSpec(&spec));
}

PyMethodDef g_module_methods[] = {
    {"resource", resource_function, METH_O,
     "resource(ref) -> bytes\n--\n\nThe bytes of a resource of the node's pipeline: a file under "
     "its directory, under a mount (/models/...), or 'resource:NAME' registered by the host."},
    {"report_progress",
     reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(report_progress_function)),
     METH_FASTCALL,
     "report_progress(done, total) -> None\n--\n\nThe node has done `done` of `total` units of "
     "its current work; hosts that listen show it (run --progress, nodeprogress events)."},
    {nullptr, nullptr, 0, nullptr},
};

PyModuleDef g_module_def = {
    PyModuleDef_HEAD_INIT,
    "_remotemedia",
    "Runtime types shared with the C++ runtime (re-exported by the remotemedia package).",
    -1,
    g_module_methods,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

constexpr const char* kTensorDoc =
    "Tensor(buffer, dtype=None, shape=None)\n--\n\n"
    "An immutable n-dimensional array shared with the runtime without copying. `buffer` is any\n"
    "C-contiguous buffer exporter (bytes, bytearray, array.array, memoryview, numpy array,\n"
    "Tensor, Audio); its memory is adopted, not copied, and must not be modified afterwards.\n"
    "dtype defaults to the buffer's element type; shape defaults to the buffer's shape, or to\n"
    "1-d when dtype reinterprets the bytes. memoryview(t) and numpy.asarray(t) read it in place.";

constexpr const char* kAudioDoc =
    "Audio(buffer, sample_rate, channels=1, start_frame=0)\n--\n\n"
    "Immutable interleaved float32 PCM shared with the runtime without copying. `buffer` holds\n"
    "float32 samples (format 'f', e.g. array.array('f')) or their raw bytes; it is adopted, not\n"
    "copied, and must not be modified afterwards. memoryview(a) is 1-d over all samples.\n"
    "start_frame places it on its stream's timeline (frames at sample_rate); start and end are\n"
    "that position in seconds.";

}  // namespace

const char* buffer_format(DType dtype) {
  switch (dtype) {
    case DType::kFloat32:
      return "f";
    case DType::kFloat64:
      return "d";
    case DType::kInt8:
      return "b";
    case DType::kInt16:
      return "h";
    case DType::kInt32:
      return "i";
    case DType::kInt64:
      return "q";
    case DType::kUint8:
      return "B";
    case DType::kUint16:
      return "H";
    case DType::kUint32:
      return "I";
    case DType::kUint64:
      return "Q";
  }
  return "B";
}

PyObject* init_remotemedia_module() {
  PyRef module = PyRef::steal(PyModule_Create(&g_module_def));
  if (!module) return nullptr;
  if (g_tensor_type == nullptr) {
    g_tensor_type =
        make_type("remotemedia.Tensor", kTensorDoc, &tensor_new, &tensor_repr, g_tensor_getset);
    if (g_tensor_type == nullptr) return nullptr;
  }
  if (g_audio_type == nullptr) {
    g_audio_type =
        make_type("remotemedia.Audio", kAudioDoc, &audio_new, &audio_repr, g_audio_getset);
    if (g_audio_type == nullptr) return nullptr;
  }
  if (PyModule_AddObjectRef(module.get(), "Tensor", reinterpret_cast<PyObject*>(g_tensor_type)) !=
          0 ||
      PyModule_AddObjectRef(module.get(), "Audio", reinterpret_cast<PyObject*>(g_audio_type)) !=
          0) {
    return nullptr;
  }
  return module.release();
}

PyRef new_tensor_object(const Tensor& tensor) {
  auto payload = std::make_unique<ArrayPayload>();
  payload->tensor = tensor;
  return new_array_object(g_tensor_type, std::move(payload));
}

PyRef new_audio_object(const Audio& audio) {
  auto payload = std::make_unique<ArrayPayload>();
  payload->is_audio = true;
  payload->audio = audio;
  return new_array_object(g_audio_type, std::move(payload));
}

const Tensor* tensor_of(PyObject* object) {
  if (g_tensor_type == nullptr || !Py_IS_TYPE(object, g_tensor_type)) return nullptr;
  return &payload_of(object)->tensor;
}

const Audio* audio_of(PyObject* object) {
  if (g_audio_type == nullptr || !Py_IS_TYPE(object, g_audio_type)) return nullptr;
  return &payload_of(object)->audio;
}

}  // namespace remotemedia::python
