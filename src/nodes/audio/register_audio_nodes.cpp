#include "nodes/audio/audio_nodes.h"

namespace remotemedia {

Status register_audio_nodes(NodeRegistry& registry) {
  RM_RETURN_IF_ERROR(registry.add(channel_mix_node_spec()));
  RM_RETURN_IF_ERROR(registry.add(gain_node_spec()));
  return Status::ok();
}

}  // namespace remotemedia
