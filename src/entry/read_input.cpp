#include "entry/read_input.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace remotemedia {
namespace {

std::string shown_name(const std::string& path) {
  return path == "-" ? std::string("<stdin>") : path;
}

Error too_large(const std::string& path, std::uint64_t max_bytes, const std::string& flag) {
  std::string message =
      "'" + shown_name(path) + "' is larger than " + std::to_string(max_bytes) + " bytes";
  if (!flag.empty()) message += " (raise the limit with " + flag + ")";
  return invalid_input(errc::input_too_large, message);
}

// Waits until `fd` is readable under `wait`: OK to read, or the timeout / interruption to report.
// A null result with `*stop` false means: read now.
class Waiter {
 public:
  explicit Waiter(const ReadWait* wait) : wait_(wait) {
    if (wait_ != nullptr && wait_->timeout_seconds > 0) {
      deadline_ = std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(wait_->timeout_seconds));
    }
  }

  // OK when `fd` can be read without blocking past the deadline; the error to report otherwise.
  Status ready(int fd) const {
    if (wait_ == nullptr) return Status::ok();
    for (;;) {
      if (interrupted()) return interrupted_error();
      int timeout_ms = -1;
      if (wait_->timeout_seconds > 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline_ - std::chrono::steady_clock::now());
        if (left.count() <= 0) return timeout_error();
        timeout_ms = static_cast<int>(std::min<std::int64_t>(left.count() + 1, 1 << 30));
      }
      pollfd p{fd, POLLIN, 0};
      int n = poll(&p, 1, timeout_ms);
      if (n > 0) return Status::ok();  // readable, at its end, or failed: read() tells which
      if (n < 0 && errno != EINTR) return Status::ok();
    }
  }

  bool interrupted() const {
    return wait_ != nullptr && wait_->interrupted && wait_->interrupted();
  }
  static Error interrupted_error() {
    // The caller replaces it with its own interrupted document; this only stops the read.
    return run_failure(errc::interrupted, "the input was not read: interrupted");
  }
  Error timeout_error() const {
    return run_failure(errc::timeout,
                       "the input was not read within " + wait_->timeout_text + " s (--timeout)");
  }

 private:
  const ReadWait* wait_;
  std::chrono::steady_clock::time_point deadline_{};
};

}  // namespace

Result<std::string> read_input(const std::string& path, std::uint64_t max_bytes,
                               const std::string& flag, const ReadWait* wait) {
  Waiter waiter(wait);
  bool is_stdin = path == "-";
  // With a wait, a FIFO must not block open() until its writer comes: open without waiting, then
  // make reads blocking again (each one only after poll() said it will not block).
  int fd = is_stdin ? 0 : open(path.c_str(), O_RDONLY | O_CLOEXEC | (wait ? O_NONBLOCK : 0));
  if (fd < 0) {
    return invalid_input(errc::io_error, "cannot open '" + path + "': " + std::strerror(errno));
  }
  if (wait != nullptr && !is_stdin) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  struct stat info {};
  if (fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    if (!is_stdin) close(fd);
    return invalid_input(errc::io_error, "'" + shown_name(path) + "' is a directory");
  }
  if (S_ISREG(info.st_mode) && static_cast<std::uint64_t>(info.st_size) > max_bytes) {
    if (!is_stdin) close(fd);
    return too_large(path, max_bytes, flag);
  }
  std::string text;
  if (S_ISREG(info.st_mode) && info.st_size > 0)
    text.reserve(static_cast<std::size_t>(info.st_size));
  char chunk[1 << 16];
  int read_errno = 0;
  bool over = false;
  for (;;) {
    // Never ask for more than one byte past the cap.
    std::uint64_t room = max_bytes + 1 - text.size();
    std::size_t want = room < sizeof chunk ? static_cast<std::size_t>(room) : sizeof chunk;
    if (Status ready = waiter.ready(fd); !ready.is_ok()) {
      if (!is_stdin) close(fd);
      return ready.error();
    }
    ssize_t n = read(fd, chunk, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      read_errno = errno;
      break;
    }
    if (n == 0) break;
    text.append(chunk, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) {
      over = true;
      break;
    }
  }
  if (!is_stdin) close(fd);
  if (over) return too_large(path, max_bytes, flag);
  if (read_errno != 0) {
    if (read_errno == EISDIR) {
      return invalid_input(errc::io_error, "'" + shown_name(path) + "' is a directory");
    }
    return invalid_input(errc::io_error,
                         "cannot read '" + shown_name(path) + "': " + std::strerror(read_errno));
  }
  return text;
}

Result<std::string> read_key_file(const std::string& path) {
  return read_input(path, kMaxKeyFileBytes, "");
}

std::string directory_of(const std::string& path) {
  if (path == "-") return ".";
  std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace remotemedia
