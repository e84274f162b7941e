#include "python/python_api.h"

#include "python/convert.h"

#include <utility>

#include "core/json_reader.h"
#include "core/wire_forms.h"
#include "python/errors.h"
#include "python/remotemedia_module.h"

namespace remotemedia::python {
namespace {

// --- Value -> Python ----------------------------------------------------------------------------

PyRef to_python_object(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kNull:
      return PyRef::borrow(Py_None);
    case ValueKind::kBool:
      return PyRef::borrow(*value.as_bool() ? Py_True : Py_False);
    case ValueKind::kInt:
      return PyRef::steal(PyLong_FromLongLong(*value.as_int()));
    case ValueKind::kFloat:
      return PyRef::steal(PyFloat_FromDouble(*value.as_float()));
    case ValueKind::kString: {
      const std::string& text = *value.as_string();
      return PyRef::steal(
          PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "strict"));
    }
    case ValueKind::kBytes: {
      const Buffer& data = value.as_bytes()->data;
      return PyRef::steal(PyBytes_FromStringAndSize(reinterpret_cast<const char*>(data.data()),
                                                    static_cast<Py_ssize_t>(data.size())));
    }
    case ValueKind::kList: {
      const List& list = *value.as_list();
      PyRef out = PyRef::steal(PyList_New(static_cast<Py_ssize_t>(list.size())));
      if (!out) return out;
      for (std::size_t i = 0; i < list.size(); ++i) {
        PyRef item = to_python_object(list[i]);
        if (!item) return item;
        PyList_SET_ITEM(out.get(), static_cast<Py_ssize_t>(i), item.release());
      }
      return out;
    }
    case ValueKind::kMap: {
      PyRef out = PyRef::steal(PyDict_New());
      if (!out) return out;
      for (const Map::Entry& entry : *value.as_map()) {
        PyRef key = PyRef::steal(PyUnicode_DecodeUTF8(
            entry.first.data(), static_cast<Py_ssize_t>(entry.first.size()), "strict"));
        if (!key) return key;
        PyRef item = to_python_object(entry.second);
        if (!item) return item;
        if (PyDict_SetItem(out.get(), key.get(), item.get()) != 0) return PyRef();
      }
      return out;
    }
    case ValueKind::kAudio:
      return new_audio_object(*value.as_audio());
    case ValueKind::kTensor:
      return new_tensor_object(*value.as_tensor());
  }
  PyErr_SetString(PyExc_SystemError, "unknown value kind");
  return PyRef();
}

// --- Python -> Value ----------------------------------------------------------------------------

class FromPython {
 public:
  FromPython(const std::string& node_id, const std::string& what)
      : node_id_(node_id), what_(what) {}

