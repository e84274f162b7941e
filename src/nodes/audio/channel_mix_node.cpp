// ChannelMixNode: audio of any channel count -> mono, by averaging the channels or by picking one.
#include <cstdint>
#include <string>
#include <utility>

#include "nodes/audio/audio_nodes.h"

namespace remotemedia {
namespace {

class ChannelMixNode : public Node {
 public:
  // `channel` < 0: average every channel.
  ChannelMixNode(std::string node_id, std::int64_t channel)
      : id_(std::move(node_id)), channel_(channel) {}

  Status process(Value item, NodeContext& ctx) override {
    if (item.as_audio() == nullptr) {  // the input port admits audio only; stay safe anyway
      return run_failure(errc::type_error, "ChannelMixNode takes audio", id_);
    }
    const Audio& in = *item.as_audio();
    if (in.channels == 1) {  // already mono: the same samples, no copy
      ctx.emit(std::move(item));
      return Status::ok();
    }
    if (channel_ >= in.channels) {
      return run_failure(errc::invalid_audio,
                         "channel " + std::to_string(channel_) +
                             " was asked for, but the audio has " + std::to_string(in.channels) +
                             " channels",
                         id_);
    }
    const std::size_t frames = in.frame_count();
    const std::size_t channels = static_cast<std::size_t>(in.channels);
    Buffer out = Buffer::allocate(frames * sizeof(float));
    float* mono = reinterpret_cast<float*>(out.mutable_data());
    const float* samples = in.data();
    if (channel_ >= 0) {
      const std::size_t pick = static_cast<std::size_t>(channel_);
      for (std::size_t f = 0; f < frames; ++f) mono[f] = samples[f * channels + pick];
    } else {
      // Summed in channel order, then divided: the same operations, so the same bytes, on every
      // target.
      const float count = static_cast<float>(channels);
      for (std::size_t f = 0; f < frames; ++f) {
        float sum = 0.0f;
        for (std::size_t c = 0; c < channels; ++c) sum += samples[f * channels + c];
        mono[f] = sum / count;
      }
    }
    Audio result;
    result.sample_rate = in.sample_rate;
    result.channels = 1;
    result.start_frame = in.start_frame;
    result.samples = std::move(out);
    ctx.emit(Value(std::move(result)));
    return Status::ok();
  }

 private:
  std::string id_;
  std::int64_t channel_;
};

}  // namespace

NodeTypeSpec channel_mix_node_spec() {
  NodeTypeSpec spec;
  spec.name = "ChannelMixNode";
  spec.family = "audio";
  spec.description =
      "Makes audio mono: the average of its channels (`mode` \"average\"), or one of them "
      "(`mode` \"pick\", `channel`). Mono audio passes unchanged.";
  spec.params = {
      ParamSpec::optional("mode", ParamType::kString, Value("average"),
                          "\"average\" every channel, or \"pick\" one")
          .one_of({Value("average"), Value("pick")}),
      ParamSpec::optional("channel", ParamType::kInt, Value(0),
                          "with \"pick\": the channel, from 0 (a larger index than the audio has "
                          "is `invalid_audio`)")
          .in_range(0, 255),
  };
  spec.ports = [](const Map&) { return audio_in_out_ports({0, 1}); };
  spec.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    bool pick = *config.params.find("mode")->as_string() == "pick";
    std::int64_t channel = pick ? *config.params.find("channel")->as_int() : -1;
    return std::unique_ptr<Node>(std::make_unique<ChannelMixNode>(config.id, channel));
  };
  return spec;
}

}  // namespace remotemedia
