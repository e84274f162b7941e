// The supervisor behind `remotemedia run` and `validate` (docs/cli.md, "The process model").
//
// The parent never runs a node. supervise() forks a child in its own process group
// (PR_SET_PDEATHSIG(SIGKILL): it dies with the parent) whose fd 0 is /dev/null or a pipe the
// parent feeds `child_stdin` into, whose fd 1 is the parent's stderr, and which gets a private
// pipe (the result descriptor) for its document. The parent collects that document and returns
// it as a RunReport, or makes one itself:
//   - the child's document, with the child's exit code, when a whole one arrived (one line
//     `{"status": ...}` and a newline) and the child exited 0, 1 or 2;
//   - `timeout` (exit 1) when `timeout_seconds` passed: the child's process group is killed;
//   - `interrupted` (exit 1) when the parent got SIGINT, SIGTERM or SIGHUP (same kill);
//   - else `wasm_host_failed` (wasm) or `run_crashed` (native), exit 1, naming the exit code or
//     the signal that ended the child.
// Whatever happens, the child's whole process group is killed and reaped before supervise()
// returns, and so is every process the run started in another group or session (the parent is
// their subreaper, cli/descendants.h), so no process outlives the run. When the child's own document is passed on, the
// returned report's error_line is empty for a native child (it wrote its line to stderr itself)
// and made from the document for a wasm child.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "entry/report_output.h"

namespace remotemedia {

struct SuperviseOptions {
  // 0: no timeout.
  double timeout_seconds = 0;
  // The --timeout value as the user typed it, for the message.
  std::string timeout_text;
  // RLIMIT_AS for the child; 0: unlimited. Ignored under AddressSanitizer (its shadow memory
  // needs terabytes of address space).
  std::uint64_t max_memory_bytes = 0;
  // The most the result descriptor may carry; past it the child's group is killed and the run
  // ends with output_limit naming `result_limit_text`. 0: unbounded.
  std::uint64_t max_result_bytes = 0;
  std::string result_limit_text;
  // Selects the fallback code: wasm_host_failed (the child is the wasm host) or run_crashed.
  bool wasm = false;
  // When true, the child's stdin is a pipe fed with `child_stdin`, then closed; else /dev/null.
  bool feed_stdin = false;
  std::string child_stdin;
};

// Runs in the forked child with the result descriptor (O_CLOEXEC; clear it before an exec that
// must inherit it). Returns the child's exit code; may instead exec or _exit.
using ChildBody = std::function<int(int result_fd)>;

// Installs the parent's SIGINT/SIGTERM/SIGHUP handlers (they record the signal; supervise()
// acts on it). Idempotent; supervise() calls it too. Call it early in commands that create
// resources before supervising (bundle extraction). SIGPIPE is main()'s business: it ignores it
// for every command.
void install_interrupt_handlers();
// The signal recorded by those handlers, 0 when none arrived.
int interrupt_signal();
// The `interrupted` report for `signal_number`.
RunReport interrupted_report(int signal_number);

RunReport supervise(const SuperviseOptions& options, const ChildBody& child);

// "SIGSEGV" for SIGSEGV, "signal N" for signals without a short name here.
std::string signal_name(int signal_number);

}  // namespace remotemedia
