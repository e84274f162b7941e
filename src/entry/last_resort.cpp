#include "entry/last_resort.h"

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <new>

#include "entry/fixed_documents.h"
#include "entry/report_output.h"

#if !defined(__wasi__)
#include <pthread.h>
#include <signal.h>
#endif

namespace remotemedia {
namespace {

void write_all(int fd, const char* text, std::size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, text, size);
    if (n <= 0) return;
    text += n;
    size -= static_cast<std::size_t>(n);
  }
}

[[noreturn]] void write_fixed_and_exit(const char* document, std::size_t document_size,
                                       const char* line, std::size_t line_size) {
  write_all(result_descriptor(), document, document_size);
  write_all(2, line, line_size);
  _exit(kLastResortExitCode);
}

void on_new_failure() {
  exit_out_of_memory();
}

#if !defined(__wasi__)
// The main thread's stack: [low, high). A fault below `low` by up to kGuardSlack (the guard gap)
// also counts as an overflow.
std::uintptr_t g_stack_low = 0;
std::uintptr_t g_stack_high = 0;
constexpr std::uintptr_t kGuardSlack = std::uintptr_t{1} << 20;
constexpr std::size_t kAltStackSize = 256 << 10;

void on_fault(int signal_number, siginfo_t* info, void*) {
  auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
  bool overflow =
      g_stack_high != 0 && address < g_stack_high && address + kGuardSlack >= g_stack_low;
  if (overflow) {
    write_fixed_and_exit(kStackOverflowDocument, sizeof kStackOverflowDocument - 1,
                         kStackOverflowLine, sizeof kStackOverflowLine - 1);
  }
  // Not ours to explain: let the fault end the process with its signal.
  signal(signal_number, SIG_DFL);
}

void record_stack_bounds() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void* base = nullptr;
  std::size_t size = 0;
  if (pthread_attr_getstack(&attr, &base, &size) == 0) {
    g_stack_low = reinterpret_cast<std::uintptr_t>(base);
    g_stack_high = g_stack_low + size;
  }
  pthread_attr_destroy(&attr);
}

void install_fault_handler() {
  record_stack_bounds();
  // Allocated once and never freed: the handler runs on it for the rest of the process.
  static void* alt_stack = std::malloc(kAltStackSize);
  if (alt_stack == nullptr) return;
  stack_t stack{};
  stack.ss_sp = alt_stack;
  stack.ss_size = kAltStackSize;
  if (sigaltstack(&stack, nullptr) != 0) return;
  struct sigaction action {};
  action.sa_sigaction = on_fault;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, nullptr);
  sigaction(SIGBUS, &action, nullptr);
}
#endif

}  // namespace

void exit_out_of_memory() {
  write_fixed_and_exit(kOutOfMemoryDocument, sizeof kOutOfMemoryDocument - 1, kOutOfMemoryLine,
                       sizeof kOutOfMemoryLine - 1);
}

void install_last_resort_handlers() {
  std::set_new_handler(on_new_failure);
#if !defined(__wasi__)
  install_fault_handler();
#endif
}

}  // namespace remotemedia
