#include "core/pipeline.h"

#include <gtest/gtest.h>

#include "core/json_reader.h"
#include "core/json_writer.h"

namespace remotemedia {
namespace {

// Test nodes record their life-cycle calls here, as "<id>.<step>".
std::vector<std::string>* g_log = nullptr;

// Emits "<id>(<item>)" for each item; on flush emits "<id>.flush" when param "flush" is true;
// fails process() on the item equal to param "fail_on", and open() when "fail_open" is true.
class TraceNode final : public Node {
 public:
  explicit TraceNode(const NodeConfig& c) : id_(c.id), params_(c.params) {}
  Status open() override {
    g_log->push_back(id_ + ".open");
    if (*params_.find("fail_open")->as_bool()) return run_failure("boom", "open failed");
    return Status::ok();
  }
  Status process(Value item, Outputs& out) override {
    if (item == *params_.find("fail_on")) return run_failure("boom", "process failed");
    out.push_back(Value(id_ + "(" + to_json(item) + ")"));
    return Status::ok();
  }
  Status flush(Outputs& out) override {
    g_log->push_back(id_ + ".flush");
    if (*params_.find("flush")->as_bool()) out.push_back(Value(id_ + ".flush"));
    return Status::ok();
  }
  Status close() override {
    g_log->push_back(id_ + ".close");
    return Status::ok();
  }

 private:
  std::string id_;
  Map params_;
};

// Emits param "copies" strings of param "size" bytes per item; with "flood", emits until the
// outputs refuse an item, counting its attempts in g_attempts.
std::uint64_t g_attempts = 0;
class RepeatNode final : public Node {
 public:
  explicit RepeatNode(const NodeConfig& c) : params_(c.params) {}
  Status process(Value, Outputs& out) override {
    std::string text(static_cast<std::size_t>(*params_.find("size")->as_int()), 'x');
    if (*params_.find("flood")->as_bool()) {
      do {
        ++g_attempts;
      } while (out.push_back(Value(text)));
      return Status::ok();
    }
    for (std::int64_t i = 0; i < *params_.find("copies")->as_int(); ++i) out.push_back(Value(text));
    return Status::ok();
  }

 private:
  Map params_;
};

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_log = &log_;
    NodeTypeSpec spec;
    spec.name = "Trace";
    spec.params = {{"flush", ParamType::kBool, Value(false), false, ""},
                   {"fail_open", ParamType::kBool, Value(false), false, ""},
                   {"fail_on", ParamType::kAny, Value("never"), false, ""}};
    spec.create = [](const NodeConfig& c) -> Result<std::unique_ptr<Node>> {
      return std::unique_ptr<Node>(new TraceNode(c));
    };
    ASSERT_TRUE(registry_.add(spec).is_ok());
    NodeTypeSpec repeat;
    repeat.name = "Repeat";
    repeat.params = {{"copies", ParamType::kInt, Value(1), false, ""},
                     {"size", ParamType::kInt, Value(0), false, ""},
                     {"flood", ParamType::kBool, Value(false), false, ""}};
    repeat.create = [](const NodeConfig& c) -> Result<std::unique_ptr<Node>> {
      return std::unique_ptr<Node>(new RepeatNode(c));
    };
    ASSERT_TRUE(registry_.add(repeat).is_ok());
  }
  void TearDown() override { g_log = nullptr; }

  std::unique_ptr<Pipeline> build(const std::string& nodes, const std::string& connections,
                                  RunLimits limits = {}) {
    Result<Value> doc = parse_json(R"({"version": "v1", "metadata": {"name": "t"}, "nodes": )" +
                                   nodes + R"(, "connections": )" + connections + "}");
    EXPECT_TRUE(doc.is_ok());
    Result<PipelineRequest> request = parse_request(std::move(*doc));
    EXPECT_TRUE(request.is_ok()) << request.error().message;
    BuildOptions options;
    options.limits = limits;
    Result<std::unique_ptr<Pipeline>> p = Pipeline::build(request->manifest, registry_, options);
    EXPECT_TRUE(p.is_ok()) << p.error().message;
    return p ? std::move(*p) : nullptr;
  }

