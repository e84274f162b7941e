// The limit flags every entry point takes the same way (the native CLI, and the wasm command,
// which gets them from the CLI through the host):
//   --max-input-bytes N    cap on the document read (default 256 MiB; input_too_large, exit 2)
//   --max-output-items N   RunLimits::max_output_items (output_limit, exit 1)
//   --max-output-bytes N   RunLimits::max_output_bytes (output_limit, exit 1)
// N is a decimal integer >= 1 (no sign, no suffix).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/run_document.h"
#include "entry/read_input.h"

namespace remotemedia {

struct DocumentLimits {
  std::uint64_t max_input_bytes = kDefaultMaxInputBytes;
  RunLimits limits;
};

enum class FlagParse { kNotMine, kParsed, kBad };

// When args[*i] is one of the limit flags, parses it and its value, advances *i past the value
// and returns kParsed (kBad with `error` set when the value is missing or malformed); otherwise
// kNotMine and *i is unchanged.
FlagParse parse_limit_flag(const std::vector<std::string>& args, std::size_t* i,
                           DocumentLimits* out, std::string* error);

// The flags that reproduce `limits` (all three, explicit), to hand to another entry point.
std::vector<std::string> limit_flag_args(const DocumentLimits& limits);

// A decimal integer in [1, 2^63); false on anything else.
bool parse_positive_count(const std::string& text, std::uint64_t* out);

}  // namespace remotemedia
