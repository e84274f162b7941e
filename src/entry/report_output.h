// How every entry point (native CLI, wasm command) hands a RunReport to the outside world, so
// they print the same bytes: the result JSON and a newline on the result descriptor (stdout unless
// an entry point chose another), the human error line and (optionally) metrics on stderr.
#pragma once

#include <string>

#include "core/run_document.h"

namespace remotemedia {

// Where documents go from now on: fd 1 until set. A supervisor hands its child a private pipe here
// so that nothing a node writes to (or closes on) fd 1 reaches the result. The caller keeps the
// descriptor open for as long as documents are written; it is never closed here.
void set_result_descriptor(int fd);
int result_descriptor();

// Writes `text` and a newline to the result descriptor, all of it (retrying short writes and
// EINTR). Returns false, after one line on stderr naming the failure, when the bytes could not all
// be written (EPIPE, ENOSPC, EBADF, ...).
bool write_stdout_line(const std::string& text);

// Writes the report and returns its exit code; kExitRunFailure instead when the document could
// not be written.
int write_report(const RunReport& report, bool with_metrics);

}  // namespace remotemedia
