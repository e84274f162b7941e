// How every entry point (native CLI, wasm command) hands a RunReport to the outside world, so
// they print the same bytes: the result JSON and a newline on stdout, the human error line and
// (optionally) metrics on stderr.
#pragma once

#include <string>

#include "core/run_document.h"

namespace remotemedia {

// Writes `text` and a newline to stdout and flushes: how every command prints its one document.
void write_stdout_line(const std::string& text);

// Writes the report and returns its exit code.
int write_report(const RunReport& report, bool with_metrics);

}  // namespace remotemedia
