#include "cli/supervisor.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/descendants.h"
#include "core/json_reader.h"
#include "core/sanitizers.h"
#include "entry/last_resort.h"
#include "entry/report_output.h"

namespace remotemedia {
namespace {

volatile sig_atomic_t g_interrupt = 0;
int g_wake_pipe[2] = {-1, -1};  // written by the handlers, polled by supervise()
bool g_handlers_installed = false;

void wake() {
  int saved = errno;
  if (g_wake_pipe[1] >= 0) {
    char byte = 0;
    ssize_t ignored = write(g_wake_pipe[1], &byte, 1);
    (void)ignored;
  }
  errno = saved;
}

void on_interrupt(int signal_number) {
  if (g_interrupt == 0) g_interrupt = signal_number;
  wake();
}

void on_child(int) {
  wake();
}

double now_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void set_nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

void drain_wake_pipe() {
  char buffer[64];
  while (read(g_wake_pipe[0], buffer, sizeof buffer) > 0) {
  }
}

// Reads what is available from `fd` into `out`, stopping once `out` holds more than `cap` bytes
// (0: no cap); returns false at end of file, on an error or past the cap.
bool read_available(int fd, std::string* out, std::uint64_t cap) {
  char buffer[1 << 16];
  for (;;) {
    if (cap != 0 && out->size() > cap) return false;
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
      out->append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;
  }
}

bool over_result_limit(const SuperviseOptions& options, const std::string& bytes) {
  return options.max_result_bytes != 0 && bytes.size() > options.max_result_bytes;
}

// One line `{"status": ...}` ending in the only newline: what write_report writes. Anything else
// (nothing, a cut-off document, bytes a node wrote to the descriptor) is not a result.
bool whole_document(const std::string& bytes) {
  static const char kStart[] = "{\"status\": ";
  if (bytes.size() < sizeof kStart + 1 || bytes.compare(0, sizeof kStart - 1, kStart) != 0) {
    return false;
  }
  if (bytes[bytes.size() - 1] != '\n' || bytes[bytes.size() - 2] != '}') return false;
  if (bytes.find('\n') != bytes.size() - 1) return false;
  // The whole of it is one JSON object: a node that wrote `{"status": ...` to the descriptor
  // before the runtime's own document makes `{forged}{real}`, which this refuses.
  Result<Value> parsed = parse_json(std::string_view(bytes).substr(0, bytes.size() - 1));
  return parsed.is_ok() && parsed->as_map() != nullptr && parsed->as_map()->find("status");
}

// Every signal whose default action ends the process and that a user or a system may send: the
// parent catches them all, so a run ends with a document (`interrupted`) and its extraction
// directory removed, whichever arrives. Only SIGKILL (and SIGSTOP) cannot be caught.
constexpr int kInterruptSignals[] = {SIGINT,  SIGTERM, SIGHUP,    SIGQUIT, SIGUSR1,
                                     SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU};

[[noreturn]] void child_main(const SuperviseOptions& options, const ChildBody& body, pid_t parent,
                             int result_fd, int stdin_fd) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(kExitRunFailure);
  for (int signal_number : kInterruptSignals) signal(signal_number, SIG_DFL);
  signal(SIGCHLD, SIG_DFL);
  // Background process group: never stop on terminal access.
  signal(SIGTTIN, SIG_IGN);
  signal(SIGTTOU, SIG_IGN);
  close(g_wake_pipe[0]);
  close(g_wake_pipe[1]);
  if (stdin_fd < 0) stdin_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (stdin_fd >= 0 && stdin_fd != 0) {
    dup2(stdin_fd, 0);
    close(stdin_fd);
  }
  // What a node writes to fd 1 goes to stderr; the result has its own descriptor.
  dup2(2, 1);
#if REMOTEMEDIA_ADDRESS_SANITIZER
  (void)options.max_memory_bytes;  // ASan's shadow memory needs terabytes of address space
#else
  if (options.max_memory_bytes != 0) {
    rlimit limit{};
    limit.rlim_cur = options.max_memory_bytes;
    limit.rlim_max = options.max_memory_bytes;
    setrlimit(RLIMIT_AS, &limit);
  }
#endif
  set_result_descriptor(result_fd);
  int code = body(result_fd);
  std::fflush(stdout);
  std::fflush(stderr);
  _exit(code);
}

RunReport crash_report(const SuperviseOptions& options, int status) {
  std::string how = WIFSIGNALED(status)
                        ? "was ended by " + signal_name(WTERMSIG(status))
                        : "ended with exit code " + std::to_string(WEXITSTATUS(status));
  if (options.wasm) {
    return report_error(run_failure(errc::wasm_host_failed,
                                    "the wasm host " + how + " without writing a result document"));
  }
  return report_error(
      run_failure(errc::run_crashed, "the run " + how + " without writing a result document"));
}

void kill_group(pid_t child) {
  kill(-child, SIGKILL);
  kill(child, SIGKILL);  // in case it had not reached setpgid yet
}

}  // namespace

