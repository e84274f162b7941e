// A built, runnable pipeline: node instances wired by a Graph, driven by a streaming executor.
// Batch execution is streaming with a finite input: push every item, then finish().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <atomic>
#include <functional>

#include "core/graph.h"
#include "core/manifest.h"
#include "core/outputs.h"
#include "remotemedia/node.h"
#include "remotemedia/registry.h"

namespace remotemedia {

struct GraphInfo {
  std::size_t node_count = 0;
  std::size_t source_count = 0;
  std::size_t sink_count = 0;
  std::vector<std::string> execution_order;
};

// The "graph_info" member of result documents.
Value graph_info_value(const GraphInfo& info);

// What one run may accumulate. Hitting a limit ends the run with `output_limit` (exit 1), naming
// the node whose output crossed it and (Error::option) the call option that lifts it. Set from
// CallOptions (remotemedia/runtime.h), identically on every target, so a run hits a limit at the
// same item on all of them.
// A default-constructed RunLimits bounds nothing; the runtime sets CallOptions' limits.
struct RunLimits {
  // Items held at once in node inboxes and sink lists (the items one process() or flush() call
  // emits count as soon as they are emitted).
  std::uint64_t max_output_items = UINT64_MAX;
  // payload_bytes() of the same items.
  std::uint64_t max_output_bytes = UINT64_MAX;
};

// Progress a node reported (NodeContext::report_progress): its id, `done` of `total` units.
using ProgressFn =
    std::function<void(const std::string& node_id, std::uint64_t done, std::uint64_t total)>;

struct BuildOptions {
  std::string base_dir = ".";
  bool collect_metrics = false;
  RunLimits limits;
  // Set by the host (another thread, or a signal handler) to stop the run: nodes see it through
  // NodeContext::stop_requested(), and the executor fails the run with `interrupted` before the
  // next node call. Not owned; null: never stops. Must outlive the pipeline.
  const std::atomic<bool>* stop = nullptr;
  // Null: progress is dropped.
  ProgressFn progress;
  // Handed to every node (NodeConfig::resources, NodeContext::resources()); the pipeline keeps
  // it until its last node is gone. Null: nodes get none.
  std::shared_ptr<const ResourceLoader> resources;
};

// Where a pipeline is in its life. Calls that the state does not allow return an error and change
// nothing: `pipeline_state` (run failure) for a call out of order, `pipeline_failed` for any call
// but drain_outputs() after a failure.
//   built    --open()-->   open      (a failed open: failed, nodes already open are closed again)
//   open     --push()-->   open      (a failed push: failed)
//   open     --finish()--> finished  (every node flushed and closed; a failed flush: failed)
enum class PipelineState { kBuilt, kOpen, kFinished, kFailed };
const char* pipeline_state_name(PipelineState state);

// Delivery order, which makes output bytes depend only on manifest and input:
// - push(item) hands the item to input port 0 of every source node, then runs nodes in execution
//   order; each node processes its inbox in arrival order and the items it emits on a port go to
//   that port's connections in manifest order (the last one gets the original, the others
//   copies).
// - So a fan-in node receives, per pushed item, its upstreams' outputs in execution order.
// - finish() flushes nodes in execution order, so a node's flushed items reach downstream nodes
//   before those flush themselves; then every node is closed.
class Pipeline {
 public:
  // Parses nothing and runs nothing: checks node types and params, builds every node through its
  // factory, and orders the graph. Any error here is invalid input.
  static Result<std::unique_ptr<Pipeline>> build(const Manifest& manifest,
                                                 const NodeRegistry& registry,
                                                 const BuildOptions& options);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  const GraphInfo& info() const { return info_; }
  PipelineState state() const { return state_; }
  // Ok when the pipeline is in `wanted`; else the state error a call named `call` gets
  // (`pipeline_state`, or `pipeline_failed` after a failure). Changes nothing.
  Status require(PipelineState wanted, const char* call) const;

  // built -> open: opens nodes in execution order. If one fails, those already open are closed
  // again and the pipeline is failed.
  Status open();
  // open: hands the item to every source node (push(item)) or to the source `source_id` alone,
  // then runs every node until all inboxes are empty. An id that is not a source node is
  // `invalid_argument` (invalid input; the state is unchanged). A node's failure fails the
  // pipeline; destruction then closes what is still open.
  Status push(Value item);
  Status push(std::string_view source_id, Value item);
  // open -> finished: flushes, then closes every node. The first error wins (failed); later
  // closes still happen.
  Status finish();

