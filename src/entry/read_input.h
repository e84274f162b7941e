// Reading a whole document from a file or standard input.
#pragma once

#include <string>

#include "remotemedia/status.h"

namespace remotemedia {

// `path` "-" means standard input. Fails with `io_error` (invalid input) naming the path.
Result<std::string> read_input(const std::string& path);

// The directory relative resource paths in a document at `path` resolve against ("." for stdin).
std::string directory_of(const std::string& path);

}  // namespace remotemedia
