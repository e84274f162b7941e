#include "python/progress_scope.h"

namespace remotemedia::python {
namespace {

// The context of the node whose Python code runs now (single-threaded: the thread holding the
// GIL).
NodeContext* g_context = nullptr;

// `object` as an int >= 0, or -1 with a Python error set.
long long non_negative(PyObject* object, const char* name) {
  if (!PyLong_Check(object) || PyBool_Check(object)) {
    PyErr_Format(PyExc_TypeError, "report_progress() takes int %s, not '%s'", name,
                 Py_TYPE(object)->tp_name);
    return -1;
  }
  int overflow = 0;
  const long long value = PyLong_AsLongLongAndOverflow(object, &overflow);
  if (value == -1 && PyErr_Occurred()) return -1;
  if (overflow != 0 || value < 0) {
    PyErr_Format(PyExc_ValueError, "report_progress() takes %s from 0 to 2**63 - 1", name);
    return -1;
  }
  return value;
}

}  // namespace

ProgressScope::ProgressScope(NodeContext* ctx) : previous_(g_context) {
  g_context = ctx;
}

ProgressScope::~ProgressScope() {
  g_context = previous_;
}

PyObject* report_progress_function(PyObject* /*module*/, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 2) {
    PyErr_Format(PyExc_TypeError, "report_progress() takes 2 arguments (done, total), %zd given",
                 nargs);
    return nullptr;
  }
  const long long done = non_negative(args[0], "done");
  if (done < 0) return nullptr;
  const long long total = non_negative(args[1], "total");
  if (total < 0) return nullptr;
  if (total == 0 || done > total) {
    PyErr_Format(PyExc_ValueError,
                 "report_progress() needs 0 <= done <= total and total > 0, got "
                 "%lld of %lld",
                 done, total);
    return nullptr;
  }
  if (g_context == nullptr) {
    PyErr_SetString(PyExc_RuntimeError,
                    "remotemedia.report_progress() reports a running node's progress: call it "
                    "from the node's methods");
    return nullptr;
  }
  g_context->report_progress(static_cast<std::uint64_t>(done), static_cast<std::uint64_t>(total));
  Py_RETURN_NONE;
}

}  // namespace remotemedia::python
