// PocketSphinxNode: 16 kHz mono audio in, the words recognised in it out
// (docs/nodes.md#pocketsphinxnode), with PocketSphinx and Debian's US English model by default.
// The decoder and its model are loaded when the pipeline is built, once per runtime
// (ResourceLoader::object), and shared by every PocketSphinxNode that names the same files and
// search.
#include <memory>
#include <string>
#include <utility>

#include "nodes/speech/pocketsphinx/sphinx_decoder.h"
#include "nodes/speech/pocketsphinx/sphinx_model_files.h"
#include "nodes/speech/speech_audio.h"
#include "nodes/speech/speech_nodes.h"
#include "remotemedia/error_codes.h"
#include "remotemedia/resources.h"

namespace remotemedia {
namespace {

using sphinx::SphinxDecoder;

class PocketSphinxNode : public Node {
 public:
  PocketSphinxNode(std::string id, std::shared_ptr<const SphinxDecoder> decoder)
      : id_(std::move(id)), decoder_(std::move(decoder)) {}

  Status process(Value item, NodeContext& ctx) override {
    Result<const Audio*> checked = speech_audio(item, "PocketSphinxNode", id_);
    if (!checked) return checked.take_error();
    const Audio* audio = *checked;
    if (audio->frame_count() == 0) {
      ctx.emit(Value(Map{{"text", Value("")}, {"segments", Value(List{})}}));
      return Status::ok();
    }
    Result<Value> words = decoder_->decode(*audio);
    if (!words) {
      Error error = words.take_error();
      error.node_id = id_;
      return error;
    }
    ctx.report_progress(1, 1);
    ctx.emit(std::move(*words));
    return Status::ok();
  }

 private:
  std::string id_;
  std::shared_ptr<const SphinxDecoder> decoder_;
};

// The decoder `config` describes: the runtime's, or loaded now.
Result<std::shared_ptr<const SphinxDecoder>> shared_decoder(const NodeConfig& config) {
  Result<sphinx::ModelFiles> files = sphinx::resolve_model_files(config);
  if (!files) return files.take_error();
  return config.resources->object<SphinxDecoder>(
      files->key, [&]() -> Result<std::shared_ptr<const SphinxDecoder>> {
        Result<std::shared_ptr<const SphinxDecoder>> decoder = SphinxDecoder::load(files->setup);
        if (!decoder) {
          Error error = decoder.take_error();
          error.path = config.json_path + ".params";
          error.node_id = config.id;
          return error;
        }
        return decoder;
      });
}

}  // namespace

NodeTypeSpec pocketsphinx_node_spec() {
  NodeTypeSpec spec;
  spec.name = "PocketSphinxNode";
  spec.family = "speech";
  spec.description =
      "Recognises speech in 16 kHz mono audio with PocketSphinx: each item is one utterance in, "
      "{\"text\", \"segments\": [{\"start\", \"end\", \"word\"}]} out, with times in seconds on "
      "the input's timeline. By default Debian's US English model (pocketsphinx-en-us) under "
      "/models/en-us; the decoder and model are loaded once per runtime when the pipeline is "
      "built, and a missing or broken file is `invalid_model` or `resource_not_found` then.";
  spec.params = {
      ParamSpec::optional("hmm", ParamType::kString, Value(sphinx::kDefaultHmm),
                          "the acoustic model's directory (mdef, means, variances, ...): a path "
                          "under the pipeline's directory or a mount"),
      ParamSpec::optional("dict", ParamType::kString, Value(sphinx::kDefaultDict),
                          "the pronunciation dictionary file"),
      ParamSpec::optional("lm", ParamType::kString, Value(""),
                          "an n-gram language model file (ARPA or binary); \"\": " +
                              std::string(sphinx::kDefaultLm) +
                              " unless jsgf or keyphrase is given"),
      ParamSpec::optional("jsgf", ParamType::kString, Value(""),
                          "a JSGF grammar file to recognise instead of a language model"),
      ParamSpec::optional("keyphrase", ParamType::kString, Value(""),
                          "spot this phrase (words of the dictionary) instead of recognising "
                          "everything"),
      ParamSpec::optional("kws_threshold", ParamType::kNumber, Value(1.0),
                          "keyphrase detection threshold (smaller: more detections, e.g. 1e-20)")
          .in_range(1e-300, 1e300),
  };
  spec.ports = [](const Map&) {
    NodePorts ports;
    ports.inputs = {PortSpec::of("in", {ValueKind::kAudio}).with_audio({kSpeechRate, 1})};
    ports.outputs = {
        PortSpec::of("out", {ValueKind::kMap}).described("{\"text\", \"segments\"} per item")};
    return ports;
  };
  spec.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    Result<std::shared_ptr<const SphinxDecoder>> decoder = shared_decoder(config);
    if (!decoder) return decoder.take_error();
    return std::unique_ptr<Node>(
        std::make_unique<PocketSphinxNode>(config.id, std::move(*decoder)));
  };
  return spec;
}

}  // namespace remotemedia
