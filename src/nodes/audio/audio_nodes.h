// The audio family (docs/nodes.md#audio): nodes that take and emit Audio values (float32
// samples, interleaved, with their rate, channels and timeline position).
#pragma once

#include "remotemedia/node.h"
#include "remotemedia/registry.h"

namespace remotemedia {

// One audio input "in" and one audio output "out" whose format is `out_format` (0: open).
NodePorts audio_in_out_ports(AudioFormat out_format = {});

NodeTypeSpec audio_decode_node_spec();
NodeTypeSpec channel_mix_node_spec();
NodeTypeSpec gain_node_spec();

Status register_audio_nodes(NodeRegistry& registry);

}  // namespace remotemedia
