// The limit flags every command-line entry point takes the same way (the native CLI, and the wasm
// command, which gets them from the CLI through the host). They are the call options of
// remotemedia/runtime.h in the CLI's spelling:
//   --max-input-bytes N    CallOptions::max_input_bytes (input_too_large, exit 2)
//   --max-output-items N   CallOptions::max_output_items (output_limit, exit 1)
//   --max-output-bytes N   CallOptions::max_output_bytes (output_limit, exit 1)
// N is a decimal integer (no sign, no suffix); the range is the call option's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "remotemedia/runtime.h"

namespace remotemedia {

// Default call options that name their options as the CLI spells them ("--max-output-items").
CallOptions cli_call_options();

enum class FlagParse { kNotMine, kParsed, kBad };

// When args[*i] is one of the limit flags, parses it and its value into `out`, advances *i past
// the value and returns kParsed (kBad with `error` set when the value is missing, malformed or out
// of range); otherwise kNotMine and *i is unchanged.
FlagParse parse_limit_flag(const std::vector<std::string>& args, std::size_t* i, CallOptions* out,
                           std::string* error);

// The flags that reproduce the limits of `options` (all three, explicit), to hand to another
// entry point.
std::vector<std::string> limit_flag_args(const CallOptions& options);

// A decimal integer in [1, 2^63); false on anything else.
bool parse_positive_count(const std::string& text, std::uint64_t* out);

}  // namespace remotemedia
