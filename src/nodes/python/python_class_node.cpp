#include "python/python_api.h"

#include "nodes/python/python_class_node.h"

#include <utility>

#include "core/json_path.h"
#include "python/convert.h"
#include "python/errors.h"
#include "python/progress_scope.h"
#include "python/remotemedia_module.h"
#include "python/resource_scope.h"
#include "python/user_modules.h"

namespace remotemedia {
namespace {

using python::PyRef;

constexpr const char* kOptionalMethods[] = {"initialize", "flush", "cleanup"};

// The attribute `name` of `object`, null when it does not exist. Other lookup errors are left set
// (with a null result) for the caller to report; a missing attribute leaves nothing set.
PyRef optional_attribute(PyObject* object, const char* name, bool* failed) {
  *failed = false;
  PyRef value = PyRef::steal(PyObject_GetAttrString(object, name));
  if (!value) {
    if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
      PyErr_Clear();
    } else {
      *failed = true;
    }
  }
  return value;
}

Error type_error(const std::string& node_id, const std::string& message) {
  // The node is named by node_id (and "in node 'X'" on the human line), not in the message.
  return run_failure(errc::python_type_error, message, node_id);
}

class PythonClassNode : public Node {
 public:
  PythonClassNode(std::string node_id, std::shared_ptr<python::SubInterpreter> interpreter,
                  PyRef cls, Map args)
      : id_(std::move(node_id)),
        interpreter_(std::move(interpreter)),
        cls_(std::move(cls)),
        args_(std::move(args)) {}

  // The Python references are dropped inside the interpreter that made them.
  ~PythonClassNode() override {
    python::InterpreterGuard in_interpreter(interpreter_.get());
    cleanup_.reset();
    flush_.reset();
    process_.reset();
    instance_.reset();
    cls_.reset();
  }
  PythonClassNode(const PythonClassNode&) = delete;
  PythonClassNode& operator=(const PythonClassNode&) = delete;

  Status open(NodeContext& ctx) override {
    InPipeline in_pipeline(*this, ctx);
    return open_instance();
  }
  Status process(Value item, NodeContext& ctx) override {
    InPipeline in_pipeline(*this, ctx);
    return process_item(std::move(item), ctx);
  }
  Status flush(NodeContext& ctx) override {
    InPipeline in_pipeline(*this, ctx);
    return flush_instance(ctx);
  }
  Status close(NodeContext& ctx) override {
    InPipeline in_pipeline(*this, ctx);
    return close_instance();
  }

 private:
  // Around every call into the node's Python code: its pipeline's interpreter is current, the
  // pipeline's resources are in reach (remotemedia.resource) and progress goes to this call's
  // context (remotemedia.report_progress).
  struct InPipeline {
    InPipeline(const PythonClassNode& node, NodeContext& ctx)
        : interpreter(node.interpreter_.get()),
          resources(ctx.resources(), &ctx.node_id(), &ctx.json_path()),
          progress(&ctx) {}
    python::InterpreterGuard interpreter;
    python::ResourceScope resources;
    python::ProgressScope progress;
  };

  Status open_instance() {
    Result<PyRef> kwargs = python::to_python(Value(args_), id_);
    if (!kwargs) return kwargs.take_error();
    PyRef no_args = PyRef::steal(PyTuple_New(0));
    if (!no_args) return python::python_error(id_);
    PyRef instance = PyRef::steal(PyObject_Call(cls_.get(), no_args.get(), kwargs->get()));
    if (!instance) return python::python_error(id_);

    // Bound methods, looked up once. On failure the node keeps nothing: close() is not called.
    bool failed = false;
    PyRef process = PyRef::steal(PyObject_GetAttrString(instance.get(), "process"));
    if (!process) return python::python_error(id_);
    PyRef initialize = optional_attribute(instance.get(), "initialize", &failed);
    if (failed) return python::python_error(id_);
    PyRef flush = optional_attribute(instance.get(), "flush", &failed);
    if (failed) return python::python_error(id_);
    PyRef cleanup = optional_attribute(instance.get(), "cleanup", &failed);
    if (failed) return python::python_error(id_);
    if (initialize) {
      PyRef result = PyRef::steal(PyObject_CallNoArgs(initialize.get()));
      if (!result) return python::python_error(id_);
    }
    instance_ = std::move(instance);
    process_ = std::move(process);
    flush_ = std::move(flush);
    cleanup_ = std::move(cleanup);
    return Status::ok();
  }

  Status process_item(Value item, NodeContext& ctx) {
    Result<PyRef> argument = python::to_python(item, id_);
    if (!argument) return argument.take_error();
    item = Value();  // the Python object alone holds the item's buffers now
    PyRef result = PyRef::steal(PyObject_CallOneArg(process_.get(), argument->get()));
    argument->reset();
    if (!result) return python::python_error(id_);
    if (result.get() == Py_None) return Status::ok();
    if (PyGen_Check(result.get())) {
      return drain(result.get(), ctx, "a value yielded by process()");
    }
    if (PyCoro_CheckExact(result.get()) || PyAsyncGen_CheckExact(result.get())) {
      return type_error(id_,
                        "process() returned a coroutine or async generator; Python nodes "
                        "run synchronously (use a plain generator to emit several outputs)");
    }
    Result<Value> output = python::from_python(result.get(), id_, "the result of process()");
    if (!output) return output.take_error();
    ctx.emit(std::move(*output));
    return Status::ok();
  }

