// Where a Python node's code comes from. Everything here runs at validation time (from node
// factories): a failure is invalid input (exit 2) and no node has started.
//
// Errors (each with the node id and the JSON path of the param at fault):
//   python_module_not_found  the file is missing or unreadable, or the path is absolute or climbs
//                            out of the base directory with '..'
//   python_import_error      the module raised (SyntaxError included) while executing; carries
//                            exception_type and traceback details
//   python_class_not_found   no such class in the module, or the name is not a class
#pragma once

#include <string>

#include "python/py_ref.h"
#include "remotemedia/node.h"
#include "remotemedia/status.h"

namespace remotemedia::python {

// Module scope: the modules a pipeline's nodes load live in that pipeline's interpreter
// (sub_interpreter.h; in the main interpreter, each load gets a scope of its own). Within one
// pipeline a file is executed once and shared by every node naming it, like an import; another
// pipeline executes it afresh in its own interpreter, so a changed file or a second bundle with a
// different file at the same path never runs stale code. The modules are in that interpreter's
// sys.modules (under free names, so dataclasses, typing and pickle find them). Precondition for
// every function here: the node's interpreter is current (InterpreterGuard).

// Imports the file `module_path` (relative to `base_dir`; '/' separated). The module's code is
// compiled under `module_path` as written, so tracebacks show no host paths.
Result<PyRef> load_module_file(const std::string& base_dir, const std::string& module_path,
                               const std::string& node_id, const std::string& param_path);

// Executes `source` as a fresh module compiled under the name "<node:ID>".
Result<PyRef> load_module_source(const std::string& source, const std::string& node_id,
                                 const std::string& param_path);

// Imports a module by name (the embedded `remotemedia` package or the stdlib).
Result<PyRef> import_module(const std::string& name, const std::string& node_id,
                            const std::string& param_path);

// The class `class_name` of `module`; `module_label` names the module in error messages.
Result<PyRef> find_class(PyObject* module, const std::string& class_name,
                         const std::string& module_label, const std::string& node_id,
                         const std::string& param_path);

}  // namespace remotemedia::python
