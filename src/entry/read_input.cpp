#include "entry/read_input.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace remotemedia {

Result<std::string> read_input(const std::string& path) {
  bool is_stdin = path == "-";
  std::FILE* file = is_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return invalid_input("io_error", "cannot open '" + path + "': " + std::strerror(errno));
  }
  std::string text;
  char chunk[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0) text.append(chunk, n);
  bool failed = std::ferror(file) != 0;
  int read_errno = errno;
  if (!is_stdin) std::fclose(file);
  if (failed) {
    return invalid_input("io_error", "cannot read '" + (is_stdin ? std::string("<stdin>") : path) +
                                         "': " + std::strerror(read_errno));
  }
  return text;
}

std::string directory_of(const std::string& path) {
  if (path == "-") return ".";
  std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace remotemedia