std::string signal_name(int signal_number) {
  switch (signal_number) {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGBUS:
      return "SIGBUS";
    case SIGABRT:
      return "SIGABRT";
    case SIGKILL:
      return "SIGKILL";
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGHUP:
      return "SIGHUP";
    case SIGQUIT:
      return "SIGQUIT";
    case SIGUSR1:
      return "SIGUSR1";
    case SIGUSR2:
      return "SIGUSR2";
    case SIGALRM:
      return "SIGALRM";
    case SIGVTALRM:
      return "SIGVTALRM";
    case SIGPROF:
      return "SIGPROF";
    case SIGILL:
      return "SIGILL";
    case SIGFPE:
      return "SIGFPE";
    case SIGPIPE:
      return "SIGPIPE";
    case SIGXCPU:
      return "SIGXCPU";
    case SIGTRAP:
      return "SIGTRAP";
    default:
      return "signal " + std::to_string(signal_number);
  }
}

void install_interrupt_handlers() {
  if (g_handlers_installed) return;
  g_handlers_installed = true;
  if (pipe2(g_wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_wake_pipe[0] = g_wake_pipe[1] = -1;
  struct sigaction action {};
  sigemptyset(&action.sa_mask);
  action.sa_handler = on_interrupt;
  for (int signal_number : kInterruptSignals) sigaction(signal_number, &action, nullptr);
  action.sa_handler = on_child;
  action.sa_flags = SA_NOCLDSTOP;
  sigaction(SIGCHLD, &action, nullptr);
}

int interrupt_signal() {
  return g_interrupt;
}

RunReport interrupted_report(int signal_number) {
  return report_error(
      run_failure(errc::interrupted, "the run was interrupted by " + signal_name(signal_number)));
}

RunReport supervise(const SuperviseOptions& options, const ChildBody& child) {
  install_interrupt_handlers();
  if (g_interrupt != 0) return interrupted_report(g_interrupt);
  adopt_orphans();

  int result_pipe[2];
  if (pipe2(result_pipe, O_CLOEXEC) != 0) {
    return report_error(run_failure(
        errc::run_crashed, std::string("cannot create the result pipe: ") + std::strerror(errno)));
  }
  int stdin_pipe[2] = {-1, -1};
  if (options.feed_stdin && pipe2(stdin_pipe, O_CLOEXEC) != 0) {
    close(result_pipe[0]);
    close(result_pipe[1]);
    return report_error(run_failure(
        errc::run_crashed, std::string("cannot create the input pipe: ") + std::strerror(errno)));
  }
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    close(result_pipe[0]);
    if (stdin_pipe[1] >= 0) close(stdin_pipe[1]);
    child_main(options, child, parent, result_pipe[1], stdin_pipe[0]);
  }
  close(result_pipe[1]);
  if (stdin_pipe[0] >= 0) close(stdin_pipe[0]);
  if (pid < 0) {
    close(result_pipe[0]);
    if (stdin_pipe[1] >= 0) close(stdin_pipe[1]);
    return report_error(run_failure(errc::run_crashed,
                                    std::string("cannot start the run: ") + std::strerror(errno)));
  }
  setpgid(pid, pid);

  int result_fd = result_pipe[0];
  int feed_fd = stdin_pipe[1];
  set_nonblocking(result_fd);
  if (feed_fd >= 0) set_nonblocking(feed_fd);
  std::size_t fed = 0;
  std::string bytes;
  bool result_open = true;
  bool exited = false;
  bool timed_out = false;
  double deadline = options.timeout_seconds > 0 ? now_seconds() + options.timeout_seconds : 0;

  while (!exited) {
    if (g_interrupt != 0) break;
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == pid) {
      exited = true;
      break;
    }
    int wait_ms = -1;
    if (deadline > 0) {
      double left = deadline - now_seconds();
      if (left <= 0) {
        timed_out = true;
        break;
      }
      wait_ms = static_cast<int>(left * 1000) + 1;
    }
    pollfd fds[3];
    nfds_t count = 0;
    fds[count++] = pollfd{g_wake_pipe[0], POLLIN, 0};
    int result_index = -1;
    int feed_index = -1;
    if (result_open) {
      result_index = static_cast<int>(count);
      fds[count++] = pollfd{result_fd, POLLIN, 0};
    }
    if (feed_fd >= 0) {
      feed_index = static_cast<int>(count);
      fds[count++] = pollfd{feed_fd, POLLOUT, 0};
    }
    int ready = poll(fds, count, wait_ms);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    if (fds[0].revents != 0) drain_wake_pipe();
    if (result_index >= 0 && fds[result_index].revents != 0) {
      result_open = read_available(result_fd, &bytes, options.max_result_bytes);
      if (over_result_limit(options, bytes)) break;
    }
    if (feed_index >= 0 && fds[feed_index].revents != 0) {
      const std::string& input = options.child_stdin;
      while (fed < input.size()) {
        ssize_t n = write(feed_fd, input.data() + fed, input.size() - fed);
        if (n > 0) {
          fed += static_cast<std::size_t>(n);
        } else if (n < 0 && errno == EINTR) {
          continue;
        } else {
          break;
        }
      }
      bool would_block = fed < input.size() && (errno == EAGAIN || errno == EWOULDBLOCK);
      if (fed == input.size() || !would_block) {
        close(feed_fd);  // all fed, or the child stopped reading (EPIPE): either way, EOF
        feed_fd = -1;
      }
    }
  }

  // Nothing of the run may outlive it: its process group now, its orphans once it is reaped.
  kill_group(pid);
  if (feed_fd >= 0) close(feed_fd);
  if (result_open) read_available(result_fd, &bytes, options.max_result_bytes);
  close(result_fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // And what the run started in a session or group of its own, reparented here.
  kill_descendants();

  if (g_interrupt != 0) return interrupted_report(g_interrupt);
  if (over_result_limit(options, bytes)) {
    Error error = run_failure(errc::output_limit, "the run's result exceeded " +
                                                      std::to_string(options.max_result_bytes) +
                                                      " bytes (" + options.result_limit_text + ")");
    return report_error(std::move(error));
  }
  if (timed_out) {
    return report_error(run_failure(
        errc::timeout, "the run did not finish within " + options.timeout_text + " s (--timeout)"));
  }
  bool exited_normally = WIFEXITED(status) && WEXITSTATUS(status) <= kExitInvalidInput;
  if (exited_normally && whole_document(bytes)) {
    RunReport report;
    report.exit_code = WEXITSTATUS(status);
    bytes.pop_back();
    report.result_json = std::move(bytes);
    // The native child wrote its own line; the wasm child (a script around the JS package)
    // leaves it to the one formatter here.
    if (options.wasm && report.exit_code != kExitSuccess) {
      report.error_line = human_error_line_of_document(report.result_json);
    }
    return report;
  }
  return crash_report(options, status);
}

}  // namespace remotemedia
