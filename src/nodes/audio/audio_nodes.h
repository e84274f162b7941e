// The audio family (docs/nodes.md#audio): nodes that take and emit Audio values (float32
// samples, interleaved, with their rate, channels and timeline position).
#pragma once

#include "remotemedia/node.h"
#include "remotemedia/registry.h"

namespace remotemedia {

NodeTypeSpec channel_mix_node_spec();
NodeTypeSpec gain_node_spec();

Status register_audio_nodes(NodeRegistry& registry);

}  // namespace remotemedia
