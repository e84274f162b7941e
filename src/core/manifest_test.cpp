#include "core/manifest.h"

#include <gtest/gtest.h>

#include "core/json_reader.h"

namespace remotemedia {
namespace {

Result<PipelineRequest> request(const std::string& text) {
  Result<Value> parsed = parse_json(text);
  if (!parsed) return parsed.take_error();
  return parse_request(std::move(*parsed));
}

TEST(Manifest, ParsesEnvelopeAndIgnoresUnusedRemoteMediaFields) {
  Result<PipelineRequest> r = request(R"({
    "manifest": {"version": "v1", "metadata": {"name": "calc", "description": "d"},
                 "nodes": [{"id": "m", "node_type": "MultiplyNode", "params": {"factor": 3},
                            "is_streaming": false, "capabilities": {}, "runtime_hint": "cpu"}],
                 "connections": []},
    "input_data": [1, 2]})");
  ASSERT_TRUE(r.is_ok()) << r.error().message;
  EXPECT_EQ(r->manifest.name, "calc");
  ASSERT_EQ(r->manifest.nodes.size(), 1u);
  EXPECT_EQ(r->manifest.nodes[0].json_path, "$.manifest.nodes[0]");
  EXPECT_EQ(*r->manifest.nodes[0].params.find("factor"), Value(3));
  EXPECT_EQ(r->input_data.size(), 2u);
}

TEST(Manifest, BareManifestHasNoInput) {
  Result<PipelineRequest> r = request(
      R"({"version": "v1", "metadata": {"name": "x"}, "nodes": [{"id": "p", "node_type": "PassThroughNode"}]})");
  ASSERT_TRUE(r.is_ok()) << r.error().message;
  EXPECT_TRUE(r->input_data.empty());
  EXPECT_EQ(r->manifest.nodes[0].json_path, "$.nodes[0]");
}

struct BadManifest {
  const char* text;
  const char* code;
  const char* path;
};

class ManifestRejects : public ::testing::TestWithParam<BadManifest> {};

TEST_P(ManifestRejects, WithCodeAndPath) {
  Result<PipelineRequest> r = request(GetParam().text);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.error().code, GetParam().code) << r.error().message;
  EXPECT_EQ(r.error().path, GetParam().path) << r.error().message;
  EXPECT_EQ(r.error().category, ErrorCategory::kInvalidInput);
}

#define NODE R"({"id": "a", "node_type": "PassThroughNode"})"
INSTANTIATE_TEST_SUITE_P(
    Shapes, ManifestRejects,
    ::testing::Values(
        BadManifest{"[]", "invalid_manifest", "$"},
        BadManifest{R"({"metadata": {"name": "x"}, "nodes": []})", "missing_field", "$.version"},
        BadManifest{R"({"version": "v2", "metadata": {"name": "x"}, "nodes": [)" NODE "]}",
                    "unsupported_version", "$.version"},
        BadManifest{R"({"version": "v1", "nodes": [)" NODE "]}", "missing_field", "$.metadata"},
        BadManifest{R"({"version": "v1", "metadata": {"name": ""}, "nodes": [)" NODE "]}",
                    "invalid_field", "$.metadata.name"},
        BadManifest{R"({"version": "v1", "metadata": {"name": "x"}, "nodes": []})",
                    "empty_pipeline", "$.nodes"},
        BadManifest{R"({"version": "v1", "metadata": {"name": "x"}, "nodes": {}})", "invalid_field",
                    "$.nodes"},
        BadManifest{
            R"({"version": "v1", "metadata": {"name": "x"}, "nodes": [{"node_type": "A"}]})",
            "missing_field", "$.nodes[0].id"},
        BadManifest{R"({"version": "v1", "metadata": {"name": "x"}, "nodes": [{"id": 1}]})",
                    "invalid_field", "$.nodes[0].id"},
        BadManifest{R"({"version": "v1", "metadata": {"name": "x"}, "nodes": [)" NODE ", " NODE
                    "]}",
                    "duplicate_node_id", "$.nodes[1].id"},
        BadManifest{
            R"({"version": "v1", "metadata": {"name": "x"}, "nodes": [{"id": "a", "node_type": "P", "params": [1]}]})",
            "invalid_field", "$.nodes[0].params"},
        BadManifest{R"({"version": "v1", "metadata": {"name": "x"}, "nodes": [)" NODE
                    R"(], "connections": [{"from": "a"}]})",
                    "missing_field", "$.connections[0].to"},
        BadManifest{R"({"manifest": {"version": "v1", "metadata": {"name": "x"}, "nodes": [)" NODE
                    R"(]}, "input_data": 5})",
                    "invalid_field", "$.input_data"}));
#undef NODE

// Building is linear, and the size is bounded: one node more than kMaxNodes (and one connection
// more than kMaxConnections) is refused at its JSON path, before any node is looked at.
TEST(Manifest, RefusesMoreNodesAndConnectionsThanTheLimit) {
  auto chain = [](std::size_t nodes, std::size_t connections) {
    std::string text = R"({"version": "v1", "metadata": {"name": "big"}, "nodes": [)";
    for (std::size_t i = 0; i < nodes; ++i) {
      text += (i ? "," : "") + std::string(R"({"id": "n)") + std::to_string(i) +
              R"(", "node_type": "PassThroughNode"})";
    }
    text += R"(], "connections": [)";
    for (std::size_t i = 0; i < connections; ++i) {
      text += (i ? "," : "") + std::string(R"({"from": "n0", "to": "n1"})");
    }
    return text + "]}";
  };
  Result<PipelineRequest> at_limit = request(chain(kMaxNodes, 1));
  ASSERT_TRUE(at_limit.is_ok()) << at_limit.error().message;
  EXPECT_EQ(at_limit->manifest.nodes.size(), kMaxNodes);
  Result<PipelineRequest> nodes = request(chain(kMaxNodes + 1, 1));
  ASSERT_FALSE(nodes.is_ok());
  EXPECT_EQ(nodes.error().code, "invalid_manifest");
  EXPECT_EQ(nodes.error().path, "$.nodes");
  Result<PipelineRequest> connections = request(chain(2, kMaxConnections + 1));
  ASSERT_FALSE(connections.is_ok());
  EXPECT_EQ(connections.error().code, "invalid_manifest");
  EXPECT_EQ(connections.error().path, "$.connections");
}

}  // namespace
}  // namespace remotemedia
