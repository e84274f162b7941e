// What Python code run for one node may read: that node's pipeline resources
// (remotemedia/resources.h), through remotemedia.resource(ref) in Python.
#pragma once

#include <string>

#include "python/python_api.h"
#include "remotemedia/resources.h"

namespace remotemedia::python {

// While alive, remotemedia.resource() reads through `loader` and names `node_id` and
// `json_path` in its errors; on destruction the previous scope (if any) is back. Made around every
// call into a node's Python code (its import, open, process, flush, close). A null loader (a node
// built outside a runtime) makes remotemedia.resource() raise. The pointers must outlive the scope.
class ResourceScope {
 public:
  ResourceScope(const ResourceLoader* loader, const std::string* node_id,
                const std::string* json_path);
  ~ResourceScope();
  ResourceScope(const ResourceScope&) = delete;
  ResourceScope& operator=(const ResourceScope&) = delete;

 private:
  const ResourceLoader* loader_;
  const std::string* node_id_;
  const std::string* json_path_;
};

// remotemedia.resource(ref) -> bytes: a copy of the resource's bytes. Raises FileNotFoundError
// (resource_not_found), PermissionError (resource_outside), ValueError (anything else) with the
// runtime's code in brackets, or RuntimeError outside a node.
PyObject* resource_function(PyObject* module, PyObject* ref);

}  // namespace remotemedia::python
