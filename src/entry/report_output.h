// What a command-line entry point (the native CLI and its child, the wasm command) prints for a
// run, so they print the same bytes: the result JSON and a newline on the result descriptor
// (stdout unless an entry point chose another), the human error line and (optionally) metrics on
// stderr, and the exit code. The runtime makes documents; exit codes and human lines are made
// here.
#pragma once

#include <string>

#include "remotemedia/runtime.h"

namespace remotemedia {

constexpr int kExitSuccess = 0;
constexpr int kExitRunFailure = 1;
constexpr int kExitInvalidInput = 2;

struct RunReport {
  int exit_code = 0;        // 0 success, 1 run failure, 2 invalid input
  std::string result_json;  // exactly one JSON document, no trailing newline
  std::string error_line;   // one human line for stderr; empty on success
  RunMetrics metrics;
};

// The exit code of an error: 2 for invalid input, 1 for a run failure.
int exit_code_of(const Error& error);
// "remotemedia: error [code] in node 'id': message (option)", on one line.
std::string human_error_line(const Error& error, const CallOptions& options);
// The human line for an error document another process wrote (the wasm child's), or "" when
// `document` is not one ({"status": "error", "error": {"code", "message"[, "node_id"]}}).
std::string human_error_line_of_document(const std::string& document);
// The report of a run, and of an error found outside one (unreadable file, bad CLI usage), with
// options named as `options` spells them.
RunReport report_of(RunResult result, const CallOptions& options);
RunReport report_error(const Error& error, const CallOptions& options = {});
// {"metrics": {...}}: timings and per-node counters, for stderr.
std::string metrics_json(const RunMetrics& metrics);

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
