// Last-resort paths of a process that runs a document (the native supervisor's child, the wasm
// command): when an allocation fails or the stack overflows, write a fixed document
// (fixed_documents.h) to the result descriptor and its human line to stderr with write(2), then
// _exit(1). Nothing on these paths allocates.
#pragma once

namespace remotemedia {

// Installs the handlers, using result_descriptor() as it is when they fire:
// - std::set_new_handler: a failed operator new writes the `out_of_memory` document;
// - natively (not on WASI): an alternate signal stack and a SIGSEGV/SIGBUS handler; a fault at an
//   address in or just below the main thread's stack is a stack overflow (`stack_overflow`
//   document); any other fault restores the default action and re-raises it, so the supervisor
//   sees the signal and reports `run_crashed`.
// Call once, from the main thread, before running anything.
void install_last_resort_handlers();

// Writes the `out_of_memory` document and line, then _exit(1). Usable from any failure path
// that finds memory exhausted (e.g. the Python allocator's own failure).
[[noreturn]] void exit_out_of_memory();

}  // namespace remotemedia
