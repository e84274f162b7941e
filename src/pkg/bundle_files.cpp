#include "pkg/bundle_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "pkg/refusal.h"
#include "pkg/tree_removal.h"

namespace remotemedia::pkg {

Result<Bundle> read_bundle_file(const std::string& path, const ReadOptions& options) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return invalid_input(errc::bundle_unreadable,
                         "cannot open '" + path + "': " + std::strerror(errno));
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return invalid_input(errc::bundle_unreadable, "'" + path + "' is not a regular file");
  }
  if (static_cast<std::uint64_t>(st.st_size) > options.limits.max_bundle_bytes) {
    close(fd);
    return invalid_input(errc::bundle_too_large, "'" + path + "' is larger than the limit");
  }
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = read(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      close(fd);
      return invalid_input(errc::bundle_unreadable, "cannot read '" + path + "'");
    }
    done += static_cast<std::size_t>(n);
  }
  close(fd);
  return read_bundle(bytes, options);
}

Result<std::string> extract_bundle(const Bundle& bundle,
                                   const std::function<Status()>& keep_going) {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/rmpkg-XXXXXX";
  if (mkdtemp(templ.data()) == nullptr) {
    return invalid_input(errc::bundle_extract_failed, "cannot create a temporary directory: " +
                                                          std::string(std::strerror(errno)));
  }
  std::string root = templ;
  // Every failure removes what was written; the reason to stop is the error to report.
  auto stop = [&](Status status) -> Error {
    Status removed = remove_tree(root);
    (void)removed;
    return status.take_error();
  };
  auto fail = [&](const std::string& name, const std::string& why) -> Error {
    return stop(refuse(errc::bundle_extract_failed, name, why + ": " + std::strerror(errno)));
  };
  for (const auto& [name, data] : bundle.files) {
    if (keep_going) {
      Status status = keep_going();
      if (!status) return stop(std::move(status));
    }
    Status valid = validate_entry_name(name);  // defence in depth
    if (!valid) return stop(std::move(valid));
    int dir = open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir < 0) return fail(name, "cannot open the extraction root");
    std::size_t start = 0;
    for (std::size_t slash = name.find('/'); slash != std::string::npos;
         slash = name.find('/', start)) {
      std::string part = name.substr(start, slash - start);
      if (mkdirat(dir, part.c_str(), 0700) != 0 && errno != EEXIST) {
        close(dir);
        return fail(name, "cannot create directory");
      }
      int next = openat(dir, part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      close(dir);
      if (next < 0) return fail(name, "cannot open directory");
      dir = next;
      start = slash + 1;
    }
    int fd = openat(dir, name.substr(start).c_str(),
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    close(dir);
    if (fd < 0) return fail(name, "cannot create file");
    std::size_t done = 0;
    while (done < data.size()) {
      ssize_t n = write(fd, data.data() + done, data.size() - done);
      if (n <= 0) {
        close(fd);
        return fail(name, "cannot write file");
      }
      done += static_cast<std::size_t>(n);
    }
    close(fd);
  }
  return root;
}

}  // namespace remotemedia::pkg
