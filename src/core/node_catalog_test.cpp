#include "core/node_catalog.h"

#include <gtest/gtest.h>

#include "core/json_writer.h"

namespace remotemedia {
namespace {

TEST(NodeCatalog, ListsParamsAndThePortsTheirDefaultsGive) {
  NodeRegistry registry;
  NodeTypeSpec spec;
  spec.name = "Resample";
  spec.family = "audio";
  spec.description = "d";
  spec.params = {ParamSpec::optional("rate", ParamType::kInt, Value(16000), "target rate")
                     .in_range(8000, 48000),
                 ParamSpec::required("mode", ParamType::kString, "how")
                     .one_of({Value("fast"), Value("best")})};
  spec.create = [](const NodeConfig&) -> Result<std::unique_ptr<Node>> {
    return invalid_input("x", "not built here");
  };
  spec.ports = [](const Map& params) {
    return NodePorts{{PortSpec::of("in", {ValueKind::kAudio})},
                     {PortSpec::of("out", {ValueKind::kAudio})
                          .with_audio({*params.find("rate")->as_int(), 1})
                          .described("resampled")}};
  };
  ASSERT_TRUE(registry.add(spec).is_ok());
  NodeTypeSpec plain;
  plain.name = "Plain";
  plain.family = "math";
  ASSERT_TRUE(registry.add(plain).is_ok());
  EXPECT_EQ(
      to_json(node_catalog(registry)),
      R"({"node_types": [{"name": "Resample", "family": "audio", "description": "d", "params": )"
      R"([{"name": "rate", "type": "int", "required": false, "default": 16000, "description": )"
      R"("target rate", "min": 8000, "max": 48000}, {"name": "mode", "type": "string", )"
      R"("required": true, "description": "how", "choices": ["fast", "best"]}], )"
      R"("inputs": [{"name": "in", "kinds": "audio"}], "outputs": [{"name": )"
      R"("out", "kinds": "audio", "sample_rate": 16000, "channels": 1, "description": )"
      R"("resampled"}]}, {"name": "Plain", "family": "math", "description": "", "params": [], )"
      R"("inputs": [{"name": "in", "kinds": "any"}], "outputs": [{"name": "out", "kinds": )"
      R"("any"}]}]})");
}

}  // namespace
}  // namespace remotemedia
