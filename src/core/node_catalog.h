// The registry as data, for `remotemedia nodes` and for tools that generate manifests.
#pragma once

#include "remotemedia/registry.h"
#include "remotemedia/value.h"

namespace remotemedia {

// {"node_types": [{"name", "family", "description", "params": [{"name", "type", "required",
// "default"?, "description", "choices"?, "min"?, "max"?}], "inputs": [PORT], "outputs": [PORT]}]}
// in registration order, with
// PORT {"name", "kinds" ("any" or "audio or tensor"), "sample_rate"?, "channels"?,
// "description"?} as declared for the params' defaults.
Value node_catalog(const NodeRegistry& registry);

}  // namespace remotemedia
