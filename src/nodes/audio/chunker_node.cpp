// ChunkerNode: audio in; fixed windows of it, with overlap, out, each on the input's timeline
// (docs/nodes.md#chunkernode).
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nodes/audio/audio_nodes.h"

namespace remotemedia {
namespace {

class ChunkerNode : public Node {
 public:
  ChunkerNode(std::string node_id, std::int64_t window_ms, std::int64_t overlap_ms, bool partial)
      : id_(std::move(node_id)),
        window_ms_(window_ms),
        overlap_ms_(overlap_ms),
        partial_(partial) {}

  // Items that continue one another on the timeline are one stream; any other item ends the
  // stream (its last, partial window is emitted) and starts a new one.
  Status process(Value item, NodeContext& ctx) override {
    const Audio* in = item.as_audio();
    if (in == nullptr) return run_failure(errc::type_error, "ChunkerNode takes audio", id_);
    std::string problem = AudioStreamCursor::stream_problem(*in);
    if (!problem.empty()) return run_failure(errc::invalid_audio, problem, id_);
    if (open_ && !cursor_.continues(*in)) finish(ctx);
    if (!open_) start(*in);
    buffer_.insert(buffer_.end(), in->data(), in->data() + in->sample_count());
    cursor_.advance(*in);
    // Every window that is complete now.
    while (buffered_end() - window_start_ >= window_) {
      if (!emit_window(window_, ctx)) return Status::ok();
      window_start_ += hop_;
      drop_before(window_start_);
    }
    return Status::ok();
  }

  Status flush(NodeContext& ctx) override {
    if (open_) finish(ctx);
    return Status::ok();
  }

 private:
  void start(const Audio& in) {
    open_ = true;
    cursor_.start(in);
    // At least one frame per window, and a hop of at least one frame.
    window_ = std::max<std::int64_t>(1, in.sample_rate * window_ms_ / 1000);
    hop_ = std::max<std::int64_t>(1, window_ - in.sample_rate * overlap_ms_ / 1000);
    buffer_.clear();
    buffer_start_ = in.start_frame;
    window_start_ = in.start_frame;
    emitted_end_ = in.start_frame;
  }

  // The last window: what is left after the last full one, when it holds frames no window had.
  void finish(NodeContext& ctx) {
    const std::int64_t end = buffered_end();
    if (partial_ && end > emitted_end_ && end > window_start_)
      emit_window(end - window_start_, ctx);
    open_ = false;
    buffer_.clear();
  }

  // Emits `frames` frames from window_start_.
  bool emit_window(std::int64_t frames, NodeContext& ctx) {
    const std::size_t channels = static_cast<std::size_t>(cursor_.channels);
    const std::size_t from = static_cast<std::size_t>(window_start_ - buffer_start_) * channels;
    const std::size_t count = static_cast<std::size_t>(frames) * channels;
    std::vector<float> samples(buffer_.begin() + static_cast<std::ptrdiff_t>(from),
                               buffer_.begin() + static_cast<std::ptrdiff_t>(from + count));
    emitted_end_ = window_start_ + frames;
    return ctx.emit(audio_from(std::move(samples), cursor_.rate, cursor_.channels, window_start_));
  }

  // Forgets the frames before `frame` (in large steps, so that it stays linear).
  void drop_before(std::int64_t frame) {
    const std::size_t channels = static_cast<std::size_t>(cursor_.channels);
    const std::int64_t drop = std::min(frame, buffered_end()) - buffer_start_;
    if (drop <= 0 || static_cast<std::size_t>(drop) * channels * 2 < buffer_.size()) return;
    buffer_.erase(
        buffer_.begin(),
        buffer_.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(drop) * channels));
    buffer_start_ += drop;
  }

  std::int64_t buffered_end() const {
    return buffer_start_ +
           static_cast<std::int64_t>(buffer_.size() / static_cast<std::size_t>(cursor_.channels));
  }

  std::string id_;
  std::int64_t window_ms_;
  std::int64_t overlap_ms_;
  bool partial_;
  bool open_ = false;
  AudioStreamCursor cursor_;
  std::int64_t window_ = 0;  // frames
  std::int64_t hop_ = 0;     // frames
  std::vector<float> buffer_;
  std::int64_t buffer_start_ = 0;  // timeline frame of buffer_[0]
  std::int64_t window_start_ = 0;  // the next window's first frame
  std::int64_t emitted_end_ = 0;   // just past the last frame any window held
};

}  // namespace

NodeTypeSpec chunker_node_spec() {
  NodeTypeSpec spec;
  spec.name = "ChunkerNode";
  spec.family = "audio";
  spec.description =
      "Cuts a stream of audio into windows of `window_ms`, each starting `window_ms - overlap_ms` "
      "after the last, placed on the input's timeline; with `partial`, the end of the stream "
      "gives a last, shorter window. Streaming-correct: items that continue one another on the "
      "timeline give the windows of one item holding them all.";
  spec.params = {
      ParamSpec::optional("window_ms", ParamType::kInt, Value(5000), "window length")
          .in_range(1, 600000),
      ParamSpec::optional("overlap_ms", ParamType::kInt, Value(0),
                          "how much of each window the next one repeats (less than window_ms)")
          .in_range(0, 599999),
      ParamSpec::optional("partial", ParamType::kBool, Value(true),
                          "emit the last, shorter window at the end of a stream"),
  };
  spec.ports = [](const Map&) { return audio_in_out_ports(); };
  spec.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    const std::int64_t window = *config.params.find("window_ms")->as_int();
    const std::int64_t overlap = *config.params.find("overlap_ms")->as_int();
    if (overlap >= window) {
      return invalid_input(errc::invalid_param,
                           "overlap_ms (" + std::to_string(overlap) +
                               ") must be less than window_ms (" + std::to_string(window) + ")",
                           config.json_path + ".params.overlap_ms", config.id);
    }
    return std::unique_ptr<Node>(std::make_unique<ChunkerNode>(
        config.id, window, overlap, *config.params.find("partial")->as_bool()));
  };
  return spec;
}

}  // namespace remotemedia
