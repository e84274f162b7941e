#include "core/contained_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "core/contained_path.h"

namespace remotemedia {
namespace {

std::string stamp_of(const struct stat& info) {
  return std::to_string(info.st_size) + ":" + std::to_string(info.st_mtim.tv_sec) + "." +
         std::to_string(info.st_mtim.tv_nsec);
}

}  // namespace

std::string file_stamp(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return "";
  return stamp_of(info);
}

ContainedFile read_contained_file(const std::string& base_dir, const std::string& relative,
                                  std::uint64_t max_bytes) {
  ContainedFile file;
  ContainedPath contained = resolve_contained(base_dir, relative);
  if (contained.state == Containment::kOutside) {
    file.outcome = FileRead::kOutside;
    return file;
  }
  if (contained.state == Containment::kMissing) return file;
  file.path = contained.path;
  int fd = open(file.path.c_str(), O_RDONLY);
  if (fd < 0) {
    file.outcome = errno == ENOENT ? FileRead::kMissing : FileRead::kUnreadable;
    return file;
  }
  struct stat info;
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    close(fd);
    file.outcome = FileRead::kNotRegular;
    return file;
  }
  if (static_cast<std::uint64_t>(info.st_size) > max_bytes) {
    close(fd);
    file.outcome = FileRead::kTooLarge;
    return file;
  }
  std::size_t size = static_cast<std::size_t>(info.st_size);
  Buffer bytes = Buffer::allocate(size);
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = read(fd, bytes.mutable_data() + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  close(fd);
  if (done != size) {
    file.outcome = FileRead::kUnreadable;
    return file;
  }
  file.outcome = FileRead::kRead;
  file.bytes = std::move(bytes);
  file.stamp = stamp_of(info);
  return file;
}

}  // namespace remotemedia
