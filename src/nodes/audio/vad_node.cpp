// VadNode: mono audio in; the speech in it out, as audio segments on the input's timeline and as
// their start and end times (docs/nodes.md#vadnode).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nodes/audio/audio_nodes.h"
#include "nodes/audio/vad/speech_segmenter.h"

namespace remotemedia {
namespace {

constexpr std::size_t kSegmentsPort = 0;
constexpr std::size_t kTimesPort = 1;

class VadNode : public Node {
 public:
  VadNode(std::string node_id, SegmenterSettings settings)
      : id_(std::move(node_id)), settings_(settings) {}

  // Items that continue one another on the timeline are one stream through one detector; any
  // other item ends the stream (its open segment is emitted) and starts a new one.
  Status process(Value item, NodeContext& ctx) override {
    const Audio* in = item.as_audio();
    if (in == nullptr || in->channels != 1) {  // the input port admits mono audio only
      return run_failure(errc::invalid_audio, "VadNode takes mono audio", id_);
    }
    std::string problem = AudioStreamCursor::stream_problem(*in);
    if (!problem.empty()) return run_failure(errc::invalid_audio, problem, id_);
    if (segmenter_ && !cursor_.continues(*in)) finish(ctx);
    if (!segmenter_) {
      Result<std::unique_ptr<SpeechSegmenter>> made =
          SpeechSegmenter::create(in->sample_rate, settings_, in->start_frame);
      if (!made) {
        Error error = made.take_error();
        error.node_id = id_;
        return error;
      }
      segmenter_ = std::move(*made);
      cursor_.start(*in);
    }
    std::vector<SpeechSegment> segments;
    segmenter_->push(in->data(), in->frame_count(), &segments);
    cursor_.advance(*in);
    emit(std::move(segments), ctx);
    return Status::ok();
  }

  Status flush(NodeContext& ctx) override {
    if (segmenter_) finish(ctx);
    return Status::ok();
  }

 private:
  // Ends the current stream, emitting its open segment.
  void finish(NodeContext& ctx) {
    std::vector<SpeechSegment> segments;
    segmenter_->finish(&segments);
    emit(std::move(segments), ctx);
    segmenter_.reset();
  }

  // Each segment of the current stream on both ports: the audio, then {"start", "end"} in
  // seconds.
  void emit(std::vector<SpeechSegment> segments, NodeContext& ctx) const {
    for (SpeechSegment& segment : segments) {
      const double rate = static_cast<double>(cursor_.rate);
      const double start = static_cast<double>(segment.start_frame) / rate;
      const double end = static_cast<double>(segment.start_frame +
                                             static_cast<std::int64_t>(segment.samples.size())) /
                         rate;
      if (!ctx.emit_to(kSegmentsPort, audio_from(std::move(segment.samples), cursor_.rate, 1,
                                                 segment.start_frame))) {
        return;
      }
      Map times;
      times.set("start", Value(start));
      times.set("end", Value(end));
      if (!ctx.emit_to(kTimesPort, Value(std::move(times)))) return;
    }
  }

  std::string id_;
  SegmenterSettings settings_;
  std::unique_ptr<SpeechSegmenter> segmenter_;  // null between streams
  AudioStreamCursor cursor_;
};

int int_param(const NodeConfig& config, const char* name) {
  return static_cast<int>(*config.params.find(name)->as_int());
}

}  // namespace

NodeTypeSpec vad_node_spec() {
  NodeTypeSpec spec;
  spec.name = "VadNode";
  spec.family = "audio";
  spec.description =
      "Finds speech in mono 8, 16, 32 or 48 kHz audio with WebRTC's voice activity detector and "
      "emits each speech segment as audio on the input's timeline (port `segments`) and as "
      "{\"start\", \"end\"} seconds (port `times`). Streaming-correct: items that continue one "
      "another on the timeline give the same segments as one item holding them all.";
  spec.params = {
      ParamSpec::optional("aggressiveness", ParamType::kInt, Value(2),
                          "WebRTC's mode: 0 (keeps the most audio as speech) to 3 (the least)")
          .in_range(0, 3),
      ParamSpec::optional("frame_ms", ParamType::kInt, Value(30),
                          "the detector's frame: 10, 20 or 30 ms")
          .in_range(10, 30),
      ParamSpec::optional("hangover_ms", ParamType::kInt, Value(300),
                          "silence shorter than this does not end a segment")
          .in_range(0, 10000),
      ParamSpec::optional("padding_ms", ParamType::kInt, Value(150),
                          "audio kept before and after the speech (after it: at most hangover_ms)")
          .in_range(0, 10000),
      ParamSpec::optional("min_speech_ms", ParamType::kInt, Value(90),
                          "shorter speech (first to last speech frame) is dropped")
          .in_range(0, 10000),
      ParamSpec::optional("max_segment_ms", ParamType::kInt, Value(30000),
                          "longer speech is cut into segments of at most this (plus padding)")
          .in_range(100, 600000),
  };
  spec.ports = [](const Map&) {
    NodePorts ports;
    ports.inputs = {PortSpec::of("in", {ValueKind::kAudio}).with_audio({0, 1})};
    ports.outputs = {
        PortSpec::of("segments", {ValueKind::kAudio})
            .with_audio({0, 1})
            .described("each speech segment, on the input's timeline"),
        PortSpec::of("times", {ValueKind::kMap})
            .described("each segment's {\"start\", \"end\"} in seconds"),
    };
    return ports;
  };
  spec.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    SegmenterSettings settings;
    settings.aggressiveness = int_param(config, "aggressiveness");
    settings.frame_ms = int_param(config, "frame_ms");
    settings.hangover_ms = int_param(config, "hangover_ms");
    settings.padding_ms = int_param(config, "padding_ms");
    settings.min_speech_ms = int_param(config, "min_speech_ms");
    settings.max_segment_ms = int_param(config, "max_segment_ms");
    if (settings.frame_ms % 10 != 0) {
      return invalid_input(errc::invalid_param, "frame_ms must be 10, 20 or 30",
                           config.json_path + ".params.frame_ms", config.id);
    }
    return std::unique_ptr<Node>(std::make_unique<VadNode>(config.id, settings));
  };
  return spec;
}

}  // namespace remotemedia
