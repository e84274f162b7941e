// AudioDecodeNode: the bytes of a WAV, FLAC or MP3 file (or a resource reference naming one) in,
// the decoded Audio out (docs/nodes.md#audiodecodenode).
#include <string>
#include <utility>

#include "nodes/audio/audio_nodes.h"
#include "nodes/audio/decode/audio_decoder.h"
#include "remotemedia/resources.h"

namespace remotemedia {
namespace {

class AudioDecodeNode : public Node {
 public:
  AudioDecodeNode(std::string node_id, DecodeLimits limits)
      : id_(std::move(node_id)), limits_(limits) {}

  Status process(Value item, NodeContext& ctx) override {
    Buffer file;
    if (const Bytes* bytes = item.as_bytes()) {
      file = bytes->data;
    } else if (const std::string* ref = item.as_string()) {
      if (ctx.resources() == nullptr) {
        return run_failure(errc::resource_not_found,
                           "AudioDecodeNode was given a file name outside a runtime", id_);
      }
      Result<Buffer> loaded = ctx.resources()->bytes(*ref, ctx.json_path(), id_);
      if (!loaded) return loaded.take_error();
      file = std::move(*loaded);
    } else {  // the input port admits bytes and strings only; stay safe anyway
      return run_failure(errc::type_error, "AudioDecodeNode takes bytes or a file name", id_);
    }
    Result<Audio> audio =
        decode_audio(file.data(), file.size(), limits_, [&ctx] { return !ctx.stop_requested(); });
    if (!audio) {
      Error error = audio.take_error();
      error.node_id = id_;
      return error;
    }
    ctx.emit(Value(std::move(*audio)));
    return Status::ok();
  }

 private:
  std::string id_;
  DecodeLimits limits_;
};

}  // namespace

NodeTypeSpec audio_decode_node_spec() {
  NodeTypeSpec spec;
  spec.name = "AudioDecodeNode";
  spec.family = "audio";
  spec.description =
      "Decodes a whole WAV (PCM 8/16/24/32-bit, float 32/64-bit, A-law, mu-law), FLAC or MP3 file "
      "into float32 audio at the file's own rate and channels, timeline start 0. Takes the file's "
      "bytes, or a string naming a resource (a path under the pipeline's directory, a mounted "
      "path, or resource:NAME). A broken, truncated or unsupported file is `invalid_audio`.";
  spec.params = {
      ParamSpec::optional("max_seconds", ParamType::kNumber, Value(3600),
                          "longest audio accepted; a longer file is `invalid_audio`")
          .in_range(0.001, 86400),
  };
  spec.ports = [](const Map&) {
    NodePorts ports;
    ports.inputs = {PortSpec::of("in", {ValueKind::kBytes, ValueKind::kString})
                        .described("the file's bytes, or a resource reference naming it")};
    ports.outputs = {PortSpec::of("out", {ValueKind::kAudio})};
    return ports;
  };
  spec.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    const Value& max = *config.params.find("max_seconds");
    DecodeLimits limits;
    limits.max_seconds = max.as_int() ? static_cast<double>(*max.as_int()) : *max.as_float();
    return std::unique_ptr<Node>(std::make_unique<AudioDecodeNode>(config.id, limits));
  };
  return spec;
}

}  // namespace remotemedia
