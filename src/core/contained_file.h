// Reading a whole file that a manifest or a node names below a directory: the one way the runtime
// opens such files (a Python module, a node's resource), with resolve_contained's containment.
#pragma once

#include <cstdint>
#include <string>

#include "remotemedia/value.h"

namespace remotemedia {

enum class FileRead {
  kRead,        // `bytes` hold the whole file
  kOutside,     // the path is absolute or leads outside the directory (resolve_contained)
  kMissing,     // it does not exist
  kNotRegular,  // a directory, a device, ...
  kTooLarge,    // more than the cap
  kUnreadable,  // open or read failed
};

struct ContainedFile {
  FileRead outcome = FileRead::kMissing;
  std::string path;   // the resolved path, when found
  Buffer bytes;       // kRead: the contents (writable by nobody: its only holder)
  std::string stamp;  // kRead: size and modification time, to tell a changed file
};

// Reads `relative` below `base_dir` whole, refusing it (and reading nothing) when it is outside,
// not a regular file or larger than `max_bytes`.
ContainedFile read_contained_file(const std::string& base_dir, const std::string& relative,
                                  std::uint64_t max_bytes);

// The size and modification time of `path` as text; empty when it cannot be statted.
std::string file_stamp(const std::string& path);

}  // namespace remotemedia
