// WhisperNode: 16 kHz mono audio in, its transcript out (docs/nodes.md#whispernode), with
// whisper.cpp. The model is checked and loaded when the pipeline is built, once per runtime
// (ResourceLoader::object), and shared by every WhisperNode that names the same bytes.
#include <memory>
#include <string>
#include <utility>

#include "nodes/speech/speech_audio.h"
#include "nodes/speech/speech_nodes.h"
#include "nodes/speech/whisper/transcriber.h"
#include "nodes/speech/whisper/whisper_model.h"
#include "nodes/speech/whisper/whisper_model_file.h"
#include "remotemedia/error_codes.h"
#include "remotemedia/resources.h"
#include "whisper.h"

namespace remotemedia {
namespace {

using whisper::TranscribeOptions;
using whisper::Transcriber;
using whisper::WhisperModel;

class WhisperNode : public Node {
 public:
  WhisperNode(std::string id, std::shared_ptr<const WhisperModel> model, TranscribeOptions options)
      : id_(std::move(id)), model_(std::move(model)), options_(std::move(options)) {}

  Status open(NodeContext& /*ctx*/) override {
    Result<std::unique_ptr<Transcriber>> made = Transcriber::create(model_, options_);
    if (!made) return with_node(made.take_error());
    transcriber_ = std::move(*made);
    return Status::ok();
  }

  Status process(Value item, NodeContext& ctx) override {
    Result<const Audio*> checked = speech_audio(item, "WhisperNode", id_);
    if (!checked) return checked.take_error();
    const Audio* audio = *checked;
    if (audio->frame_count() == 0) {
      ctx.emit(Value(Map{{"text", Value("")},
                         {"language", Value(options_.language)},
                         {"segments", Value(List{})}}));
      return Status::ok();
    }
    Result<Value> transcript = transcriber_->transcribe(*audio, ctx);
    if (!transcript) return with_node(transcript.take_error());
    ctx.emit(std::move(*transcript));
    return Status::ok();
  }

  Status close(NodeContext& /*ctx*/) override {
    transcriber_.reset();  // the work buffers go now; the model stays with the runtime
    return Status::ok();
  }

 private:
  Error with_node(Error error) const {
    error.node_id = id_;
    return error;
  }