  std::string outputs(const Pipeline& p) {
    std::string text;
    for (const auto& [id, items] : p.outputs()) text += id + "=" + to_json(Value(items)) + " ";
    return text;
  }

  NodeRegistry registry_;
  std::vector<std::string> log_;
};

TEST_F(PipelineTest, DiamondDeliversFanOutToAllAndFanInInExecutionOrder) {
  auto p = build(
      R"([{"id": "src", "node_type": "Trace"}, {"id": "r", "node_type": "Trace"},
          {"id": "l", "node_type": "Trace"}, {"id": "join", "node_type": "Trace"}])",
      R"([{"from": "src", "to": "l"}, {"from": "src", "to": "r"},
          {"from": "l", "to": "join"}, {"from": "r", "to": "join"}])");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->info().execution_order, (std::vector<std::string>{"src", "r", "l", "join"}));
  ASSERT_TRUE(p->open().is_ok());
  ASSERT_TRUE(p->push(Value(1)).is_ok());
  ASSERT_TRUE(p->push(Value(2)).is_ok());
  ASSERT_TRUE(p->finish().is_ok());
  // r runs before l (manifest order), so join sees r's output first for each item.
  EXPECT_EQ(outputs(*p), R"j(join=["join(\"r(\\\"src(1)\\\")\")", "join(\"l(\\\"src(1)\\\")\")", )j"
                         R"j("join(\"r(\\\"src(2)\\\")\")", "join(\"l(\\\"src(2)\\\")\")"] )j");
}

TEST_F(PipelineTest, FlushedItemsReachDownstreamBeforeItFlushes) {
  auto p = build(R"([{"id": "a", "node_type": "Trace", "params": {"flush": true}},
                     {"id": "b", "node_type": "Trace", "params": {"flush": true}}])",
                 R"([{"from": "a", "to": "b"}])");
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->open().is_ok());
  ASSERT_TRUE(p->finish().is_ok());
  EXPECT_EQ(outputs(*p), R"j(b=["b(\"a.flush\")", "b.flush"] )j");
  EXPECT_EQ(log_, (std::vector<std::string>{"a.open", "b.open", "a.flush", "b.flush", "a.close",
                                            "b.close"}));
}

TEST_F(PipelineTest, EverySourceGetsEveryItemAndEverySinkHasOutputs) {
  auto p = build(R"([{"id": "x", "node_type": "Trace"}, {"id": "y", "node_type": "Trace"}])", "[]");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->info().source_count, 2u);
  EXPECT_EQ(p->info().sink_count, 2u);
  ASSERT_TRUE(p->open().is_ok());
  ASSERT_TRUE(p->push(Value(7)).is_ok());
  ASSERT_TRUE(p->finish().is_ok());
  EXPECT_EQ(outputs(*p), R"j(x=["x(7)"] y=["y(7)"] )j");
}

TEST_F(PipelineTest, FailedOpenClosesOnlyTheNodesAlreadyOpen) {
  auto p = build(
      R"([{"id": "a", "node_type": "Trace"}, {"id": "b", "node_type": "Trace", "params": {"fail_open": true}},
                     {"id": "c", "node_type": "Trace"}])",
      R"([{"from": "a", "to": "b"}, {"from": "b", "to": "c"}])");
  ASSERT_TRUE(p);
  Status s = p->open();
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.error().node_id, "b");
  p.reset();
  EXPECT_EQ(log_, (std::vector<std::string>{"a.open", "b.open", "a.close"}));
}

TEST_F(PipelineTest, FailedProcessStopsTheRunAndStillClosesEveryNode) {
  auto p = build(
      R"j([{"id": "a", "node_type": "Trace"}, {"id": "b", "node_type": "Trace", "params": {"fail_on": "a(2)"}}])j",
      R"([{"from": "a", "to": "b"}])");
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->open().is_ok());
  ASSERT_TRUE(p->push(Value(1)).is_ok());
  Status s = p->push(Value(2));
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.error().node_id, "b");
  EXPECT_EQ(s.error().category, ErrorCategory::kRunFailure);
  EXPECT_FALSE(p->push(Value(3)).is_ok()) << "a failed pipeline accepts no more items";
  p.reset();
  EXPECT_EQ(log_, (std::vector<std::string>{"a.open", "b.open", "a.close", "b.close"}));
}