  // Sink outputs not yet drained, in execution order of the sinks; each list in arrival order.
  // A sink is an output port with no connection: named by the node id when the node has one
  // output port, "id.port" when it has several.
  const std::vector<std::pair<std::string, List>>& outputs() const { return outputs_; }
  // Moves the sink lists out, in the order of outputs(); the sinks stay, with empty lists, so the
  // pipeline can go on. What was drained no longer counts against the limits (between push() and
  // finish() calls every inbox is empty), so a stream drained as it goes runs in bounded memory.
  // Allowed in every state: after a failure it yields what reached the sinks before it.
  std::vector<std::pair<std::string, List>> drain_outputs();
  // A partial drain: only the sinks named in `sinks` (every sink when empty), in the order of
  // outputs(), and of each at most its `max_items` oldest items (all when 0). What stays is
  // taken, in order, by later drains and still counts against the limits. A name that is no sink
  // is `invalid_argument` (invalid input), naming the sinks; nothing is taken then.
  Result<std::vector<std::pair<std::string, List>>> drain_outputs(
      const std::vector<std::string>& sinks, std::size_t max_items);
  const std::vector<NodeMetrics>& metrics() const { return metrics_; }

 private:
  class CallContext;
  // Where one output port's items go: input ports of later slots, or a sink list.
  struct Target {
    std::size_t slot = 0;
    std::size_t port = 0;
    // The input port restricts what it accepts: each item is checked against it.
    bool checked = false;
    std::size_t connection = 0;  // index into connection_paths_
  };
  struct Route {
    std::vector<Target> targets;
    bool is_sink = false;
    std::size_t sink_index = 0;  // into outputs_, when a sink
  };
  struct Inbound {
    Value item;
    std::size_t port = 0;
  };
  struct Slot {
    std::unique_ptr<Node> node;
    std::string id;
    std::string json_path;
    NodePorts ports;
    std::vector<Route> routes;  // one per output port
    bool is_open = false;
    std::vector<Inbound> inbox;
  };

  Pipeline() = default;
  // Runs every node's inbox to empty, in execution order.
  Status drain();
  // Processes the items waiting in slot `s`'s inbox, in arrival order.
  Status process_inbox(std::size_t s);
  // Routes one node's outputs to its downstream inboxes or its sink list, or fails with
  // `output_limit` (delivering nothing) when they overflowed or their copies would exceed the
  // limits.
  Status deliver(Slot& slot, Outputs& produced);
  enum class NodeCall { kOpen, kProcess, kFlush, kClose };
  // Runs one node call with a context for slot `s`: empties the scratch outputs, refuses the call
  // with `interrupted` when the host asked to stop (never a close), lets it emit only in process
  // and flush, times it, counts what it emitted, tags its error with the node.
  template <typename Call>
  Status call_node(std::size_t s, NodeCall kind, std::size_t input_port, Call call);
  bool stop_requested() const;
  Error output_limit_error(bool on_bytes) const;
  // Empties the scratch outputs and bounds them by what the run may still hold.
  void reset_scratch();
  Status close_all();
  Status tag(Status status, const Slot& slot) const;
  // Delivers `item` to the sources at `targets` (indexes into slots_) and drains.
  Status push_to_sources(const std::vector<std::size_t>& targets, Value item);
  // Marks the pipeline failed and passes `status` through.
  Status fail(Status status);

  // Declared first so that they are destroyed last, after every node built with them.
  std::shared_ptr<const ResourceLoader> resources_;
  std::unique_ptr<PipelineScope> scope_;
  std::vector<Slot> slots_;  // in execution order
  std::vector<std::size_t> sources_;
  std::vector<std::pair<std::string, List>> outputs_;
  std::vector<NodeMetrics> metrics_;
  // Scratch reused by every process/flush call, so the per-item path keeps its capacity instead
  // of allocating.
  Outputs produced_;
  std::vector<Inbound> batch_;
  std::vector<std::string> connection_paths_;
  GraphInfo info_;
  RunLimits limits_;
  // Items (and their payload_bytes) in inboxes and sink lists right now.
  std::uint64_t held_items_ = 0;
  std::uint64_t held_bytes_ = 0;
  bool collect_metrics_ = false;
  const std::atomic<bool>* stop_ = nullptr;
  ProgressFn progress_;
  PipelineState state_ = PipelineState::kBuilt;
};

}  // namespace remotemedia
