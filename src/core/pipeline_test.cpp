#include "core/pipeline.h"

#include <gtest/gtest.h>

#include <atomic>

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
  Status open(NodeContext&) override {
    g_log->push_back(id_ + ".open");
    if (*params_.find("fail_open")->as_bool()) return run_failure("boom", "open failed");
    return Status::ok();
  }
  Status process(Value item, NodeContext& ctx) override {
    if (item == *params_.find("fail_on")) return run_failure("boom", "process failed");
    ctx.emit(Value(id_ + "(" + to_json(item) + ")"));
    return Status::ok();
  }
  Status flush(NodeContext& ctx) override {
    g_log->push_back(id_ + ".flush");
    if (*params_.find("flush")->as_bool()) ctx.emit(Value(id_ + ".flush"));
    return Status::ok();
  }
  Status close(NodeContext&) override {
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
  Status process(Value, NodeContext& ctx) override {
    std::string text(static_cast<std::size_t>(*params_.find("size")->as_int()), 'x');
    if (*params_.find("flood")->as_bool()) {
      do {
        ++g_attempts;
      } while (ctx.emit(Value(text)));
      return Status::ok();
    }
    for (std::int64_t i = 0; i < *params_.find("copies")->as_int(); ++i) ctx.emit(Value(text));
    return Status::ok();
  }

 private:
  Map params_;
};

// Ports: "Split" sends even ints to its output "even" and the rest to "odd"; "Join" has inputs
// "left" and "right" and emits "<port>:<item>"; "Sound" accepts 16 kHz mono audio only and
// reports progress; "Text" emits strings only; "Eager" emits in open().
class SplitNode final : public Node {
 public:
  Status process(Value item, NodeContext& ctx) override {
    ctx.emit_to(*item.as_int() % 2 == 0 ? 0 : 1, std::move(item));
    return Status::ok();
  }
};
class JoinNode final : public Node {
 public:
  Status process(Value item, NodeContext& ctx) override {
    ctx.emit(Value(std::string(ctx.input_port() == 0 ? "left:" : "right:") + to_json(item)));
    return Status::ok();
  }
};
class SoundNode final : public Node {
 public:
  Status process(Value item, NodeContext& ctx) override {
    ctx.report_progress(1, 2);
    ctx.emit(Value(static_cast<std::int64_t>(item.as_audio()->sample_rate)));
    return Status::ok();
  }
};
class PassNode final : public Node {
 public:
  Status process(Value item, NodeContext& ctx) override {
    ctx.emit(std::move(item));
    return Status::ok();
  }
};
class EagerNode final : public Node {
 public:
  Status open(NodeContext& ctx) override {
    EXPECT_FALSE(ctx.emit(Value(1)));
    return Status::ok();
  }
  Status process(Value item, NodeContext& ctx) override {
    ctx.emit(std::move(item));
    return Status::ok();
  }
};

template <typename N>
NodeTypeSpec ported_spec(const char* name, NodePorts ports) {
  NodeTypeSpec spec;
  spec.name = name;
  spec.create = [](const NodeConfig&) -> Result<std::unique_ptr<Node>> {
    return std::unique_ptr<Node>(new N());
  };
  spec.ports = [ports](const Map&) { return ports; };
  return spec;
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_log = &log_;
    NodeTypeSpec spec;
    spec.name = "Trace";
    spec.params = {ParamSpec::optional("flush", ParamType::kBool, Value(false), ""),
                   ParamSpec::optional("fail_open", ParamType::kBool, Value(false), ""),
                   ParamSpec::optional("fail_on", ParamType::kAny, Value("never"), "")};
    spec.create = [](const NodeConfig& c) -> Result<std::unique_ptr<Node>> {
      return std::unique_ptr<Node>(new TraceNode(c));
    };
    ASSERT_TRUE(registry_.add(spec).is_ok());
    NodeTypeSpec repeat;
    repeat.name = "Repeat";
    repeat.params = {ParamSpec::optional("copies", ParamType::kInt, Value(1), ""),
                     ParamSpec::optional("size", ParamType::kInt, Value(0), ""),
                     ParamSpec::optional("flood", ParamType::kBool, Value(false), "")};
    repeat.create = [](const NodeConfig& c) -> Result<std::unique_ptr<Node>> {
      return std::unique_ptr<Node>(new RepeatNode(c));
    };
    ASSERT_TRUE(registry_.add(repeat).is_ok());
    ASSERT_TRUE(
        registry_
            .add(ported_spec<SplitNode>("Split", {{PortSpec::of("in", {ValueKind::kInt})},
                                                  {PortSpec::of("even", {ValueKind::kInt}),
                                                   PortSpec::of("odd", {ValueKind::kInt})}}))
            .is_ok());
    ASSERT_TRUE(
        registry_
            .add(ported_spec<JoinNode>("Join", {{PortSpec::of("left"), PortSpec::of("right")},
                                                {PortSpec::of("out", {ValueKind::kString})}}))
            .is_ok());
    ASSERT_TRUE(registry_
                    .add(ported_spec<SoundNode>(
                        "Sound", {{PortSpec::of("in", {ValueKind::kAudio}).with_audio({16000, 1})},
                                  {PortSpec::of("out", {ValueKind::kInt})}}))
                    .is_ok());
    ASSERT_TRUE(
        registry_
            .add(ported_spec<PassNode>(
                "Text", {{PortSpec::of("in")}, {PortSpec::of("out", {ValueKind::kString})}}))
            .is_ok());
    ASSERT_TRUE(registry_.add(ported_spec<EagerNode>("Eager", NodePorts::defaults())).is_ok());
    ASSERT_TRUE(registry_.add(ported_spec<PassNode>("Pass", NodePorts::defaults())).is_ok());
  }
  void TearDown() override { g_log = nullptr; }

  // The build's result, for tests of what building refuses.
  Result<std::unique_ptr<Pipeline>> try_build(const std::string& nodes,
                                              const std::string& connections,
                                              const BuildOptions& options = {}) {
    Result<Value> doc = parse_json(R"({"version": "v1", "metadata": {"name": "t"}, "nodes": )" +
                                   nodes + R"(, "connections": )" + connections + "}");
    EXPECT_TRUE(doc.is_ok());
    Result<PipelineRequest> request = parse_request(std::move(*doc));
    EXPECT_TRUE(request.is_ok()) << request.error().message;
    return Pipeline::build(request->manifest, registry_, options);
  }

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
  EXPECT_EQ(s.error().message, "the run would hold more than 5 items at once");
  EXPECT_EQ(s.error().option, "max_output_items");
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
  EXPECT_EQ(s.error().message, "the run would hold more than 250 bytes of items at once");
  EXPECT_EQ(s.error().option, "max_output_bytes");
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