TEST_F(PipelineTest, FanOutCopiesCountAgainstTheItemLimit) {
  RunLimits limits;
  limits.max_output_items = 5;
  auto p = build(R"([{"id": "src", "node_type": "Trace"}, {"id": "a", "node_type": "Trace"},
                     {"id": "b", "node_type": "Trace"}, {"id": "c", "node_type": "Trace"}])",
                 R"([{"from": "src", "to": "a"}, {"from": "src", "to": "b"},
                     {"from": "src", "to": "c"}])",
                 limits);
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->open().is_ok());
  ASSERT_TRUE(p->push(Value(1)).is_ok()) << "3 items held in the sinks";
  Status s = p->push(Value(2));
  ASSERT_FALSE(s.is_ok()) << "3 more copies would make 6 > 5";
  EXPECT_EQ(s.error().code, "output_limit");
  EXPECT_EQ(s.error().node_id, "src");
  EXPECT_EQ(s.error().category, ErrorCategory::kRunFailure);
  EXPECT_EQ(s.error().message, "the run would hold more than 5 items at once (--max-output-items)");
}

TEST_F(PipelineTest, ANodeThatNeverStopsEmittingIsRefusedAtTheLimit) {
  RunLimits limits;
  limits.max_output_items = 1000;
  auto p =
      build(R"([{"id": "flood", "node_type": "Repeat", "params": {"flood": true}}])", "[]", limits);
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->open().is_ok());
  g_attempts = 0;
  Status s = p->push(Value(1));
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.error().code, "output_limit");
  EXPECT_EQ(s.error().node_id, "flood");
  // The pushed item left the held set when the node took it: 1000 fit, the 1001st is refused.
  EXPECT_EQ(g_attempts, 1001u);
}

TEST_F(PipelineTest, PayloadBytesAreBoundedToo) {
  RunLimits limits;
  limits.max_output_bytes = 250;
  auto p = build(R"([{"id": "r", "node_type": "Repeat", "params": {"size": 100}}])", "[]", limits);
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->open().is_ok());
  ASSERT_TRUE(p->push(Value(1)).is_ok());
  ASSERT_TRUE(p->push(Value(2)).is_ok());
  Status s = p->push(Value(3));
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.error().code, "output_limit");
  EXPECT_EQ(s.error().message,
            "the run would hold more than 250 bytes of items at once (--max-output-bytes)");
}

TEST_F(PipelineTest, DrainedOutputsNoLongerCountAgainstTheLimits) {
  RunLimits limits;
  limits.max_output_items = 2;
  auto p = build(R"([{"id": "r", "node_type": "Repeat", "params": {"copies": 2}}])", "[]", limits);
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->open().is_ok());
  ASSERT_TRUE(p->push(Value(1)).is_ok());
  EXPECT_EQ(p->drain_outputs()[0].second.size(), 2u);
  EXPECT_TRUE(p->push(Value(2)).is_ok());
}

TEST_F(PipelineTest, CallsOutOfOrderAreStateErrorsThatChangeNothing) {
  auto p = build(R"([{"id": "a", "node_type": "Trace"}])", "[]");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state(), PipelineState::kBuilt);
  Status early = p->push(Value(1));
  ASSERT_FALSE(early.is_ok());
  EXPECT_EQ(early.error().code, "pipeline_state");
  EXPECT_EQ(early.error().message, "push() needs a pipeline that is open, but it is built");
  EXPECT_EQ(p->finish().error().code, "pipeline_state");
  ASSERT_TRUE(p->open().is_ok());
  EXPECT_EQ(p->open().error().code, "pipeline_state");
  ASSERT_TRUE(p->push(Value(1)).is_ok());
  ASSERT_TRUE(p->finish().is_ok());
  EXPECT_EQ(p->state(), PipelineState::kFinished);
  // After finish() no node is called again (a Python node's methods are gone by then).
  Status late = p->push(Value(2));
  EXPECT_EQ(late.error().code, "pipeline_state");
  EXPECT_EQ(late.error().message, "push() needs a pipeline that is open, but it is finished");
  EXPECT_EQ(p->finish().error().code, "pipeline_state");
  EXPECT_EQ(log_, (std::vector<std::string>{"a.open", "a.flush", "a.close"}));
  EXPECT_EQ(outputs(*p), R"j(a=["a(1)"] )j");
}

