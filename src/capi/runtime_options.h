// The options document of rm_runtime_create (include/remotemedia/c_api.h lists the keys), parsed
// into the run options of one runtime and the interpreter options it starts CPython with.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/run_document.h"
#include "remotemedia/status.h"

namespace remotemedia::capi {

struct RuntimeOptions {
  RunOptions run;  // base_dir, limits, metrics; validate_only stays false
  std::uint64_t max_input_bytes = 0;
  int recursion_limit = 0;
  bool recursion_limit_given = false;
  // Where Python finds the stdlib (directories or zip files), in search order; empty: the
  // build's default (the stdlib zip in wasm, Debian's stdlib natively).
  std::vector<std::string> module_search_paths;
};

// `text` is a JSON object (empty text: every default). Unknown keys, wrong types and values out
// of range are `invalid_option` (invalid input) at their JSON path.
Result<RuntimeOptions> parse_runtime_options(std::string_view text);

}  // namespace remotemedia::capi
