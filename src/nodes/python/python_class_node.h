// The node every Python node type runs as: an instance of a Python class driven through the node
// life cycle (docs/python-nodes.md):
//   open()    cls(**args), then initialize() when defined       errors: python_error
//   process() process(item): a value, None (no output) or a generator (one output per yield)
//   flush()   flush() when defined: None or an iterable of outputs
//   close()   cleanup() when defined; the instance is dropped
// Outputs that have no runtime value are `python_type_error`; exceptions are `python_error` with
// the exception type and traceback. Shared by PythonNode and the built-in Python nodes.
#pragma once

#include <memory>
#include <string>

#include "python/py_ref.h"
#include "python/sub_interpreter.h"
#include "remotemedia/node.h"

namespace remotemedia {

// Validation-time check of a node class: process must exist and be callable; initialize, flush
// and cleanup must be callable when present. Fails with `python_method_missing` (invalid input)
// at `param_path`. `class_label` names the class in messages, e.g. "class 'Gain' of module
// 'nodes/gain.py'".
Status check_node_class(PyObject* cls, const std::string& class_label, const std::string& node_id,
                        const std::string& param_path);

// The factory of a built-in Python node type: class `class_name` of the embedded
// remotemedia.nodes package, built with the node's params as keyword arguments. The class's
// static check_params(params) runs here, at validation time: it returns None, or (param name,
// message), which becomes an `invalid_param` error at that param.
Result<std::unique_ptr<Node>> create_builtin_python_node(const NodeConfig& config,
                                                         const char* class_name);

// Precondition: check_node_class(cls) passed, in `interpreter` (the pipeline's, null: the main
// one), which the node keeps and enters for every call. `args` become the constructor's keyword
// arguments.
std::unique_ptr<Node> make_python_class_node(std::string node_id,
                                             std::shared_ptr<python::SubInterpreter> interpreter,
                                             python::PyRef cls, Map args);

}  // namespace remotemedia
