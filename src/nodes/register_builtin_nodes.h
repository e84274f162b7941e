// The node families compiled into this build, registered explicitly (static initialisers are
// dropped by static linking and by wasm-ld's dead stripping). Internal: embedders get them from
// remotemedia::Runtime, and add their own with Runtime::add_node_type.
#pragma once

#include "remotemedia/registry.h"

namespace remotemedia {

// Registers every node family compiled into this build (math, and Python when built).
Status register_builtin_nodes(NodeRegistry& registry);

}  // namespace remotemedia
