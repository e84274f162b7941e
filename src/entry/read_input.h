// Reading a whole document (or a key file) from a file or standard input, never more than a cap.
#pragma once

#include <cstdint>
#include <functional>
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
//
// With `wait`, no step blocks past the deadline or a signal: a FIFO is opened without waiting for
// its writer, every read waits in poll() for at most the time left, and a wait a signal cuts
// short ends the read when `wait->interrupted()` says so (the caller reports it). Past the
// deadline the result is `timeout` (a run failure) naming `wait->timeout_text` and --timeout.
struct ReadWait {
  double timeout_seconds = 0;         // 0: no deadline
  std::string timeout_text;           // the --timeout value as the user wrote it
  std::function<bool()> interrupted;  // true once a signal asked the command to end
};
Result<std::string> read_input(const std::string& path,
                               std::uint64_t max_bytes = kDefaultMaxInputBytes,
                               const std::string& flag = "--max-input-bytes",
                               const ReadWait* wait = nullptr);

// A key file, capped at kMaxKeyFileBytes.
Result<std::string> read_key_file(const std::string& path);

// The directory relative resource paths in a document at `path` resolve against ("." for stdin).
std::string directory_of(const std::string& path);

}  // namespace remotemedia
