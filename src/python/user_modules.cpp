#include "python/python_api.h"

#include "python/user_modules.h"

#include <string>

#include "core/contained_file.h"
#include "python/bridge.h"
#include "python/errors.h"
#include "python/sub_interpreter.h"

namespace remotemedia::python {
namespace {

Error not_found(const std::string& message, const std::string& node_id,
                const std::string& param_path) {
  return invalid_input(errc::python_module_not_found, message, param_path, node_id);
}

Error import_failure(const std::string& what, const std::string& node_id,
                     const std::string& param_path) {
  Error error = python_exception_error(ErrorCategory::kInvalidInput, errc::python_import_error,
                                       node_id, what + " raised while importing: ");
  error.path = param_path;
  return error;
}

// The file name without directories and extension: the module's name when it is free.
std::string stem_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  std::size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  return name;
}

// "node_" + the id with every character outside [A-Za-z0-9_] replaced by '_'.
std::string inline_stem(const std::string& node_id) {
  std::string stem = "node_";
  for (char c : node_id) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    stem += plain ? c : '_';
  }
  return stem;
}

PyRef unicode(const std::string& text) {
  return PyRef::steal(
      PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "surrogateescape"));
}

// The current pipeline's module scope (borrowed), or a fresh one owned through `fresh`.
Result<PyObject*> module_scope(PyRef* fresh, const std::string& node_id) {
  if (PyObject* shared = current_module_scope()) return shared;
  *fresh = call_bridge("new_scope", {});
  if (!*fresh) return python_error(node_id);
  return fresh->get();
}

}  // namespace

Result<PyRef> load_module_file(const std::string& base_dir, const std::string& module_path,
                               const std::string& node_id, const std::string& param_path) {
  // Containment is decided on the real path: a symlink (file or directory) that leads out of
  // the manifest's directory is refused like a '..' that does.
  ContainedFile source = read_contained_file(base_dir, module_path, kMaxArrayBytes);
  if (source.outcome == FileRead::kOutside) {
    return not_found("module path '" + module_path +
                         "' must be relative to the manifest's directory and stay inside it",
                     node_id, param_path);
  }
  if (source.outcome != FileRead::kRead) {
    return not_found("module file '" + module_path + "' not found (or not readable)", node_id,
                     param_path);
  }
  PyRef stem = unicode(stem_of(module_path));
  PyRef filename = unicode(module_path);
  PyRef text =
      PyRef::steal(PyBytes_FromStringAndSize(reinterpret_cast<const char*>(source.bytes.data()),
                                             static_cast<Py_ssize_t>(source.bytes.size())));
  PyRef file = unicode(source.path);
  if (!stem || !filename || !text || !file) return python_error(node_id);
  PyRef fresh;
  Result<PyObject*> scope_dict = module_scope(&fresh, node_id);
  if (!scope_dict) return scope_dict.take_error();
  PyRef module = call_bridge("load_file_module",
                             {stem.get(), filename.get(), text.get(), file.get(), *scope_dict});
  if (!module) return import_failure("module '" + module_path + "'", node_id, param_path);
  return module;
}

Result<PyRef> load_module_source(const std::string& source, const std::string& node_id,
                                 const std::string& param_path) {
  PyRef stem = unicode(inline_stem(node_id));
  PyRef filename = unicode("<node:" + node_id + ">");
  PyRef text = unicode(source);
  if (!stem || !filename || !text) return python_error(node_id);
  PyRef module = call_bridge("load_source_module", {stem.get(), filename.get(), text.get()});
  if (!module) return import_failure("the inline source", node_id, param_path);
  return module;
}

Result<PyRef> import_module(const std::string& name, const std::string& node_id,
                            const std::string& param_path) {
  PyRef module = PyRef::steal(PyImport_ImportModule(name.c_str()));
  if (!module) return import_failure("module '" + name + "'", node_id, param_path);
  return module;
}

Result<PyRef> find_class(PyObject* module, const std::string& class_name,
                         const std::string& module_label, const std::string& node_id,
                         const std::string& param_path) {
  PyRef name = unicode(class_name);
  if (!name) return python_error(node_id);
  PyRef found = call_bridge("find_class", {module, name.get()});
  if (!found || !PyTuple_Check(found.get()) || PyTuple_GET_SIZE(found.get()) != 2) {
    if (!found)
      return python_exception_error(ErrorCategory::kInvalidInput, errc::python_error, node_id);
    return invalid_input(errc::python_class_not_found, "class lookup failed", param_path, node_id);
  }
  PyObject* cls = PyTuple_GET_ITEM(found.get(), 0);  // borrowed
  if (cls == Py_None) {
    PyObject* why = PyTuple_GET_ITEM(found.get(), 1);  // borrowed
    const char* text = PyUnicode_Check(why) ? PyUnicode_AsUTF8(why) : nullptr;
    if (text == nullptr) PyErr_Clear();
    return invalid_input(errc::python_class_not_found,
                         module_label + " " + (text != nullptr ? text : "has no such class"),
                         param_path, node_id);
  }
  return PyRef::borrow(cls);
}

}  // namespace remotemedia::python