TEST_F(PipelineTest, AfterAFailureOnlyDrainWorks) {
  auto p = build(R"([{"id": "a", "node_type": "Trace", "params": {"fail_on": 2}}])", "[]");
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->open().is_ok());
  ASSERT_TRUE(p->push(Value(1)).is_ok());
  EXPECT_EQ(p->push(Value(2)).error().code, "boom");
  EXPECT_EQ(p->state(), PipelineState::kFailed);
  EXPECT_EQ(p->push(Value(3)).error().code, "pipeline_failed");
  EXPECT_EQ(p->finish().error().code, "pipeline_failed");
  auto drained = p->drain_outputs();
  ASSERT_EQ(drained.size(), 1u);
  EXPECT_EQ(to_json(Value(drained[0].second)), R"j(["a(1)"])j");
}

TEST_F(PipelineTest, PushToOneSourceReachesOnlyThatSource) {
  auto p = build(R"([{"id": "x", "node_type": "Trace"}, {"id": "y", "node_type": "Trace"},
                     {"id": "z", "node_type": "Trace"}])",
                 R"([{"from": "x", "to": "z"}, {"from": "y", "to": "z"}])");
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->open().is_ok());
  ASSERT_TRUE(p->push("y", Value(5)).is_ok());
  EXPECT_EQ(outputs(*p), R"j(z=["z(\"y(5)\")"] )j");
  Status not_source = p->push("z", Value(6));
  ASSERT_FALSE(not_source.is_ok());
  EXPECT_EQ(not_source.error().code, "invalid_argument");
  EXPECT_EQ(not_source.error().message, "'z' is not a source node of the pipeline (sources: x, y)");
  EXPECT_EQ(p->push("nope", Value(6)).error().code, "invalid_argument");
  EXPECT_EQ(p->state(), PipelineState::kOpen);
  ASSERT_TRUE(p->push(Value(7)).is_ok());
  EXPECT_EQ(outputs(*p), R"j(z=["z(\"y(5)\")", "z(\"x(7)\")", "z(\"y(7)\")"] )j");
}

TEST(PipelineScope, FindsWhatWasSetAndDestroysInReverseOrder) {
  std::vector<std::string> destroyed;
  struct Noted {
    Noted(std::vector<std::string>* l, std::string n) : log(l), name(std::move(n)) {}
    ~Noted() { log->push_back(name); }
    std::vector<std::string>* log;
    std::string name;
  };
  {
    PipelineScope scope;
    EXPECT_EQ(scope.find("a"), nullptr);
    scope.set("a", std::make_shared<Noted>(&destroyed, "a"));
    scope.set("b", std::make_shared<Noted>(&destroyed, "b"));
    EXPECT_NE(scope.find("a"), nullptr);
    EXPECT_TRUE(destroyed.empty());
  }
  EXPECT_EQ(destroyed, (std::vector<std::string>{"b", "a"}));
}

TEST(PayloadBytes, CountsDataBytesAndEightPerScalar) {
  EXPECT_EQ(payload_bytes(Value()), 8u);
  EXPECT_EQ(payload_bytes(Value("abc")), 3u);
  EXPECT_EQ(payload_bytes(Value(List{Value(1), Value(2.5), Value("xy")})), 18u);
  EXPECT_EQ(payload_bytes(Value(Map{{"key", Value(true)}})), 11u);
}

TEST_F(PipelineTest, UnknownNodeTypeListsKnownTypes) {
  Result<Value> doc = parse_json(
      R"({"version": "v1", "metadata": {"name": "t"}, "nodes": [{"id": "q", "node_type": "Nope"}]})");
  Result<PipelineRequest> request = parse_request(std::move(*doc));
  Result<std::unique_ptr<Pipeline>> p = Pipeline::build(request->manifest, registry_, {});
  ASSERT_FALSE(p.is_ok());
  EXPECT_EQ(p.error().code, "unknown_node_type");
  EXPECT_EQ(p.error().path, "$.nodes[0].node_type");
  EXPECT_NE(p.error().message.find("known types: Trace"), std::string::npos);
}

}  // namespace
}  // namespace remotemedia
