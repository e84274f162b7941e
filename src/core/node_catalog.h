// The registry as data, for `remotemedia nodes` and for tools that generate manifests.
#pragma once

#include "remotemedia/registry.h"
#include "remotemedia/value.h"

namespace remotemedia {

// {"node_types": [{"name", "family", "description", "params": [{"name", "type", "required",
// "default"?, "description"}]}]} in registration order.
Value node_catalog(const NodeRegistry& registry);

}  // namespace remotemedia
