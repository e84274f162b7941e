#include "nodes/audio/audio_nodes.h"

namespace remotemedia {

NodePorts audio_in_out_ports(AudioFormat out_format) {
  NodePorts ports;
  ports.inputs = {PortSpec::of("in", {ValueKind::kAudio})};
  ports.outputs = {PortSpec::of("out", {ValueKind::kAudio}).with_audio(out_format)};
  return ports;
}

Status register_audio_nodes(NodeRegistry& registry) {
  RM_RETURN_IF_ERROR(registry.add(audio_decode_node_spec()));
  RM_RETURN_IF_ERROR(registry.add(channel_mix_node_spec()));
  RM_RETURN_IF_ERROR(registry.add(gain_node_spec()));
  return Status::ok();
}

}  // namespace remotemedia
