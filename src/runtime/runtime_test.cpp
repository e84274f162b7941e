#include "remotemedia/runtime.h"

#include <gtest/gtest.h>

#include "core/pipeline.h"

namespace remotemedia {
namespace {

class RuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Runtime>> made = Runtime::create(RuntimeConfig{});
    ASSERT_TRUE(made.is_ok()) << made.error().message;
    runtime_ = std::move(*made);
  }
  std::unique_ptr<Runtime> runtime_;
};

constexpr const char* kCalculator = R"({"manifest": {"version": "v1", "metadata": {"name": "calc"},
  "nodes": [{"id": "multiply", "node_type": "MultiplyNode", "params": {"factor": 2}},
            {"id": "add", "node_type": "AddNode", "params": {"addend": 10}}],
  "connections": [{"from": "multiply", "to": "add"}]}, "input_data": [5, 7, 3]})";

TEST_F(RuntimeTest, RunsTheCalculator) {
  RunResult r = runtime_->run(kCalculator, {});
  EXPECT_FALSE(r.failed);
  EXPECT_EQ(
      r.document,
      R"({"status": "success", "outputs": {"add": [20, 24, 16]}, "graph_info": {"node_count": 2, )"
      R"("source_count": 1, "sink_count": 1, "execution_order": ["multiply", "add"]}})");
}

TEST_F(RuntimeTest, ValidateRunsNothing) {
  CallOptions options;
  options.validate = true;
  RunResult r = runtime_->run(kCalculator, options);
  EXPECT_FALSE(r.failed);
  EXPECT_EQ(r.document.rfind(R"({"status": "valid", "graph_info": )", 0), 0u) << r.document;
}

TEST_F(RuntimeTest, FailuresCarryTheirErrorAndCategory) {
  RunResult bad = runtime_->run("{", {});
  EXPECT_TRUE(bad.failed);
  EXPECT_EQ(bad.error.category, ErrorCategory::kInvalidInput);
  EXPECT_EQ(bad.document.rfind(R"({"status": "error", "error": {"code": "invalid_json")", 0), 0u);

  RunResult failed = runtime_->run(R"({"manifest": {"version": "v1", "metadata": {"name": "x"},
      "nodes": [{"id": "m", "node_type": "MultiplyNode"}]}, "input_data": ["text"]})",
                                   {});
  EXPECT_TRUE(failed.failed);
  EXPECT_EQ(failed.error.category, ErrorCategory::kRunFailure);
  EXPECT_NE(failed.document.find(R"("code": "type_error")"), std::string::npos);
  EXPECT_NE(failed.document.find(R"("node_id": "m")"), std::string::npos);
}

TEST_F(RuntimeTest, MetricsStayOutOfTheDocument) {
  CallOptions options;
  options.metrics = true;
  RunResult with = runtime_->run(kCalculator, options);
  RunResult without = runtime_->run(kCalculator, {});
  EXPECT_EQ(with.document, without.document);
  ASSERT_EQ(with.metrics.nodes.size(), 2u);
  EXPECT_EQ(with.metrics.nodes[0].items_in, 3u);
  EXPECT_TRUE(without.metrics.nodes.empty());
}

TEST_F(RuntimeTest, LimitsArePerCallAndNamedInTheCallersSpelling) {
  CallOptions tight;
  tight.max_output_items = 2;
  tight.option_names = {{"max_output_items", "limits.maxOutputItems"}};
  RunResult limited = runtime_->run(kCalculator, tight);
  EXPECT_TRUE(limited.failed);
  EXPECT_EQ(limited.error.code, "output_limit");
  EXPECT_NE(limited.document.find("at once (limits.maxOutputItems)"), std::string::npos)
      << limited.document;
  // The same runtime, the next call with the defaults: no trace of the last call's limits.
  EXPECT_FALSE(runtime_->run(kCalculator, {}).failed);

  CallOptions small_input;
  small_input.max_input_bytes = 10;
  RunResult too_large = runtime_->run(kCalculator, small_input);
  EXPECT_EQ(too_large.error.code, "input_too_large");
  EXPECT_NE(too_large.document.find("larger than 10 bytes (max_input_bytes)"), std::string::npos)
      << too_large.document;
}

TEST_F(RuntimeTest, OpensStreamingPipelinesAndRefusesInputDataForThem) {
  Result<std::unique_ptr<Pipeline>> pipeline = runtime_->open_pipeline(
      R"({"version": "v1", "metadata": {"name": "x"}, "nodes": [{"id": "a", "node_type": "AddNode"}]})",
      {});
  ASSERT_TRUE(pipeline.is_ok());
  EXPECT_EQ((*pipeline)->state(), PipelineState::kOpen);
  Result<std::unique_ptr<Pipeline>> with_items = runtime_->open_pipeline(kCalculator, {});
  ASSERT_FALSE(with_items.is_ok());
  EXPECT_EQ(with_items.error().code, "invalid_argument");
  EXPECT_EQ(with_items.error().path, "$.input_data");
}

