#include "python/python_api.h"

#include "python/errors.h"

#include <cstdlib>
#include <utility>

#include "python/bridge.h"
#include "python/interpreter.h"
#include "python/py_ref.h"

namespace remotemedia::python {
namespace {

// UTF-8 of a str, or `fallback` (clearing any error) when it is not one or cannot be encoded.
std::string utf8_or(PyObject* object, const char* fallback) {
  if (object != nullptr && PyUnicode_Check(object)) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(object, &size);
    if (data != nullptr) return std::string(data, static_cast<std::size_t>(size));
  }
  PyErr_Clear();
  return fallback;
}

// Minimal formatting for when the bridge's formatter is unavailable or itself fails (e.g. out of
// memory): the type's name and str(), no traceback.
PythonException fallback_format(PyObject* exception) {
  PythonException out;
  out.type = _PyType_Name(Py_TYPE(exception));
  PyRef text = PyRef::steal(PyObject_Str(exception));
  std::string value = utf8_or(text.get(), "<exception str() failed>");
  out.message = value.empty() ? out.type : out.type + ": " + value;
  return out;
}

// Memory held back for formatting a MemoryError: when one is raised the heap is exhausted, and
// without a reserve the traceback formatter fails too (the error then had "traceback": "").
// Released before formatting a MemoryError, taken again afterwards when possible.
constexpr std::size_t kFormattingReserveBytes = std::size_t{8} << 20;
void* g_formatting_reserve = nullptr;

void take_reserve() {
  if (g_formatting_reserve == nullptr) g_formatting_reserve = std::malloc(kFormattingReserveBytes);
}

void release_reserve() {
  std::free(g_formatting_reserve);
  g_formatting_reserve = nullptr;
}

}  // namespace

void reserve_formatting_memory() {
  take_reserve();
}

PythonException fetch_python_exception() {
  PyObject* raw_type = nullptr;
  PyObject* raw_value = nullptr;
  PyObject* raw_traceback = nullptr;
  PyErr_Fetch(&raw_type, &raw_value, &raw_traceback);
  if (raw_type == nullptr) {
    return PythonException{"SystemError", "SystemError: error return without exception set", ""};
  }
  PyErr_NormalizeException(&raw_type, &raw_value, &raw_traceback);
  PyRef type = PyRef::steal(raw_type);
  PyRef value = PyRef::steal(raw_value);
  PyRef traceback = PyRef::steal(raw_traceback);
  if (!value) value = PyRef::borrow(Py_None);
  if (traceback && PyExceptionInstance_Check(value.get())) {
    if (PyException_SetTraceback(value.get(), traceback.get()) != 0) PyErr_Clear();
  }
  if (!PyExceptionInstance_Check(value.get())) {
    PythonException out;
    out.type = PyType_Check(type.get()) ? _PyType_Name(reinterpret_cast<PyTypeObject*>(type.get()))
                                        : "SystemError";
    out.message = out.type;
    return out;
  }
  if (!interpreter_started()) return fallback_format(value.get());

  bool memory_error = PyErr_GivenExceptionMatches(value.get(), PyExc_MemoryError) != 0;
  if (memory_error) release_reserve();
  PyRef formatted = call_bridge("format_exception", {value.get()});
  if (memory_error) take_reserve();
  if (!formatted || !PyTuple_Check(formatted.get()) || PyTuple_GET_SIZE(formatted.get()) != 3) {
    PyErr_Clear();
    return fallback_format(value.get());
  }
  PythonException out;
  out.type = utf8_or(PyTuple_GET_ITEM(formatted.get(), 0), "Exception");
  out.message = utf8_or(PyTuple_GET_ITEM(formatted.get(), 1), "Exception");
  out.traceback = utf8_or(PyTuple_GET_ITEM(formatted.get(), 2), "");
  return out;
}

Error python_exception_error(ErrorCategory category, std::string code, const std::string& node_id,
                             const std::string& prefix) {
  PythonException exception = fetch_python_exception();
  Error error;
  error.category = category;
  error.code = std::move(code);
  if (exception.type == "MemoryError") {
    // Out of memory is out of memory wherever it happens (docs/errors.md).
    error.category = ErrorCategory::kRunFailure;
    error.code = errc::out_of_memory;
  }
  error.message = prefix + exception.message;
  error.node_id = node_id;
  error.details.set("exception_type", Value(std::move(exception.type)));
  error.details.set("traceback", Value(std::move(exception.traceback)));
  return error;
}

Error python_error(const std::string& node_id) {
  return python_exception_error(ErrorCategory::kRunFailure, errc::python_error, node_id);
}

}  // namespace remotemedia::python
