#include "nodes/audio/audio_nodes.h"

#include <memory>
#include <utility>

namespace remotemedia {

NodePorts audio_in_out_ports(AudioFormat out_format) {
  NodePorts ports;
  ports.inputs = {PortSpec::of("in", {ValueKind::kAudio})};
  ports.outputs = {PortSpec::of("out", {ValueKind::kAudio}).with_audio(out_format)};
  return ports;
}

std::string AudioStreamCursor::stream_problem(const Audio& audio) {
  if (audio.sample_rate > kMaxAudioRate) {
    return "audio at " + std::to_string(audio.sample_rate) + " Hz; stream nodes take at most " +
           std::to_string(kMaxAudioRate) + " Hz";
  }
  if (audio.start_frame <= kMaxFrame &&
      static_cast<std::uint64_t>(kMaxFrame - audio.start_frame) >= audio.frame_count()) {
    return "";
  }
  return "audio placed at frame " + std::to_string(audio.start_frame) +
         " runs past the timeline's end for stream nodes (frame 2^43)";
}

Value audio_from(std::vector<float> samples, std::int64_t rate, std::int64_t channels,
                 std::int64_t start_frame) {
  auto owner = std::make_shared<std::vector<float>>(std::move(samples));
  Audio audio;
  audio.sample_rate = rate;
  audio.channels = channels;
  audio.start_frame = start_frame;
  audio.samples = Buffer::adopt(reinterpret_cast<std::uint8_t*>(owner->data()),
                                owner->size() * sizeof(float), owner);
  return Value(std::move(audio));
}

Status register_audio_nodes(NodeRegistry& registry) {
  RM_RETURN_IF_ERROR(registry.add(audio_decode_node_spec()));
  RM_RETURN_IF_ERROR(registry.add(channel_mix_node_spec()));
  RM_RETURN_IF_ERROR(registry.add(chunker_node_spec()));
  RM_RETURN_IF_ERROR(registry.add(gain_node_spec()));
  RM_RETURN_IF_ERROR(registry.add(resample_node_spec()));
  RM_RETURN_IF_ERROR(registry.add(vad_node_spec()));
  return Status::ok();
}

}  // namespace remotemedia