// A node type that reads the resource its param names, once per runtime, and emits its text.
class ReaderNode final : public Node {
 public:
  explicit ReaderNode(std::shared_ptr<const std::string> text) : text_(std::move(text)) {}
  Status process(Value, NodeContext& ctx) override {
    ctx.emit(Value(*text_ + (ctx.resources() != nullptr ? "" : " (no loader)")));
    return Status::ok();
  }

 private:
  std::shared_ptr<const std::string> text_;
};

TEST_F(RuntimeTest, NodesLoadResourcesThroughTheRuntimeOnceForEveryPipeline) {
  int loads = 0;
  NodeTypeSpec reader;
  reader.name = "Reader";
  reader.params = {ParamSpec::required("model", ParamType::kString, "")};
  reader.create = [&loads](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    const std::string& ref = *config.params.find("model")->as_string();
    std::string path = config.json_path + ".params.model";
    Result<std::string> id = config.resources->identity(ref, path, config.id);
    if (!id) return id.take_error();
    Result<std::shared_ptr<const std::string>> text = config.resources->object<std::string>(
        "reader:" + *id, [&]() -> Result<std::shared_ptr<const std::string>> {
          ++loads;
          Result<Buffer> bytes = config.resources->bytes(ref, path, config.id);
          if (!bytes) return bytes.take_error();
          return std::make_shared<const std::string>(reinterpret_cast<const char*>(bytes->data()),
                                                     bytes->size());
        });
    if (!text) return text.take_error();
    return std::unique_ptr<Node>(new ReaderNode(std::move(*text)));
  };
  ASSERT_TRUE(runtime_->add_node_type(reader).is_ok());
  EXPECT_EQ(runtime_->add_node_type(reader).error().code, "duplicate_node_type");
  ASSERT_TRUE(runtime_->add_resource("vocab", Buffer::copy_of("hello", 5)).is_ok());

  const char* doc = R"({"manifest": {"version": "v1", "metadata": {"name": "r"},
      "nodes": [{"id": "r", "node_type": "Reader", "params": {"model": "resource:vocab"}}]},
      "input_data": [1]})";
  for (int i = 0; i < 3; ++i) {
    RunResult r = runtime_->run(doc, {});
    EXPECT_NE(r.document.find(R"("r": ["hello"])"), std::string::npos) << r.document;
  }
  EXPECT_EQ(loads, 1) << "one load serves every pipeline of the runtime";

  RunResult missing = runtime_->run(R"({"version": "v1", "metadata": {"name": "r"},
      "nodes": [{"id": "r", "node_type": "Reader", "params": {"model": "resource:nope"}}]})",
                                    {});
  EXPECT_EQ(missing.error.code, "resource_not_found");
  EXPECT_EQ(missing.error.path, "$.nodes[0].params.model");
  RunResult escaping = runtime_->run(R"({"version": "v1", "metadata": {"name": "r"},
      "nodes": [{"id": "r", "node_type": "Reader", "params": {"model": "../x.bin"}}]})",
                                     {});
  EXPECT_EQ(escaping.error.code, "resource_outside");
  EXPECT_EQ(escaping.error.category, ErrorCategory::kInvalidInput);
}

TEST(CallOptions, OneSchemaWithItsDefaultsAndErrorsAtThePath) {
  Result<CallOptions> defaults = parse_call_options("");
  ASSERT_TRUE(defaults.is_ok());
  EXPECT_EQ(defaults->max_output_items, 5'000'000u);
  EXPECT_EQ(defaults->max_input_bytes, std::uint64_t{256} << 20);
  EXPECT_FALSE(defaults->metrics);

  Result<CallOptions> set = parse_call_options(
      R"({"metrics": true, "validate": true, "max_output_bytes": 7, "base_dir": "/p"})");
  ASSERT_TRUE(set.is_ok());
  EXPECT_TRUE(set->metrics);
  EXPECT_TRUE(set->validate);
  EXPECT_EQ(set->max_output_bytes, 7u);
  EXPECT_EQ(set->base_dir, "/p");

  Result<CallOptions> zero = parse_call_options(
      R"({"option_names": {"max_output_items": "--max-output-items"}, "max_output_items": 0})");
  ASSERT_FALSE(zero.is_ok());
  EXPECT_EQ(zero.error().code, "invalid_option");
  EXPECT_EQ(zero.error().path, "$.max_output_items");
  EXPECT_EQ(zero.error().message, "--max-output-items needs a whole number of at least 1");

  Result<CallOptions> unknown = parse_call_options(R"({"recursion_limit": 100})");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.error().path, "$.recursion_limit");
  EXPECT_EQ(parse_call_options("[]").error().code, "invalid_option");
  EXPECT_EQ(parse_call_options("{").error().code, "invalid_option");
}

}  // namespace
}  // namespace remotemedia
