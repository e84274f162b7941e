// The options document of rm_runtime_create (include/remotemedia/c_api.h lists the keys): what a
// runtime keeps for its whole life. Options of one call are CallOptions (remotemedia/runtime.h).
#pragma once

#include <string_view>

#include "remotemedia/runtime.h"
#include "remotemedia/status.h"

namespace remotemedia::capi {

// `text` is a JSON object (empty text: every default). Unknown keys, wrong types and values out
// of range are `invalid_option` (invalid input) at their JSON path. The result starts Python
// with the runtime (RuntimeConfig::start_python).
Result<RuntimeConfig> parse_runtime_options(std::string_view text);

}  // namespace remotemedia::capi
