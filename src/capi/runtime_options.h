// The options document of rm_runtime_create (include/remotemedia/c_api.h lists the keys): what a
// runtime keeps for its whole life. Options of one call are CallOptions (remotemedia/runtime.h).
#pragma once

#include <cstdint>
#include <string_view>

#include "remotemedia/runtime.h"
#include "remotemedia/status.h"

namespace remotemedia::capi {

// What rm_runtime_create reads from the document: the runtime's configuration and, in wasm, the
// cap on the instance's linear memory (0: none).
struct RuntimeOptions {
  RuntimeConfig config;
  std::uint64_t max_memory_bytes = 0;
};

// `text` is a JSON object (empty text: every default). Unknown keys, wrong types and values out
// of range are `invalid_option` (invalid input) at their JSON path; `max_memory_bytes` natively
// too (a library cannot cap its host process). The result starts Python with the runtime
// (RuntimeConfig::start_python).
Result<RuntimeOptions> parse_runtime_options(std::string_view text);

}  // namespace remotemedia::capi
