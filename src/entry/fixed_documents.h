// The preformatted documents of the last-resort paths: written with write(2) alone, when nothing
// else may be allocated or trusted any more (a failed allocation, a stack overflow). The JS
// package (js/runtime/src/host_documents.ts) writes the same bytes for the same events in wasm,
// so both targets print identical output; keep the two copies in step (tests/cli/process_test.sh
// and the golden cases compare them). Each document is exactly what write_report would print for the
// corresponding Error: one line, then "\n". The matching human line goes to stderr.
#pragma once

namespace remotemedia {

// Code `out_of_memory`, exit 1: an allocation failed where no error could be reported normally.
constexpr char kOutOfMemoryDocument[] =
    "{\"status\": \"error\", \"error\": {\"code\": \"out_of_memory\", \"message\": \"the run "
    "ran out of memory\"}}\n";
constexpr char kOutOfMemoryLine[] =
    "remotemedia: error [out_of_memory]: the run ran out of memory\n";

// Code `stack_overflow`, exit 1: the native (or wasm) stack was exhausted, e.g. by recursion in C
// code that Python's recursion limit does not count.
constexpr char kStackOverflowDocument[] =
    "{\"status\": \"error\", \"error\": {\"code\": \"stack_overflow\", \"message\": \"the run "
    "exhausted its stack (recursion too deep)\"}}\n";
constexpr char kStackOverflowLine[] =
    "remotemedia: error [stack_overflow]: the run exhausted its stack (recursion too deep)\n";

// The exit code of both.
constexpr int kLastResortExitCode = 1;

}  // namespace remotemedia
