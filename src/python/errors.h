// Python exceptions -> the runtime's Error. A raised exception is fetched (which clears it),
// formatted by the bridge's traceback formatter and carried as code, message and details:
//   message   "<ExcType>: <text>" (just "<ExcType>" when the text is empty)
//   details   {"exception_type": "<ExcType>", "traceback": "Traceback (most recent call last):..."}
// Exception types outside builtins are qualified by their module ("gain.BadInput").
//
// Tracebacks are byte-identical on every target: frames keep the file names the runtime compiled
// the code under (a user module as written in the manifest, "<node:ID>" for inline source,
// "<remotemedia>/remotemedia/..." for the embedded package); stdlib frames are shown as
// "<stdlib>/json/decoder.py" without source lines (the wasm stdlib ships without sources).
#pragma once

#include <string>

#include "remotemedia/status.h"

namespace remotemedia::python {

struct PythonException {
  std::string type;       // "ZeroDivisionError", "gain.BadInput"
  std::string message;    // "ZeroDivisionError: division by zero"
  std::string traceback;  // no trailing newline; empty if it could not be formatted
};

// Fetches and clears the pending exception. Without one (a C API misuse) it reports a
// SystemError rather than crashing. Never leaves an exception set.
PythonException fetch_python_exception();

// Sets aside the memory fetch_python_exception() frees to format a MemoryError (so its traceback
// is not lost to the exhaustion that raised it). Called when the interpreter starts.
void reserve_formatting_memory();

// fetch_python_exception() as an Error (a MemoryError becomes `out_of_memory`, a run failure,
// whatever `code` and `category` say): `code` (e.g. errc::python_error), the formatted message
// (after `prefix` when given), `node_id`, and exception_type/traceback details.
Error python_exception_error(ErrorCategory category, std::string code, const std::string& node_id,
                             const std::string& prefix = {});

// The common case: a run failure with code `python_error`.
Error python_error(const std::string& node_id);

}  // namespace remotemedia::python
