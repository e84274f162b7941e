#include "python/python_api.h"

#include "python/interpreter.h"

#include <marshal.h>

#include <string>
#include <utility>

#include "core/reserved_descriptors.h"
#include "core/sanitizers.h"
#include "python/bridge.h"
#include "python/embedded_sources.h"
#include "python/errors.h"
#include "python/py_ref.h"
#include "python/remotemedia_module.h"

#ifndef REMOTEMEDIA_PYTHON_STDLIB
#error "REMOTEMEDIA_PYTHON_STDLIB must be defined by the build"
#endif
#ifndef REMOTEMEDIA_PYTHON_DYNLOAD
#error "REMOTEMEDIA_PYTHON_DYNLOAD must be defined by the build"
#endif

namespace remotemedia::python {
namespace {

// Process-wide state. Deliberately never destroyed: the interpreter outlives static destructors.
struct InterpreterState {
  InterpreterOptions options = default_interpreter_options();
  bool started = false;
  bool failed = false;
  Error failure;
  PyRef bridge;  // the main interpreter's bootstrap namespace (a dict)
  PyThreadState* main_thread_state = nullptr;
  // bootstrap.py compiled once (marshal format), for every interpreter the runtime starts.
  std::string bootstrap_code;
};

InterpreterState& state() {
  static InterpreterState* instance = new InterpreterState();
  return *instance;
}

Error init_failure(std::string message) {
  return run_failure(errc::python_init_failed, "cannot start the embedded Python: " + message);
}

// Turns a failed PyStatus into an Error. Never calls Py_ExitStatusException (which exits).
Error status_failure(const char* step, const PyStatus& status) {
  std::string message = step;
  if (PyStatus_IsExit(status)) {
    message += ": exit " + std::to_string(status.exitcode);
  } else {
    if (status.func != nullptr) message += std::string(" (") + status.func + ")";
    if (status.err_msg != nullptr) message += std::string(": ") + status.err_msg;
  }
  return init_failure(message);
}

// Runs the isolated PyConfig start. On failure nothing of Python may be used afterwards.
Status initialize_runtime(const InterpreterOptions& options) {
  if (PyImport_AppendInittab("_remotemedia", &init_remotemedia_module) != 0) {
    return init_failure("cannot register the _remotemedia module");
  }

  PyPreConfig preconfig;
  PyPreConfig_InitIsolatedConfig(&preconfig);
  preconfig.utf8_mode = 1;  // one text encoding on every host, whatever its locale
#if REMOTEMEDIA_ADDRESS_SANITIZER
  // Objects in pymalloc's mmap'd arenas are invisible to LeakSanitizer, which then reports what
  // they own as leaked; with malloc, every object is checked and traced like any other.
  preconfig.allocator = PYMEM_ALLOCATOR_MALLOC;
#endif
  PyStatus status = Py_PreInitialize(&preconfig);
  if (PyStatus_Exception(status)) return status_failure("pre-initialisation", status);

  PyConfig config;
  PyConfig_InitIsolatedConfig(&config);
  config.site_import = 0;
  config.write_bytecode = 0;
  config.install_signal_handlers = 0;
  config.use_hash_seed = 1;
  config.hash_seed = 0;
  config.buffered_stdio = 0;  // node prints reach stderr at once, in order
  config.use_frozen_modules = 1;
  config.pathconfig_warnings = 0;
  config.parse_argv = 0;
  config.module_search_paths_set = 1;

  struct ConfigGuard {
    PyConfig* config;
    ~ConfigGuard() { PyConfig_Clear(config); }
  } guard{&config};

  status = PyConfig_SetString(&config, &config.program_name, L"remotemedia");
  if (PyStatus_Exception(status)) return status_failure("program name", status);
  status = PyConfig_SetString(&config, &config.stdio_encoding, L"utf-8");
  if (PyStatus_Exception(status)) return status_failure("stdio encoding", status);
  status = PyConfig_SetString(&config, &config.stdio_errors, L"backslashreplace");
  if (PyStatus_Exception(status)) return status_failure("stdio errors", status);
  for (const std::string& path : options.module_search_paths) {
    wchar_t* wide = Py_DecodeLocale(path.c_str(), nullptr);
    if (wide == nullptr) return init_failure("cannot decode module search path '" + path + "'");
    status = PyWideStringList_Append(&config.module_search_paths, wide);
    PyMem_RawFree(wide);
    if (PyStatus_Exception(status)) return status_failure("module search path", status);
  }
  status = Py_InitializeFromConfig(&config);
  if (PyStatus_Exception(status)) return status_failure("initialisation", status);
  return Status::ok();
}

// bootstrap.py's code object: compiled by the first interpreter, read from its marshal form by
// every later one (a sub-interpreter per pipeline; compiling is most of a bridge's start).
PyRef bootstrap_code(InterpreterState& s) {
  const EmbeddedSource& boot = kBootstrapSource;
  if (!s.bootstrap_code.empty()) {
    return PyRef::steal(PyMarshal_ReadObjectFromString(
        s.bootstrap_code.data(), static_cast<Py_ssize_t>(s.bootstrap_code.size())));
  }
  PyRef code = PyRef::steal(
      Py_CompileString(reinterpret_cast<const char*>(boot.text), boot.filename, Py_file_input));
  if (!code) return code;
  PyRef marshalled = PyRef::steal(PyMarshal_WriteObjectToString(code.get(), Py_MARSHAL_VERSION));
  if (!marshalled) return marshalled;
  s.bootstrap_code.assign(PyBytes_AS_STRING(marshalled.get()),
                          static_cast<std::size_t>(PyBytes_GET_SIZE(marshalled.get())));
  return code;
}

}  // namespace

Result<PyRef> install_bridge() {
  InterpreterState& s = state();
  const EmbeddedSource& boot = kBootstrapSource;
  PyRef code = bootstrap_code(s);
  if (!code) return init_failure(fetch_python_exception().message);
  PyRef globals = PyRef::steal(PyDict_New());
  if (!globals) return init_failure(fetch_python_exception().message);
  PyRef name = PyRef::steal(PyUnicode_FromString(boot.module));
  if (!name || PyDict_SetItemString(globals.get(), "__name__", name.get()) != 0 ||
      PyDict_SetItemString(globals.get(), "__builtins__", PyEval_GetBuiltins()) != 0) {
    return init_failure(fetch_python_exception().message);
  }
  PyRef result = PyRef::steal(PyEval_EvalCode(code.get(), globals.get(), globals.get()));
  if (!result) return init_failure(fetch_python_exception().message);

  // {module: (filename, is_package, source bytes)} for the importer.
  PyRef table = PyRef::steal(PyDict_New());
  if (!table) return init_failure(fetch_python_exception().message);
  for (std::size_t i = 0; i < kEmbeddedSourceCount; ++i) {
    const EmbeddedSource& source = kEmbeddedSources[i];
    PyRef entry = PyRef::steal(Py_BuildValue(
        "(sNy#)", source.filename, PyBool_FromLong(source.is_package ? 1 : 0),
        reinterpret_cast<const char*>(source.text), static_cast<Py_ssize_t>(source.size)));
    if (!entry || PyDict_SetItemString(table.get(), source.module, entry.get()) != 0) {
      return init_failure(fetch_python_exception().message);
    }
  }
  PyRef prefixes = PyRef::steal(PyList_New(0));
  if (!prefixes) return init_failure(fetch_python_exception().message);
  for (const std::string& path : s.options.module_search_paths) {
    PyRef item = PyRef::steal(PyUnicode_DecodeFSDefault(path.c_str()));
    if (!item || PyList_Append(prefixes.get(), item.get()) != 0) {
      return init_failure(fetch_python_exception().message);
    }
  }
  PyRef limit = PyRef::steal(PyLong_FromLong(s.options.recursion_limit));
  if (!limit) return init_failure(fetch_python_exception().message);
  PyRef reserved =
      PyRef::steal(PyTuple_New(static_cast<Py_ssize_t>(reserved_descriptors().size())));
  if (!reserved) return init_failure(fetch_python_exception().message);
  for (std::size_t i = 0; i < reserved_descriptors().size(); ++i) {
    PyObject* fd = PyLong_FromLong(reserved_descriptors()[i]);
    if (fd == nullptr) return init_failure(fetch_python_exception().message);
    PyTuple_SET_ITEM(reserved.get(), static_cast<Py_ssize_t>(i), fd);
  }
  PyObject* install = PyDict_GetItemString(globals.get(), "install");  // borrowed
  PyRef installed =
      install == nullptr
          ? PyRef()
          : PyRef::steal(PyObject_CallFunctionObjArgs(install, table.get(), prefixes.get(),
                                                      limit.get(), reserved.get(), nullptr));
  if (!installed) return init_failure(fetch_python_exception().message);
  return globals;
}

InterpreterOptions default_interpreter_options() {
  InterpreterOptions options;
  for (const char* path : {REMOTEMEDIA_PYTHON_STDLIB, REMOTEMEDIA_PYTHON_DYNLOAD}) {
    if (path[0] != '\0') options.module_search_paths.emplace_back(path);
  }
  return options;
}

Status configure_interpreter(InterpreterOptions options) {
  InterpreterState& s = state();
  if (s.started || s.failed) {
    return run_failure(errc::python_already_started,
                       "the embedded Python already started; configure it before the first "
                       "Python node is built");
  }
  s.options = std::move(options);
  return Status::ok();
}

Status ensure_interpreter() {
  InterpreterState& s = state();
  if (s.started) return Status::ok();
  if (s.failed) return Status(s.failure);
  if (s.options.recursion_limit < 50) {
    return run_failure(errc::invalid_option, "the Python recursion limit must be at least 50");
  }
  Status status = initialize_runtime(s.options);
  if (status.is_ok()) {
    s.main_thread_state = PyThreadState_Get();
    Result<PyRef> bridge = install_bridge();
    if (bridge) {
      s.bridge = std::move(*bridge);
    } else {
      status = Status(bridge.take_error());
    }
  }
  if (!status.is_ok()) {
    s.failed = true;
    s.failure = status.error();
    return status;
  }
  s.started = true;
  reserve_formatting_memory();
  return Status::ok();
}

bool interpreter_started() {
  return state().started;
}

const InterpreterOptions& interpreter_options() {
  return state().options;
}

PyObject* main_bridge() {
  return state().bridge.get();
}

PyThreadState* main_thread_state() {
  return state().main_thread_state;
}

PyRef call_bridge(const char* name, std::initializer_list<PyObject*> args) {
  PyObject* function = PyDict_GetItemString(current_bridge(), name);  // borrowed
  if (function == nullptr) {
    PyErr_Format(PyExc_SystemError, "bridge helper %s is missing", name);
    return PyRef();
  }
  PyRef tuple = PyRef::steal(PyTuple_New(static_cast<Py_ssize_t>(args.size())));
  if (!tuple) return PyRef();
  Py_ssize_t i = 0;
  for (PyObject* arg : args) PyTuple_SET_ITEM(tuple.get(), i++, PyRef::borrow(arg).release());
  return PyRef::steal(PyObject_Call(function, tuple.get(), nullptr));
}

}  // namespace remotemedia::python
