// Runtime Value <-> Python object.
//
//   Value            Python
//   null             None
//   bool             bool          (checked before int: bool is an int subclass)
//   int              int           (Python ints outside int64 are an error)
//   float            float
//   string           str           (UTF-8; strings with lone surrogates are an error)
//   bytes            bytes         (Python -> runtime also accepts bytearray)
//   list             list          (Python -> runtime also accepts tuple)
//   map              dict          (insertion order; Python dict keys must be str)
//   audio            remotemedia.Audio   (shares the samples' Buffer: no copy either way)
//   tensor           remotemedia.Tensor  (shares the data Buffer: no copy either way)
//
// Anything else from Python, and nesting deeper than kMaxJsonDepth, is the run failure
// `python_type_error`, naming the node, the Python type and where in the value it sits.
#pragma once

#include <string>

#include "python/py_ref.h"
#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia::python {

// A new Python object for `value`. Fails (`python_error`, with the Python exception) only when
// Python cannot allocate.
Result<PyRef> to_python(const Value& value, const std::string& node_id);

// `what` names the object in error messages, e.g. "the result of process()".
Result<Value> from_python(PyObject* object, const std::string& node_id,
                          const std::string& what = "the value");

}  // namespace remotemedia::python
