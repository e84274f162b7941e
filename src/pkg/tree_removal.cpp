#include "pkg/tree_removal.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace remotemedia::pkg {
namespace {

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

Error removal_error(const std::string& root, const std::string& what, int error_number) {
  return invalid_input(errc::io_error, "cannot remove the run directory '" + root + "' (" + what +
                                           "): " + std::strerror(error_number));
}

// Opens the subdirectory `name` of `dir`, making it accessible first when a node removed its
// permissions.
int open_subdirectory(int dir, const char* name) {
  int fd = openat(dir, name, kDirFlags);
  if (fd < 0 && errno == EACCES) {
    fchmodat(dir, name, 0700, 0);
    fd = openat(dir, name, kDirFlags);
  }
  return fd;
}

// Removes every non-directory entry of `dir` and every empty subdirectory. Returns the name of a
// non-empty subdirectory to descend into ("" when `dir` is now empty); -1 in *error_number on
// failure.
std::string clear_level(int dir, int* error_number) {
  *error_number = 0;
  fchmod(dir, 0700);
  int listing = dup(dir);
  if (listing < 0) {
    *error_number = errno;
    return "";
  }
  DIR* stream = fdopendir(listing);
  if (stream == nullptr) {
    *error_number = errno;
    close(listing);
    return "";
  }
  rewinddir(stream);
  std::string descend;
  while (dirent* entry = readdir(stream)) {
    const char* name = entry->d_name;
    if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0) continue;
    if (unlinkat(dir, name, 0) == 0) continue;
    if (errno != EISDIR && errno != EPERM) {
      if (errno != ENOENT) *error_number = errno;
      continue;
    }
    if (unlinkat(dir, name, AT_REMOVEDIR) == 0) continue;
    if (errno == ENOTEMPTY || errno == EEXIST || errno == EACCES) {
      descend = name;
      break;
    }
    if (errno != ENOENT) *error_number = errno;
  }
  closedir(stream);
  return descend;
}

}  // namespace

Status remove_tree(const std::string& root) {
  int dir = open(root.c_str(), kDirFlags);
  if (dir < 0) {
    if (errno == ENOENT) return Status::ok();
    return removal_error(root, "open", errno);
  }
  std::vector<std::string> path;  // names from root down to `dir`
  int first_error = 0;
  for (;;) {
    int error_number = 0;
    std::string next = clear_level(dir, &error_number);
    if (error_number != 0 && first_error == 0) first_error = error_number;
    if (!next.empty()) {
      int child = open_subdirectory(dir, next.c_str());
      if (child >= 0) {
        close(dir);
        dir = child;
        path.push_back(next);
        continue;
      }
      if (first_error == 0) first_error = errno;
      // Cannot enter it: leave it, finish the rest.
    }
    if (path.empty()) break;
    int parent = openat(dir, "..", kDirFlags);
    close(dir);
    if (parent < 0) return removal_error(root, "reopen a parent", errno);
    dir = parent;
    if (unlinkat(dir, path.back().c_str(), AT_REMOVEDIR) != 0 && first_error == 0) {
      first_error = errno;
      // A directory that cannot be removed: stop retrying it.
      close(dir);
      return removal_error(root, "a subdirectory", first_error);
    }
    path.pop_back();
  }
  close(dir);
  if (rmdir(root.c_str()) != 0 && first_error == 0) first_error = errno;
  if (first_error != 0) return removal_error(root, "entries", first_error);
  return Status::ok();
}

}  // namespace remotemedia::pkg
