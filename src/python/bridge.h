// Access to the bridge's own Python helpers (bootstrap.py, embedded in the runtime): the importer
// of the embedded `remotemedia` package, the user-module loader and the traceback formatter. Each
// interpreter (the main one and every pipeline's, sub_interpreter.h) has a bridge of its own.
#pragma once

#include <initializer_list>

#include "python/py_ref.h"
#include "remotemedia/status.h"

namespace remotemedia::python {

// Calls bootstrap function `name` of the current interpreter's bridge with borrowed positional
// `args`. Precondition: the interpreter started. Returns null with a Python exception set when
// the call raises.
PyRef call_bridge(const char* name, std::initializer_list<PyObject*> args);

// Runs bootstrap.py in the current interpreter and installs what it installs there (the
// embedded-package importer, the process-control refusals, stdout routed to stderr, the
// recursion limit); returns its namespace. Fails with `python_init_failed`.
Result<PyRef> install_bridge();

// The main interpreter's bridge namespace and thread state (null before it started). Borrowed.
PyObject* main_bridge();
PyThreadState* main_thread_state();

// The bridge namespace of the interpreter Python calls run in now. Borrowed.
PyObject* current_bridge();

}  // namespace remotemedia::python