TEST_F(PipelineTest, APartialDrainTakesTheOldestItemsOfTheNamedSinks) {
  RunLimits limits;
  limits.max_output_items = 3;
  auto p = build(R"([{"id": "x", "node_type": "Repeat", "params": {"copies": 2}},
                     {"id": "y", "node_type": "Trace"}])",
                 "[]", limits);
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->open().is_ok());
  ASSERT_TRUE(p->push(Value(1)).is_ok());  // x: "", ""; y: y(1)
  auto some = p->drain_outputs({"x"}, 1);
  ASSERT_TRUE(some.is_ok());
  ASSERT_EQ(some->size(), 1u);
  EXPECT_EQ((*some)[0].first, "x");
  EXPECT_EQ(to_json(Value((*some)[0].second)), R"([""])");
  // Two items are still held and count against the limit of 3: two more are too many.
  Status over = p->push("x", Value(2));
  ASSERT_FALSE(over.is_ok());
  EXPECT_EQ(over.error().code, "output_limit");
  auto unknown = p->drain_outputs({"x", "nope"}, 0);
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.error().code, "invalid_argument");
  EXPECT_EQ(unknown.error().message, "'nope' is not a sink of this pipeline (its sinks: x, y)");
  EXPECT_EQ(outputs(*p), R"j(x=[""] y=["y(1)"] )j") << "a refused drain takes nothing";
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

Value audio_of_rate(std::int64_t rate) {
  Audio audio;
  audio.sample_rate = rate;
  audio.channels = 1;
  return Value(std::move(audio));
}

TEST_F(PipelineTest, NamedPortsRouteItemsAndTellTheNodeWhereTheyArrived) {
  auto p = build(R"([{"id": "split", "node_type": "Split"}, {"id": "join", "node_type": "Join"}])",
                 R"([{"from": "split.even", "to": "join.left"},
                     {"from": "split.odd", "to": "join.right"}])");
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->open().is_ok());
  for (int i = 1; i <= 4; ++i) ASSERT_TRUE(p->push(Value(i)).is_ok());
  ASSERT_TRUE(p->finish().is_ok());
  EXPECT_EQ(outputs(*p), R"j(join=["right:1", "left:2", "right:3", "left:4"] )j");
}

TEST_F(PipelineTest, EachUnconnectedPortOfAMultiPortNodeIsASinkOfItsOwn) {
  auto p = build(R"([{"id": "split", "node_type": "Split"}])", "[]");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->info().sink_count, 2u);
  ASSERT_TRUE(p->open().is_ok());
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(p->push(Value(i)).is_ok());
  ASSERT_TRUE(p->finish().is_ok());
  EXPECT_EQ(outputs(*p), "split.even=[2] split.odd=[1, 3] ");
}

