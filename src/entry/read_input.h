// Reading a whole document (or a key file) from a file or standard input, never more than a cap.
#pragma once

#include <cstdint>
#include <string>

#include "remotemedia/runtime.h"
#include "remotemedia/status.h"

namespace remotemedia {

// Cap on a key file (public or secret key): far above any key's few hundred bytes.
constexpr std::uint64_t kMaxKeyFileBytes = 64 << 10;

// Reads the whole of `path` ("-" means standard input), at most `max_bytes` of it: reads at most
// max_bytes + 1 bytes and fails with `input_too_large` (invalid input) when there are more, so a
// device such as /dev/zero ends in an error, not in exhaustion. Other failures are `io_error`
// (invalid input) naming the path: cannot open, a directory ("'X' is a directory", checked with
// fstat before any read), cannot read. `flag` names the option that raises the cap in the
// message ("--max-input-bytes"); empty for fixed caps.
Result<std::string> read_input(const std::string& path,
                               std::uint64_t max_bytes = kDefaultMaxInputBytes,
                               const std::string& flag = "--max-input-bytes");

// A key file, capped at kMaxKeyFileBytes.
Result<std::string> read_key_file(const std::string& path);

// The directory relative resource paths in a document at `path` resolve against ("." for stdin).
std::string directory_of(const std::string& path);

}  // namespace remotemedia
