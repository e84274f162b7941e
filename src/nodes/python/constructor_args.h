// Validation-time check of a PythonNode's `args` against its class's constructor, so that a
// misspelled or missing keyword is invalid input at its JSON path before anything runs, not a
// python_error when the run builds the instance.
#pragma once

#include <string>

#include "python/python_api.h"

#include "core/json_path.h"
#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

// Checks `args` (the keyword arguments the node will be built with) against `cls.__init__`'s
// signature, read from its code object: a name the constructor does not take (unless it has
// **kwargs) is `invalid_param` at `args_path`'s key <name>; a parameter without a default that
// `args` does not give is `invalid_param` at `args_path`. A constructor without a code object
// (written in C, or object's own, which takes nothing) is checked as far as it can be: object's
// takes no arguments, others are left to the run. Must hold the GIL of the class's interpreter.
// `class_label` names the class in messages.
Status check_constructor_args(PyObject* cls, const Map& args, const std::string& class_label,
                              const std::string& node_id, const JsonPath& args_path);

}  // namespace remotemedia
