// What Python code run for one node may report: that node's progress during a call
// (NodeContext::report_progress), through remotemedia.report_progress(done, total) in Python.
#pragma once

#include "python/python_api.h"
#include "remotemedia/node.h"

namespace remotemedia::python {

// While alive, remotemedia.report_progress() reports to `ctx`; on destruction the previous scope
// (if any) is back. Made around every call into a node's Python code while it runs (open,
// process, flush, close). `ctx` must outlive the scope.
class ProgressScope {
 public:
  explicit ProgressScope(NodeContext* ctx);
  ~ProgressScope();
  ProgressScope(const ProgressScope&) = delete;
  ProgressScope& operator=(const ProgressScope&) = delete;

 private:
  NodeContext* previous_;
};

// remotemedia.report_progress(done, total) -> None: the node has done `done` of `total` units
// (ints, 0 <= done <= total, 0 < total), shown by hosts that listen (run --progress, nodeprogress
// events). Raises ValueError/TypeError for other values, RuntimeError outside a node's call.
PyObject* report_progress_function(PyObject* module, PyObject* const* args, Py_ssize_t nargs);

}  // namespace remotemedia::python
