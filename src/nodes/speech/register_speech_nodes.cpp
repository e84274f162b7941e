#include "nodes/speech/speech_nodes.h"

namespace remotemedia {

Status register_speech_nodes(NodeRegistry& registry) {
  RM_RETURN_IF_ERROR(registry.add(whisper_node_spec()));
  return registry.add(pocketsphinx_node_spec());
}

}  // namespace remotemedia