  Result<Value> convert(PyObject* object, std::size_t depth) {
    if (object == Py_None) return Value();
    if (PyBool_Check(object)) return Value(object == Py_True);
    if (PyLong_Check(object)) {
      int overflow = 0;
      long long number = PyLong_AsLongLongAndOverflow(object, &overflow);
      if (overflow != 0) return fail("is an int outside the 64-bit range of runtime ints");
      if (number == -1 && PyErr_Occurred()) return python_error(node_id_);
      return Value(static_cast<std::int64_t>(number));
    }
    if (PyFloat_Check(object)) return Value(PyFloat_AsDouble(object));
    if (PyUnicode_Check(object)) {
      Py_ssize_t size = 0;
      const char* data = PyUnicode_AsUTF8AndSize(object, &size);
      if (data == nullptr) {
        PyErr_Clear();
        return fail("is a str that is not valid Unicode (it holds a lone surrogate)");
      }
      return Value(std::string(data, static_cast<std::size_t>(size)));
    }
    if (PyBytes_Check(object)) {
      return Value(Bytes{Buffer::copy_of(PyBytes_AS_STRING(object),
                                         static_cast<std::size_t>(PyBytes_GET_SIZE(object)))});
    }
    if (PyByteArray_Check(object)) {
      return Value(Bytes{Buffer::copy_of(PyByteArray_AS_STRING(object),
                                         static_cast<std::size_t>(PyByteArray_GET_SIZE(object)))});
    }
    bool is_container = PyList_Check(object) || PyTuple_Check(object) || PyDict_Check(object);
    if (is_container && depth >= kMaxJsonDepth) {
      // Same bound as JSON input; also what ends a list that contains itself.
      return fail("nests lists and dicts deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    if (PyList_Check(object) || PyTuple_Check(object)) {
      List list;
      Py_ssize_t size = PySequence_Fast_GET_SIZE(object);
      list.reserve(static_cast<std::size_t>(size));
      std::size_t mark = path_.size();
      for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(object); ++i) {
        path_ += "[" + std::to_string(i) + "]";
        Result<Value> item = convert(PySequence_Fast_GET_ITEM(object, i), depth + 1);
        if (!item) return item;
        path_.resize(mark);
        list.push_back(std::move(*item));
      }
      return Value(std::move(list));
    }
    if (PyDict_Check(object)) {
      Map map;
      std::size_t mark = path_.size();
      Py_ssize_t position = 0;
      PyObject* key = nullptr;    // borrowed
      PyObject* value = nullptr;  // borrowed
      while (PyDict_Next(object, &position, &key, &value)) {
        if (!PyUnicode_Check(key)) {
          return fail(std::string("has a dict key of type '") + Py_TYPE(key)->tp_name +
                      "'; runtime maps need str keys");
        }
        Py_ssize_t size = 0;
        const char* data = PyUnicode_AsUTF8AndSize(key, &size);
        if (data == nullptr) {
          PyErr_Clear();
          return fail("has a dict key that is not valid Unicode");
        }
        std::string name(data, static_cast<std::size_t>(size));
        path_ += "['" + name + "']";
        // Hold the value: converting it runs no Python code, but keep the borrow explicit.
        PyRef held = PyRef::borrow(value);
        Result<Value> item = convert(held.get(), depth + 1);
        if (!item) return item;
        path_.resize(mark);
        // Python dict keys are unique, so the insert cannot fail; the map's index keeps it O(1).
        map.insert(std::move(name), std::move(*item));
      }
      if (const char* marker = wire_form_marker_in(map)) {
        // {"__float__": "nan"} would print exactly like a NaN, {"__numpy__": ...} like a tensor
        // (or a form the runtime refuses as input): the output would change meaning.
        // The node is named by the error's node_id (and the stderr line), not the message.
        return run_failure(errc::reserved_key,
                           where() + " is a dict with the key \"" + marker +
                               "\", which is reserved for the JSON wire forms (__numpy__, "
                               "__audio__, __bytes__, __float__); rename the key, or return "
                               "remotemedia.Tensor / remotemedia.Audio / bytes / float values",
                           node_id_);
      }
      return Value(std::move(map));
    }
    if (const Tensor* tensor = tensor_of(object)) return Value(*tensor);
    if (const Audio* audio = audio_of(object)) return Value(*audio);
    std::string hint;
    if (PyObject_CheckBuffer(object)) {
      hint = "; wrap buffers in remotemedia.Tensor(...) or remotemedia.Audio(...)";
    }
    return fail(std::string("has Python type '") + Py_TYPE(object)->tp_name +
                "', which has no runtime value" + hint);
  }

 private:
  // What is being converted and where in it, e.g. "the result of process() at ['a'][0]".
  std::string where() const {
    std::string text = what_;
    if (!path_.empty()) text += " at " + path_;
    return text;
  }

  Error fail(const std::string& problem) const {
    return run_failure(errc::python_type_error,
                       where() + " " + problem +
                           " (supported: None, bool, int, float, str, bytes, list, tuple, dict "
                           "with str keys, remotemedia.Tensor, remotemedia.Audio)",
                       node_id_);
  }

  const std::string& node_id_;
  const std::string& what_;
  std::string path_;
};

}  // namespace

Result<PyRef> to_python(const Value& value, const std::string& node_id) {
  PyRef object = to_python_object(value);
  if (!object) return python_error(node_id);
  return object;
}

Result<Value> from_python(PyObject* object, const std::string& node_id, const std::string& what) {
  return FromPython(node_id, what).convert(object, 0);
}

}  // namespace remotemedia::python
