#include "entry/read_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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

}  // namespace

Result<std::string> read_input(const std::string& path, std::uint64_t max_bytes,
                               const std::string& flag) {
  bool is_stdin = path == "-";
  int fd = is_stdin ? 0 : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return invalid_input(errc::io_error, "cannot open '" + path + "': " + std::strerror(errno));
  }
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
