// The process-wide embedded CPython 3.11 interpreter (the main one). It runs no node code: each
// pipeline's Python runs in a sub-interpreter of its own (sub_interpreter.h).
//
// Life cycle: created lazily by the first ensure_interpreter() call (the first Python node type a
// pipeline builds), kept until the process exits, never finalised: Buffers adopted from Python
// memory may outlive every pipeline, and their deleters only touch Python while it is initialised.
// Single-threaded: the thread that started the interpreter holds the GIL for good; no other thread
// may call into the bridge.
//
// The interpreter is isolated from the host: PyConfig_InitIsolatedConfig, no `site`, no bytecode
// writes, no signal handlers, hash seed 0 (so set and dict-of-set ordering is the same on every
// run and target), UTF-8 mode, an explicit module search path, sys.stdout routed to sys.stderr (the
// runtime's stdout carries exactly one JSON document), and one recursion limit on every target.
#pragma once

#include <string>
#include <vector>

#include "remotemedia/status.h"

namespace remotemedia::python {

// Deep recursion must raise RecursionError, never overflow the native stack. 350 is safe under
// Node and in browser workers (docs/python-nodes.md); using the same value natively makes the
// RecursionError output identical on every target.
constexpr int kDefaultRecursionLimit = 350;

struct InterpreterOptions {
  int recursion_limit = kDefaultRecursionLimit;
  // Directories or zip files holding the stdlib and extension modules, in search order.
  std::vector<std::string> module_search_paths;
};

// This build's defaults: the stdlib and lib-dynload directories of the CPython found at configure
// time (natively), and kDefaultRecursionLimit.
InterpreterOptions default_interpreter_options();

// Replaces the options the interpreter will start with. Fails with `python_already_started` once
// the interpreter runs (hosts call this before building any pipeline).
Status configure_interpreter(InterpreterOptions options);

// Starts the interpreter on the first call; later calls cost a flag check. Every PyStatus of the
// start is checked; a failed start is reported as `python_init_failed` now and on every later call
// (CPython cannot be started twice in one process).
Status ensure_interpreter();

bool interpreter_started();

// The options the running interpreter was started with (defaults before the start).
const InterpreterOptions& interpreter_options();

}  // namespace remotemedia::python
