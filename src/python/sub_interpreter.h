// One Python interpreter per pipeline (docs/python-nodes.md#isolation).
//
// The main interpreter (interpreter.h) runs no node code. Every pipeline that builds a Python node
// gets a sub-interpreter of its own (CPython 3.11 Py_NewInterpreter, sharing the one GIL), with
// its own sys.modules, builtins, imported stdlib and `remotemedia` package, and the bridge
// installed afresh (importer, refusals, stdout routing, recursion limit). So what one pipeline
// patches (json.dumps, builtins, sys.modules, a built-in node's class) is not what the next one
// imports. It is not a boundary against hostile code: objects that CPython 3.11 shares between
// interpreters (static types, single-phase extension modules) stay reachable; the wasm instance
// (a package's own, docs/js.md#trust-model) or the process is that boundary.
//
// Threading: single-threaded, like the rest of the bridge. Whoever calls into Python holds an
// InterpreterGuard for the interpreter that owns the objects it touches.
#pragma once

#include <memory>
#include <string>

#include "python/python_api.h"
#include "remotemedia/node.h"
#include "remotemedia/status.h"

namespace remotemedia::python {

// A started sub-interpreter. Ended (Py_EndInterpreter) when its last holder drops it: the pipeline
// scope, its nodes, and every runtime Buffer still using memory a Python object of it exports.
class SubInterpreter;

// While alive, Python calls on this thread run in `interpreter` (null: the main interpreter); the
// previous interpreter is current again on destruction. Guards nest. Precondition: the
// interpreter started, and `interpreter` outlives the guard.
class InterpreterGuard {
 public:
  explicit InterpreterGuard(SubInterpreter* interpreter);
  ~InterpreterGuard();
  InterpreterGuard(const InterpreterGuard&) = delete;
  InterpreterGuard& operator=(const InterpreterGuard&) = delete;

 private:
  bool switched_ = false;
  SubInterpreter* previous_ = nullptr;
  void* previous_thread_state_ = nullptr;
};

// The interpreter of the pipeline `scope` belongs to: started (with ensure_interpreter() first)
// on the pipeline's first call and kept in `scope`. A null scope (a node built on its own, as in
// unit tests) gets null: the main interpreter. Fails with `python_init_failed` naming `node_id`;
// a failed start leaves nothing behind. Note: CPython 3.11 ends the process when it runs out of
// memory while creating a sub-interpreter (Py_NewInterpreter has no status return).
Result<std::shared_ptr<SubInterpreter>> pipeline_interpreter(PipelineScope* scope,
                                                             const std::string& node_id);

// The interpreter Python calls run in now (null: the main one), shared so that a holder can keep
// it alive (a Buffer adopted from one of its objects).
std::shared_ptr<SubInterpreter> current_interpreter();

// The module scope (bootstrap.py new_scope()) of the current sub-interpreter, shared by the
// nodes of its pipeline; null in the main interpreter. Borrowed.
PyObject* current_module_scope();

// How many sub-interpreters are alive (tests: a pipeline's ends with it).
int live_sub_interpreters();

}  // namespace remotemedia::python