  std::string id_;
  std::shared_ptr<const WhisperModel> model_;
  TranscribeOptions options_;
  std::unique_ptr<Transcriber> transcriber_;
};

const Value& param(const NodeConfig& config, const char* name) {
  return *config.params.find(name);
}
int int_param(const NodeConfig& config, const char* name) {
  return static_cast<int>(*param(config, name).as_int());
}
bool bool_param(const NodeConfig& config, const char* name) {
  return *param(config, name).as_bool();
}
const std::string& string_param(const NodeConfig& config, const char* name) {
  return *param(config, name).as_string();
}

// The model `config` names, checked and loaded, or the one this runtime already loaded from the
// same bytes.
Result<std::shared_ptr<const WhisperModel>> shared_model(const NodeConfig& config) {
  const std::string path = config.json_path + ".params.model";
  const std::string& ref = string_param(config, "model");
  if (config.resources == nullptr) {
    return invalid_input(errc::resource_not_found, "WhisperNode loads its model through a runtime",
                         path, config.id);
  }
  const ResourceLoader& loader = *config.resources;
  Result<std::string> identity = loader.identity(ref, path, config.id);
  if (!identity) return identity.take_error();
  return loader.object<WhisperModel>(
      "whisper:" + *identity, [&]() -> Result<std::shared_ptr<const WhisperModel>> {
        Result<Buffer> bytes = loader.bytes_to_build(ref, path, config.id);
        if (!bytes) return bytes.take_error();
        Result<whisper::ModelSummary> summary =
            whisper::check_whisper_model(bytes->data(), bytes->size());
        if (!summary) {
          Error error = summary.take_error();
          error.message = "'" + ref + "': " + error.message;
          error.path = path;
          error.node_id = config.id;
          return error;
        }
        Result<std::shared_ptr<const WhisperModel>> model = WhisperModel::load(*bytes, *summary);
        if (!model) {
          Error error = model.take_error();
          error.node_id = config.id;
          return error;
        }
        return model;
      });
}

// The decoding options of validated params, checked against what `model` can do.
Result<TranscribeOptions> options_for(const NodeConfig& config, const WhisperModel& model) {
  TranscribeOptions options;
  const std::string params = config.json_path + ".params.";
  const bool multilingual = model.summary().multilingual;
  options.language = string_param(config, "language");
  if (options.language == "auto") {
    if (!multilingual) options.language = "en";
  } else if (whisper_lang_id(options.language.c_str()) < 0) {
    return invalid_input(errc::invalid_param,
                         "language '" + options.language +
                             "' is not one whisper.cpp knows (a code such as \"en\", \"de\", or "
                             "\"auto\")",
                         params + "language", config.id);
  } else if (!multilingual && options.language != "en") {
    return invalid_input(errc::invalid_param,
                         "the model is English-only; language must be \"en\" or \"auto\"",
                         params + "language", config.id);
  }
  options.translate = bool_param(config, "translate");
  if (options.translate && !multilingual) {
    return invalid_input(errc::invalid_param,
                         "the model is English-only and cannot translate; use a multilingual model",
                         params + "translate", config.id);
  }
  options.beam_size =
      string_param(config, "strategy") == "beam" ? int_param(config, "beam_size") : 0;
  options.threads = int_param(config, "threads");
  options.audio_ctx = int_param(config, "audio_ctx");
  options.initial_prompt = string_param(config, "initial_prompt");
  options.no_timestamps = bool_param(config, "no_timestamps");
  options.token_ids = bool_param(config, "token_ids");
  options.temperature_fallback = bool_param(config, "temperature_fallback");
  return options;
}

}  // namespace

NodeTypeSpec whisper_node_spec() {
  NodeTypeSpec spec;
  spec.name = "WhisperNode";
  spec.family = "speech";
  spec.description =
      "Transcribes 16 kHz mono audio with whisper.cpp: each item in, {\"text\", \"language\", "
      "\"segments\": [{\"start\", \"end\", \"text\"}]} out, with times in seconds on the input's "
      "timeline (so VAD segments and chunks keep their place). The model (a ggml file such as "
      "ggml-tiny.en.bin) is checked and loaded once per runtime when the pipeline is built; a "
      "broken one is `invalid_model`.";
  spec.params = {
      ParamSpec::required("model", ParamType::kString,
                          "the ggml model: a path under the pipeline's directory, a mounted path "
                          "(/models/... in wasm), or resource:NAME"),
      ParamSpec::optional("language", ParamType::kString, Value("en"),
                          "the spoken language's code, or \"auto\" to detect it (multilingual "
                          "models; English-only ones take \"en\" or \"auto\")"),
      ParamSpec::optional("translate", ParamType::kBool, Value(false),
                          "translate into English (multilingual models)"),
      ParamSpec::optional("strategy", ParamType::kString, Value("greedy"),
                          "\"greedy\" decoding or \"beam\" search")
          .one_of({Value("greedy"), Value("beam")}),
      ParamSpec::optional("beam_size", ParamType::kInt, Value(5), "beams of the beam search")
          .in_range(1, 16),
      ParamSpec::optional("threads", ParamType::kInt, Value(0),
                          "threads natively; 0: up to 4, as many as the machine has. Always 1 "
                          "in wasm")
          .in_range(0, 64),
      ParamSpec::optional("audio_ctx", ParamType::kInt, Value(0),
                          "encoder frames per 30 s window (faster when smaller, less accurate); "
                          "0: the model's 1500")
          .in_range(0, 1500),
      ParamSpec::optional("initial_prompt", ParamType::kString, Value(""),
                          "text that conditions the decoder (names, spelling, style)"),
      ParamSpec::optional("no_timestamps", ParamType::kBool, Value(false),
                          "decode without timestamp tokens: one segment per 30 s window"),
      ParamSpec::optional("token_ids", ParamType::kBool, Value(false),
                          "add each segment's whisper token ids (\"tokens\")"),
      ParamSpec::optional("temperature_fallback", ParamType::kBool, Value(false),
                          "retry a window that decodes badly at rising temperatures, as "
                          "whisper-cli does; the retries sample, and may differ natively and in "
                          "wasm"),
  };
  spec.ports = [](const Map&) {
    NodePorts ports;
    ports.inputs = {PortSpec::of("in", {ValueKind::kAudio}).with_audio({whisper::kWhisperRate, 1})};
    ports.outputs = {PortSpec::of("out", {ValueKind::kMap})
                         .described("{\"text\", \"language\", \"segments\"} per item")};
    return ports;
  };
  spec.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    Result<std::shared_ptr<const WhisperModel>> model = shared_model(config);
    if (!model) return model.take_error();
    Result<TranscribeOptions> options = options_for(config, **model);
    if (!options) return options.take_error();
    return std::unique_ptr<Node>(
        std::make_unique<WhisperNode>(config.id, std::move(*model), std::move(*options)));
  };
  return spec;
}

}  // namespace remotemedia
