#include "python/python_api.h"

#include "python/sub_interpreter.h"

#include <utility>

#include "python/bridge.h"
#include "python/errors.h"
#include "python/interpreter.h"
#include "python/py_ref.h"

namespace remotemedia::python {

class SubInterpreter : public std::enable_shared_from_this<SubInterpreter> {
 public:
  SubInterpreter() = default;
  SubInterpreter(const SubInterpreter&) = delete;
  SubInterpreter& operator=(const SubInterpreter&) = delete;
  ~SubInterpreter();

  PyThreadState* thread_state = nullptr;  // owned: ended with the interpreter
  PyRef bridge;                           // its bootstrap namespace
  PyRef modules;                          // its module scope (bootstrap.py new_scope())
};

namespace {

// The sub-interpreter Python calls run in now; null: the main interpreter.
SubInterpreter* g_current = nullptr;
int g_live = 0;

constexpr const char* kInterpreterKey = "python.interpreter";

}  // namespace

SubInterpreter::~SubInterpreter() {
  if (thread_state == nullptr || !Py_IsInitialized()) return;
  // Every guard on this interpreter has ended (each holder keeps it alive while it uses it).
  PyThreadState* previous = PyThreadState_Swap(thread_state);
  bridge.reset();
  modules.reset();
  Py_EndInterpreter(thread_state);  // leaves no thread state current
  PyThreadState_Swap(previous != nullptr && previous != thread_state ? previous
                                                                     : main_thread_state());
  --g_live;
}

InterpreterGuard::InterpreterGuard(SubInterpreter* interpreter) {
  if (interpreter == g_current) return;
  switched_ = true;
  previous_ = std::exchange(g_current, interpreter);
  previous_thread_state_ =
      PyThreadState_Swap(interpreter != nullptr ? interpreter->thread_state : main_thread_state());
}

InterpreterGuard::~InterpreterGuard() {
  if (!switched_) return;
  PyThreadState_Swap(static_cast<PyThreadState*>(previous_thread_state_));
  g_current = previous_;
}

PyObject* current_bridge() {
  return g_current != nullptr ? g_current->bridge.get() : main_bridge();
}

PyObject* current_module_scope() {
  return g_current != nullptr ? g_current->modules.get() : nullptr;
}

std::shared_ptr<SubInterpreter> current_interpreter() {
  return g_current != nullptr ? g_current->shared_from_this() : nullptr;
}

int live_sub_interpreters() {
  return g_live;
}

namespace {

// Starts a sub-interpreter with the bridge installed. The current interpreter is unchanged.
Result<std::shared_ptr<SubInterpreter>> start_sub_interpreter(const std::string& node_id) {
  PyThreadState* previous = PyThreadState_Get();
  PyThreadState* fresh = Py_NewInterpreter();
  if (fresh == nullptr) {
    PyThreadState_Swap(previous);
    return run_failure(errc::python_init_failed, "cannot start the pipeline's Python interpreter",
                       node_id);
  }
  auto made = std::make_shared<SubInterpreter>();
  made->thread_state = fresh;
  ++g_live;
  SubInterpreter* outer = std::exchange(g_current, made.get());
  Result<PyRef> bridge = install_bridge();
  if (bridge) {
    made->bridge = std::move(*bridge);
    made->modules = call_bridge("new_scope", {});
    if (!made->modules) {
      bridge =
          run_failure(errc::python_init_failed, "cannot start the pipeline's Python interpreter: " +
                                                    fetch_python_exception().message);
    }
  }
  g_current = outer;
  PyThreadState_Swap(previous);
  if (!bridge) {  // `made` ends the interpreter
    Error failure = bridge.take_error();
    failure.node_id = node_id;
    return failure;
  }
  return made;
}

}  // namespace

Result<std::shared_ptr<SubInterpreter>> pipeline_interpreter(PipelineScope* scope,
                                                             const std::string& node_id) {
  RM_RETURN_IF_ERROR(ensure_interpreter());
  if (scope == nullptr) return std::shared_ptr<SubInterpreter>();
  if (std::shared_ptr<void> existing = scope->find(kInterpreterKey)) {
    return std::static_pointer_cast<SubInterpreter>(existing);
  }
  Result<std::shared_ptr<SubInterpreter>> started = start_sub_interpreter(node_id);
  if (!started) return started.take_error();
  scope->set(kInterpreterKey, *started);
  return started;
}

}  // namespace remotemedia::python
