#include "python/resource_scope.h"

namespace remotemedia::python {
namespace {

// The scope of the Python code running now (single-threaded: the thread holding the GIL).
const ResourceLoader* g_loader = nullptr;
const std::string* g_node_id = nullptr;
const std::string* g_json_path = nullptr;

}  // namespace

ResourceScope::ResourceScope(const ResourceLoader* loader, const std::string* node_id,
                             const std::string* json_path)
    : loader_(g_loader), node_id_(g_node_id), json_path_(g_json_path) {
  g_loader = loader;
  g_node_id = node_id;
  g_json_path = json_path;
}

ResourceScope::~ResourceScope() {
  g_loader = loader_;
  g_node_id = node_id_;
  g_json_path = json_path_;
}

PyObject* resource_function(PyObject* /*module*/, PyObject* ref) {
  if (!PyUnicode_Check(ref)) {
    PyErr_Format(PyExc_TypeError, "resource() takes a str reference, not '%s'",
                 Py_TYPE(ref)->tp_name);
    return nullptr;
  }
  if (g_loader == nullptr || g_node_id == nullptr || g_json_path == nullptr) {
    PyErr_SetString(PyExc_RuntimeError,
                    "remotemedia.resource() reads a pipeline's resources: call it from a node");
    return nullptr;
  }
  Py_ssize_t size = 0;
  const char* text = PyUnicode_AsUTF8AndSize(ref, &size);
  if (text == nullptr) return nullptr;
  Result<Buffer> bytes = g_loader->bytes(std::string_view(text, static_cast<std::size_t>(size)),
                                         *g_json_path, *g_node_id);
  if (!bytes) {
    const Error& error = bytes.error();
    PyObject* type = error.code == errc::resource_not_found ? PyExc_FileNotFoundError
                     : error.code == errc::resource_outside ? PyExc_PermissionError
                                                            : PyExc_ValueError;
    PyErr_Format(type, "[%s] %s", error.code.c_str(), error.message.c_str());
    return nullptr;
  }
  return PyBytes_FromStringAndSize(reinterpret_cast<const char*>(bytes->data()),
                                   static_cast<Py_ssize_t>(bytes->size()));
}

}  // namespace remotemedia::python
