// The audio family (docs/nodes.md#audio): nodes that take and emit Audio values (float32
// samples, interleaved, with their rate, channels and timeline position).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nodes/audio/audio_limits.h"
#include "remotemedia/node.h"
#include "remotemedia/registry.h"

namespace remotemedia {

// One audio input "in" and one audio output "out" whose format is `out_format` (0: open).
NodePorts audio_in_out_ports(AudioFormat out_format = {});

// Where a stream of audio items stands, for nodes that carry state from item to item (a
// resampler's filter, a detector's frames): items continue a stream when they have its rate and
// channels and start on the timeline where the previous one ended.
struct AudioStreamCursor {
  // The furthest timeline position (start_frame plus frames) a stream node accepts: 2^43 frames,
  // 132 days at 768 kHz, so that positions converted between rates fit in 64 bits.
  static constexpr std::int64_t kMaxFrame = std::int64_t{1} << 43;

  // Empty, or the `invalid_audio` message for an item a stream node cannot take: a sample rate
  // above kMaxAudioRate, or a place past kMaxFrame.
  static std::string stream_problem(const Audio& audio);

  std::int64_t rate = 0;
  std::int64_t channels = 0;
  std::int64_t next_frame = 0;

  bool continues(const Audio& audio) const {
    return audio.sample_rate == rate && audio.channels == channels &&
           audio.start_frame == next_frame;
  }
  void start(const Audio& audio) {
    rate = audio.sample_rate;
    channels = audio.channels;
    next_frame = audio.start_frame;
  }
  void advance(const Audio& audio) { next_frame += static_cast<std::int64_t>(audio.frame_count()); }
};

// Audio at `rate` holding `samples` (interleaved), placed at `start_frame`. Takes the vector over
// without a copy.
Value audio_from(std::vector<float> samples, std::int64_t rate, std::int64_t channels,
                 std::int64_t start_frame);

NodeTypeSpec audio_decode_node_spec();
NodeTypeSpec channel_mix_node_spec();
NodeTypeSpec chunker_node_spec();
NodeTypeSpec gain_node_spec();
NodeTypeSpec resample_node_spec();
NodeTypeSpec vad_node_spec();

Status register_audio_nodes(NodeRegistry& registry);

}  // namespace remotemedia