  Status flush_instance(NodeContext& ctx) {
    if (!flush_) return Status::ok();
    PyRef result = PyRef::steal(PyObject_CallNoArgs(flush_.get()));
    if (!result) return python::python_error(id_);
    if (result.get() == Py_None) return Status::ok();
    PyObject* r = result.get();
    Error not_iterable = type_error(id_, std::string("flush() must return None or an iterable of "
                                                     "outputs (list, tuple, generator), not '") +
                                             Py_TYPE(r)->tp_name + "'");
    if (PyUnicode_Check(r) || PyBytes_Check(r) || PyByteArray_Check(r) || PyDict_Check(r) ||
        python::tensor_of(r) != nullptr || python::audio_of(r) != nullptr) {
      return not_iterable;
    }
    PyRef iterator = PyRef::steal(PyObject_GetIter(r));
    if (!iterator) {
      if (!PyErr_ExceptionMatches(PyExc_TypeError)) return python::python_error(id_);
      PyErr_Clear();
      return not_iterable;
    }
    return drain(iterator.get(), ctx, "an output of flush()");
  }

  Status close_instance() {
    PyRef cleanup = std::move(cleanup_);
    process_.reset();
    flush_.reset();
    Status status;
    if (cleanup) {
      PyRef result = PyRef::steal(PyObject_CallNoArgs(cleanup.get()));
      if (!result) status = python::python_error(id_);
    }
    cleanup.reset();
    instance_.reset();
    return status;
  }

  Status drain(PyObject* iterator, NodeContext& ctx, const char* what) {
    for (;;) {
      // A generator may never end on its own: a stop ends the call (the executor reports it).
      if (ctx.stop_requested()) return Status::ok();
      PyRef item = PyRef::steal(PyIter_Next(iterator));
      if (!item) {
        if (PyErr_Occurred()) return python::python_error(id_);
        return Status::ok();
      }
      Result<Value> output = python::from_python(item.get(), id_, what);
      if (!output) return output.take_error();
      // Full: the executor reports `output_limit`; a generator may never end on its own.
      if (!ctx.emit(std::move(*output))) return Status::ok();
    }
  }

  std::string id_;
  std::shared_ptr<python::SubInterpreter> interpreter_;
  PyRef cls_;
  Map args_;
  PyRef instance_;
  PyRef process_;
  PyRef flush_;
  PyRef cleanup_;
};

}  // namespace

Status check_node_class(PyObject* cls, const std::string& class_label, const std::string& node_id,
                        const std::string& param_path) {
  bool failed = false;
  PyRef process = optional_attribute(cls, "process", &failed);
  if (failed) return python::python_error(node_id);
  if (!process || !PyCallable_Check(process.get())) {
    return invalid_input(errc::python_method_missing,
                         class_label + (process ? " has a 'process' attribute that is not callable"
                                                : " has no process(item) method"),
                         param_path, node_id);
  }
  for (const char* name : kOptionalMethods) {
    PyRef method = optional_attribute(cls, name, &failed);
    if (failed) return python::python_error(node_id);
    if (method && !PyCallable_Check(method.get())) {
      return invalid_input(errc::python_method_missing,
                           class_label + " has a '" + name + "' attribute that is not callable",
                           param_path, node_id);
    }
  }
  return Status::ok();
}

Result<std::unique_ptr<Node>> create_builtin_python_node(const NodeConfig& config,
                                                         const char* class_name) {
  JsonPath params_path = JsonPath(config.json_path).key("params");
  Result<std::shared_ptr<python::SubInterpreter>> interpreter =
      python::pipeline_interpreter(config.scope, config.id);
  if (!interpreter) return interpreter.take_error();
  // Declared before every Python reference below, so those are released inside the interpreter.
  python::InterpreterGuard in_interpreter(interpreter->get());
  Result<PyRef> module = python::import_module("remotemedia.nodes", config.id, config.json_path);
  if (!module) return module.take_error();
  std::string label = std::string("class '") + class_name + "' of remotemedia.nodes";
  Result<PyRef> cls = python::find_class(module->get(), class_name, "remotemedia.nodes", config.id,
                                         config.json_path);
  if (!cls) return cls.take_error();
  RM_RETURN_IF_ERROR(check_node_class(cls->get(), label, config.id, config.json_path));

  bool failed = false;
  PyRef check = optional_attribute(cls->get(), "check_params", &failed);
  if (failed) return python::python_error(config.id);
  if (check) {
    Result<PyRef> params = python::to_python(Value(config.params), config.id);
    if (!params) return params.take_error();
    PyRef verdict = PyRef::steal(PyObject_CallOneArg(check.get(), params->get()));
    if (!verdict) return python::python_error(config.id);
    if (verdict.get() != Py_None) {
      const char* param = nullptr;
      const char* message = nullptr;
      if (!PyArg_ParseTuple(verdict.get(), "ss", &param, &message)) {
        return python::python_error(config.id);
      }
      return invalid_input(errc::invalid_param, message, params_path.with_key(param).str(),
                           config.id);
    }
  }
  return make_python_class_node(config.id, std::move(*interpreter), std::move(*cls), config.params);
}

std::unique_ptr<Node> make_python_class_node(std::string node_id,
                                             std::shared_ptr<python::SubInterpreter> interpreter,
                                             python::PyRef cls, Map args) {
  return std::make_unique<PythonClassNode>(std::move(node_id), std::move(interpreter),
                                           std::move(cls), std::move(args));
}

}  // namespace remotemedia
