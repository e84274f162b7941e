// Access to the bridge's own Python helpers (bootstrap.py, embedded in the runtime): the importer
// of the embedded `remotemedia` package, the user-module loader and the traceback formatter.
#pragma once

#include <initializer_list>

#include "python/py_ref.h"

namespace remotemedia::python {

// Calls bootstrap function `name` with borrowed positional `args`. Precondition: the interpreter
// started. Returns null with a Python exception set when the call raises.
PyRef call_bridge(const char* name, std::initializer_list<PyObject*> args);

}  // namespace remotemedia::python
