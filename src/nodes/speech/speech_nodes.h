// The speech family (docs/nodes.md#speech-family): nodes that turn audio into text.
#pragma once

#include "remotemedia/node.h"
#include "remotemedia/registry.h"

namespace remotemedia {

NodeTypeSpec whisper_node_spec();
NodeTypeSpec pocketsphinx_node_spec();

Status register_speech_nodes(NodeRegistry& registry);

}  // namespace remotemedia
