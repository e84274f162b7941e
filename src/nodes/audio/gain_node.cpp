// GainNode: scales audio by a gain in dB, or normalises each item to a peak level.
#include <cmath>
#include <string>
#include <utility>

#include "nodes/audio/audio_nodes.h"

namespace remotemedia {
namespace {

// 10^(db/20), as a float.
float amplitude_of(double db) {
  return static_cast<float>(std::pow(10.0, db / 20.0));
}

class GainNode : public Node {
 public:
  // `peak_db` is used when `normalize` is true, `gain_db` otherwise.
  GainNode(std::string node_id, bool normalize, double gain_db, double peak_db)
      : id_(std::move(node_id)),
        normalize_(normalize),
        factor_(amplitude_of(gain_db)),
        peak_(amplitude_of(peak_db)) {}

  Status process(Value item, NodeContext& ctx) override {
    if (item.as_audio() == nullptr) {  // the input port admits audio only; stay safe anyway
      return run_failure(errc::type_error, "GainNode takes audio", id_);
    }
    const Audio& in = *item.as_audio();
    const std::size_t count = in.sample_count();
    const float* samples = in.data();
    float factor = factor_;
    if (normalize_) {
      float peak = 0.0f;
      for (std::size_t i = 0; i < count; ++i) peak = std::fmax(peak, std::fabs(samples[i]));
      if (peak == 0.0f || !std::isfinite(peak)) {  // silence (or no finite peak): unchanged
        ctx.emit(std::move(item));
        return Status::ok();
      }
      factor = peak_ / peak;
    }
    Buffer out = Buffer::allocate(count * sizeof(float));
    float* scaled = reinterpret_cast<float*>(out.mutable_data());
    for (std::size_t i = 0; i < count; ++i) scaled[i] = samples[i] * factor;
    Audio result = in;
    result.samples = std::move(out);
    ctx.emit(Value(std::move(result)));
    return Status::ok();
  }

 private:
  std::string id_;
  bool normalize_;
  float factor_;
  float peak_;
};

}  // namespace

NodeTypeSpec gain_node_spec() {
  NodeTypeSpec spec;
  spec.name = "GainNode";
  spec.family = "audio";
  spec.description =
      "Scales audio by `gain_db`, or (`normalize`) each item so that its largest sample magnitude "
      "is at `peak_db`. Samples are not clipped.";
  spec.params = {
      ParamSpec::optional("gain_db", ParamType::kNumber, Value(0),
                          "gain in decibels (20 log10 of the factor)")
          .in_range(-120, 120),
      ParamSpec::optional("normalize", ParamType::kBool, Value(false),
                          "scale each item to `peak_db` instead (silence passes unchanged)"),
      ParamSpec::optional("peak_db", ParamType::kNumber, Value(-1.0),
                          "with `normalize`: the peak level in dBFS")
          .in_range(-120, 0),
  };
  spec.ports = [](const Map&) { return audio_in_out_ports(); };
  spec.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    const Value& gain = *config.params.find("gain_db");
    const Value& peak = *config.params.find("peak_db");
    double gain_db = gain.as_int() ? static_cast<double>(*gain.as_int()) : *gain.as_float();
    double peak_db = peak.as_int() ? static_cast<double>(*peak.as_int()) : *peak.as_float();
    return std::unique_ptr<Node>(std::make_unique<GainNode>(
        config.id, *config.params.find("normalize")->as_bool(), gain_db, peak_db));
  };
  return spec;
}

}  // namespace remotemedia
