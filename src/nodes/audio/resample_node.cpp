// ResampleNode: audio in, the same audio at `target_rate` out, streaming-correct
// (docs/nodes.md#resamplenode).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nodes/audio/audio_nodes.h"
#include "nodes/audio/resample/stream_resampler.h"

namespace remotemedia {
namespace {

class ResampleNode : public Node {
 public:
  ResampleNode(std::string node_id, std::int64_t target_rate, int quality)
      : id_(std::move(node_id)), target_rate_(target_rate), quality_(quality) {}

  // Items that continue one another (same rate and channels, each starting where the last ended
  // on the timeline) are one stream through one resampler; any other item ends the stream (its
  // tail is emitted) and starts a new one.
  Status process(Value item, NodeContext& ctx) override {
    if (item.as_audio() == nullptr) {  // the input port admits audio only; stay safe anyway
      return run_failure(errc::type_error, "ResampleNode takes audio", id_);
    }
    const Audio& in = *item.as_audio();
    std::string problem = AudioStreamCursor::stream_problem(in);
    if (!problem.empty()) return run_failure(errc::invalid_audio, problem, id_);
    if (stream_ && !cursor_.continues(in)) finish(ctx);
    if (in.sample_rate == target_rate_) {  // nothing to do: the same samples, no copy
      ctx.emit(std::move(item));
      return Status::ok();
    }
    if (!stream_) {
      Result<std::unique_ptr<StreamResampler>> made =
          StreamResampler::create(in.channels, in.sample_rate, target_rate_, quality_);
      if (!made) {
        Error error = made.take_error();
        error.node_id = id_;
        return error;
      }
      stream_ = std::move(*made);
      cursor_.start(in);
      // The stream's first frame on the output timeline, rounded to the nearest frame.
      out_start_ = (in.start_frame * target_rate_ + in.sample_rate / 2) / in.sample_rate;
    }
    std::vector<float> out;
    const std::uint64_t before = stream_->frames_out();
    stream_->push(in.data(), in.frame_count(), &out);
    cursor_.advance(in);
    emit(std::move(out), before, ctx);
    return Status::ok();
  }

  Status flush(NodeContext& ctx) override {
    if (stream_) finish(ctx);
    return Status::ok();
  }

 private:
  void finish(NodeContext& ctx) {
    std::vector<float> out;
    const std::uint64_t before = stream_->frames_out();
    stream_->finish(&out);
    emit(std::move(out), before, ctx);
    stream_.reset();
  }

  // Emits `out` (frames `first`.. of the current stream's output), unless it is empty.
  void emit(std::vector<float> out, std::uint64_t first, NodeContext& ctx) const {
    if (out.empty()) return;
    ctx.emit(audio_from(std::move(out), target_rate_, cursor_.channels,
                        out_start_ + static_cast<std::int64_t>(first)));
  }

  std::string id_;
  std::int64_t target_rate_;
  int quality_;
  std::unique_ptr<StreamResampler> stream_;  // null between streams
  AudioStreamCursor cursor_;                 // the input stream
  std::int64_t out_start_ = 0;               // its first frame on the output timeline
};

}  // namespace

NodeTypeSpec resample_node_spec() {
  NodeTypeSpec spec;
  spec.name = "ResampleNode";
  spec.family = "audio";
  spec.description =
      "Resamples audio to `target_rate` with speexdsp's resampler. Streaming-correct: items that "
      "continue one another on the timeline are one stream, and come out as the same samples as "
      "one item holding them all; the filter's delay is compensated and its tail emitted at the "
      "end of the stream. Audio already at `target_rate` passes unchanged.";
  spec.params = {
      ParamSpec::optional("target_rate", ParamType::kInt, Value(16000), "output rate in Hz")
          .in_range(1, 768000),
      ParamSpec::optional("quality", ParamType::kInt, Value(4),
                          "speexdsp's quality, 0 (fastest) to 10 (best)")
          .in_range(0, 10),
  };
  spec.ports = [](const Map& params) {
    return audio_in_out_ports({*params.find("target_rate")->as_int(), 0});
  };
  spec.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    return std::unique_ptr<Node>(
        std::make_unique<ResampleNode>(config.id, *config.params.find("target_rate")->as_int(),
                                       static_cast<int>(*config.params.find("quality")->as_int())));
  };
  return spec;
}

}  // namespace remotemedia
