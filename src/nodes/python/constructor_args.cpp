#include "nodes/python/constructor_args.h"

#include <algorithm>
#include <set>
#include <vector>

#include "python/errors.h"
#include "python/py_ref.h"
#include "remotemedia/error_codes.h"

namespace remotemedia {
namespace {

using python::PyRef;

constexpr long kCoVarKeywords = 0x08;  // CO_VARKEYWORDS: the function takes **kwargs

// The integer attribute `name` of `code`, or -1.
long int_attribute(PyObject* code, const char* name) {
  PyRef value = PyRef::steal(PyObject_GetAttrString(code, name));
  if (!value || !PyLong_Check(value.get())) {
    PyErr_Clear();
    return -1;
  }
  return PyLong_AsLong(value.get());
}

// The attribute `name` of `object`, or null (nothing left set) when it has none.
PyRef attribute_or_none(PyObject* object, const char* name) {
  PyRef value = PyRef::steal(PyObject_GetAttrString(object, name));
  if (!value) PyErr_Clear();
  return value;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? std::string("nothing") : out;
}

}  // namespace

Status check_constructor_args(PyObject* cls, const Map& args, const std::string& class_label,
                              const std::string& node_id, const JsonPath& args_path) {
  PyRef init = attribute_or_none(cls, "__init__");
  if (!init) return Status::ok();
  PyRef object_init = PyRef::steal(
      PyObject_GetAttrString(reinterpret_cast<PyObject*>(&PyBaseObject_Type), "__init__"));
  if (!object_init) return python::python_error(node_id);
  PyRef code = attribute_or_none(init.get(), "__code__");
  std::vector<std::string> takes;
  std::set<std::string> required;
  bool any_keyword = false;
  if (init.get() == object_init.get()) {
    // object.__init__: the class defines no constructor and takes no arguments.
  } else if (!code) {
    return Status::ok();  // a constructor written in C: the run will tell
  } else {
    const long positional = int_attribute(code.get(), "co_argcount");
    const long positional_only = int_attribute(code.get(), "co_posonlyargcount");
    const long keyword_only = int_attribute(code.get(), "co_kwonlyargcount");
    const long flags = int_attribute(code.get(), "co_flags");
    PyRef names = attribute_or_none(code.get(), "co_varnames");
    if (positional < 1 || positional_only < 0 || keyword_only < 0 || flags < 0 || !names ||
        !PyTuple_Check(names.get()) || PyTuple_GET_SIZE(names.get()) < positional + keyword_only) {
      return Status::ok();  // not a plain method: leave it to the run
    }
    any_keyword = (flags & kCoVarKeywords) != 0;
    PyRef defaults = attribute_or_none(init.get(), "__defaults__");
    const long with_default = defaults && PyTuple_Check(defaults.get())
                                  ? static_cast<long>(PyTuple_GET_SIZE(defaults.get()))
                                  : 0;
    PyRef keyword_defaults = attribute_or_none(init.get(), "__kwdefaults__");
    for (long i = 1; i < positional + keyword_only; ++i) {  // 0 is self
      const char* name = PyUnicode_AsUTF8(PyTuple_GET_ITEM(names.get(), i));
      if (name == nullptr) return python::python_error(node_id);
      const bool by_keyword = i >= positional_only;
      const bool has_default =
          i < positional ? i >= positional - with_default
                         : keyword_defaults && PyDict_Check(keyword_defaults.get()) &&
                               PyDict_GetItemString(keyword_defaults.get(), name) != nullptr;
      if (by_keyword) takes.emplace_back(name);
      if (!has_default) required.insert(name);
    }
  }
  for (const Map::Entry& arg : args) {
    const bool known = std::find(takes.begin(), takes.end(), arg.first) != takes.end();
    if (!known && !any_keyword) {
      return invalid_input(errc::invalid_param,
                           class_label + " takes no argument '" + arg.first +
                               "' (its constructor takes: " + joined(takes) + ")",
                           args_path.with_key(arg.first).str(), node_id);
    }
  }
  for (const std::string& name : required) {
    if (args.find(name) == nullptr) {
      return invalid_input(errc::invalid_param,
                           class_label + " needs the argument '" + name +
                               "' (its constructor has no default for it)",
                           args_path.str(), node_id);
    }
  }
  return Status::ok();
}

}  // namespace remotemedia