TEST_F(PipelineTest, AConnectionMustNameOneOfSeveralPortsAndOnlyDeclaredOnes) {
  Result<std::unique_ptr<Pipeline>> unnamed =
      try_build(R"([{"id": "split", "node_type": "Split"}, {"id": "t", "node_type": "Trace"}])",
                R"([{"from": "split", "to": "t"}])");
  ASSERT_FALSE(unnamed.is_ok());
  EXPECT_EQ(unnamed.error().code, "unknown_port");
  EXPECT_EQ(unnamed.error().path, "$.connections[0].from");
  EXPECT_EQ(unnamed.error().category, ErrorCategory::kInvalidInput);
  EXPECT_EQ(unnamed.error().message,
            "node 'split' has several output ports (even, odd): name one, as 'split.even'");

  Result<std::unique_ptr<Pipeline>> unknown =
      try_build(R"([{"id": "t", "node_type": "Trace"}, {"id": "join", "node_type": "Join"}])",
                R"([{"from": "t", "to": "join.middle"}])");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.error().code, "unknown_port");
  EXPECT_EQ(unknown.error().path, "$.connections[0].to");
  EXPECT_EQ(unknown.error().message,
            "node 'join' has no input port 'middle' (input ports: left, right)");

  // A node's one port may be named; a dotted id that is no node stays an unknown node.
  EXPECT_TRUE(try_build(R"([{"id": "a", "node_type": "Trace"}, {"id": "b", "node_type": "Trace"}])",
                        R"([{"from": "a.out", "to": "b.in"}])")
                  .is_ok());
  Result<std::unique_ptr<Pipeline>> dangling =
      try_build(R"([{"id": "a", "node_type": "Trace"}])", R"([{"from": "a", "to": "x.in"}])");
  ASSERT_FALSE(dangling.is_ok());
  EXPECT_EQ(dangling.error().code, "dangling_connection");
}

TEST_F(PipelineTest, ConnectionsThatCanNeverCarryAnItemAreRefusedBeforeAnyNodeIsBuilt) {
  Result<std::unique_ptr<Pipeline>> built =
      try_build(R"([{"id": "text", "node_type": "Text"}, {"id": "asr", "node_type": "Sound"}])",
                R"([{"from": "text", "to": "asr"}])");
  ASSERT_FALSE(built.is_ok());
  EXPECT_EQ(built.error().code, "port_mismatch");
  EXPECT_EQ(built.error().category, ErrorCategory::kInvalidInput);
  EXPECT_EQ(built.error().path, "$.connections[0]");
  EXPECT_EQ(built.error().message,
            "connection text.out -> asr.in can never carry an item: the output emits string but "
            "the input accepts audio");
}

TEST_F(PipelineTest, EachItemIsCheckedAgainstTheInputPortItReaches) {
  auto p = build(R"([{"id": "t", "node_type": "Pass"}, {"id": "asr", "node_type": "Sound"}])",
                 R"([{"from": "t", "to": "asr"}])");
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->open().is_ok());
  ASSERT_TRUE(p->push(audio_of_rate(16000)).is_ok());
  Status s = p->push(audio_of_rate(48000));
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.error().code, "port_mismatch");
  EXPECT_EQ(s.error().category, ErrorCategory::kRunFailure);
  EXPECT_EQ(s.error().node_id, "t");
  EXPECT_EQ(s.error().path, "$.connections[0]");
  EXPECT_EQ(s.error().message,
            "node 't' emitted on 't.out' audio of 48000 Hz mono arrived where audio of 16000 Hz "
            "mono is accepted by 'asr.in'");
  EXPECT_EQ(outputs(*p), "asr=[16000] ");
}

TEST_F(PipelineTest, ANodeEmittingOutsideProcessAndFlushFailsTheRun) {
  auto p = build(R"([{"id": "e", "node_type": "Eager"}])", "[]");
  ASSERT_TRUE(p);
  Status s = p->open();
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.error().code, "pipeline_state");
  EXPECT_EQ(s.error().node_id, "e");
  EXPECT_EQ(s.error().message, "node 'e' emitted an item outside process() and flush()");
}

TEST_F(PipelineTest, TheHostsStopFlagAndProgressReachTheNodes) {
  std::atomic<bool> stop{false};
  std::vector<std::string> progress;
  BuildOptions options;
  options.stop = &stop;
  options.progress = [&](const std::string& id, std::uint64_t done, std::uint64_t total) {
    progress.push_back(id + ":" + std::to_string(done) + "/" + std::to_string(total));
  };
  Result<std::unique_ptr<Pipeline>> built =
      try_build(R"([{"id": "asr", "node_type": "Sound"}])", "[]", options);
  ASSERT_TRUE(built.is_ok());
  Pipeline& p = **built;
  ASSERT_TRUE(p.open().is_ok());
  ASSERT_TRUE(p.push(audio_of_rate(16000)).is_ok());
  EXPECT_EQ(progress, (std::vector<std::string>{"asr:1/2"}));
  stop = true;
  Status s = p.push(audio_of_rate(16000));
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.error().code, "interrupted");
  EXPECT_EQ(p.state(), PipelineState::kFailed);
  EXPECT_EQ(progress.size(), 1u) << "no node ran after the stop";
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
