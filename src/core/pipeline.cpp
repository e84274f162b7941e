#include "core/pipeline.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "core/json_path.h"
#include "core/params.h"

namespace remotemedia {
namespace {

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

std::string known_types(const NodeRegistry& registry) {
  std::string names;
  for (const NodeTypeSpec& spec : registry.types()) {
    if (!names.empty()) names += ", ";
    names += spec.name;
  }
  return names;
}

}  // namespace

Value graph_info_value(const GraphInfo& info) {
  List order;
  for (const std::string& id : info.execution_order) order.emplace_back(id);
  return Map{{"node_count", Value(static_cast<std::int64_t>(info.node_count))},
             {"source_count", Value(static_cast<std::int64_t>(info.source_count))},
             {"sink_count", Value(static_cast<std::int64_t>(info.sink_count))},
             {"execution_order", Value(std::move(order))}};
}

const char* pipeline_state_name(PipelineState state) {
  switch (state) {
    case PipelineState::kBuilt:
      return "built";
    case PipelineState::kOpen:
      return "open";
    case PipelineState::kFinished:
      return "finished";
    case PipelineState::kFailed:
      return "failed";
  }
  return "unknown";
}

// The context of one node call. Emitting is allowed in process() and flush() only, on the node's
// declared output ports; anything else is remembered as `misuse` and ends the run.
class Pipeline::CallContext final : public NodeContext {
 public:
  CallContext(const Pipeline& pipeline, const Slot& slot, Outputs& outputs, std::size_t input_port,
              bool may_emit)
      : pipeline_(pipeline),
        slot_(slot),
        outputs_(outputs),
        input_port_(input_port),
        may_emit_(may_emit) {}

  const std::string& node_id() const override { return slot_.id; }
  const std::string& json_path() const override { return slot_.json_path; }
  std::size_t input_port() const override { return input_port_; }
  bool emit_to(std::size_t port, Value item) override {
    if (!misuse_.empty()) return false;
    if (!may_emit_) {
      misuse_ = "emitted an item outside process() and flush()";
      return false;
    }
    if (port >= slot_.ports.outputs.size()) {
      misuse_ = "emitted on output port " + std::to_string(port) + " but declares " +
                std::to_string(slot_.ports.outputs.size());
      return false;
    }
    return outputs_.push_back(port, std::move(item));
  }
  bool stop_requested() const override { return pipeline_.stop_requested(); }
  void report_progress(std::uint64_t done, std::uint64_t total) override {
    if (pipeline_.progress_) pipeline_.progress_(slot_.id, done, total);
  }
  const ResourceLoader* resources() const override { return pipeline_.resources_.get(); }

  // Empty unless the node used the context in a way it may not.
  const std::string& misuse() const { return misuse_; }

 private:
  const Pipeline& pipeline_;
  const Slot& slot_;
  Outputs& outputs_;
  std::size_t input_port_;
  bool may_emit_;
  std::string misuse_;
};

Result<std::unique_ptr<Pipeline>> Pipeline::build(const Manifest& manifest,
                                                  const NodeRegistry& registry,
                                                  const BuildOptions& options) {
  // Node types, params and ports first, in manifest order, so the first error reported is the
  // first in the document; then the graph (connections checked port to port); then the
  // factories, which may be costly (e.g. Python imports).
  const std::size_t n = manifest.nodes.size();
  std::vector<Map> params(n);
  std::vector<const NodeTypeSpec*> specs(n);
  std::vector<NodePorts> ports(n);
  for (std::size_t i = 0; i < n; ++i) {
    const NodeDecl& decl = manifest.nodes[i];
    specs[i] = registry.find(decl.node_type);
    if (specs[i] == nullptr) {
      std::string where = JsonPath(decl.json_path).key("node_type").str();
      return invalid_input(
          errc::unknown_node_type,
          "unknown node_type '" + decl.node_type + "'; known types: " + known_types(registry),
          where, decl.id);
    }
    Result<Map> validated = validate_params(*specs[i], decl.params, decl.id,
                                            JsonPath(decl.json_path).key("params").str());
    if (!validated) return validated.take_error();
    params[i] = std::move(*validated);
    ports[i] = specs[i]->ports ? specs[i]->ports(params[i]) : NodePorts::defaults();
    if (ports[i].inputs.empty() || ports[i].outputs.empty()) {
      // A registration bug, not the manifest's: every node has at least one port on each side.
      return run_failure(errc::invalid_argument,
                         "node type '" + decl.node_type + "' declares no input or no output port",
                         decl.id);
    }
  }
  Result<Graph> graph = build_graph(manifest, ports);
  if (!graph) return graph.take_error();

  std::unique_ptr<Pipeline> pipeline(new Pipeline());
  pipeline->scope_ = std::make_unique<PipelineScope>();
  pipeline->collect_metrics_ = options.collect_metrics;
  pipeline->limits_ = options.limits;
  pipeline->stop_ = options.stop;
  pipeline->progress_ = options.progress;
  pipeline->resources_ = options.resources;
  for (const ConnectionDecl& connection : manifest.connections) {
    pipeline->connection_paths_.push_back(connection.json_path);
  }
  std::vector<std::size_t> position(n);
  for (std::size_t p = 0; p < graph->order.size(); ++p) position[graph->order[p]] = p;

  for (std::size_t i : graph->order) {
    const NodeDecl& decl = manifest.nodes[i];
    NodeConfig config{
        decl.id,          decl.node_type,         std::move(params[i]),   decl.json_path,
        options.base_dir, pipeline->scope_.get(), options.resources.get()};
    Result<std::unique_ptr<Node>> node = specs[i]->create(config);
    if (!node) {
      Error error = node.take_error();
      error.category = ErrorCategory::kInvalidInput;
      if (error.node_id.empty()) error.node_id = decl.id;
      if (error.path.empty()) error.path = decl.json_path;
      return error;
    }
    Slot slot;
    slot.node = std::move(*node);
    slot.id = decl.id;
    slot.json_path = decl.json_path;
    slot.ports = std::move(ports[i]);
    slot.routes.resize(slot.ports.outputs.size());
    for (const Link& link : graph->links[i]) {
      const PortSpec& accepts = ports[link.to].inputs[link.to_port];
      bool checked = !accepts.kinds.is_any() || !(accepts.audio == AudioFormat{});
      slot.routes[link.from_port].targets.push_back(
          Target{position[link.to], link.to_port, checked, link.connection});
    }
    for (std::size_t p = 0; p < slot.routes.size(); ++p) {
      Route& route = slot.routes[p];
      if (!route.targets.empty()) continue;
      route.is_sink = true;
      route.sink_index = pipeline->outputs_.size();
      std::string name =
          slot.routes.size() == 1 ? decl.id : decl.id + "." + slot.ports.outputs[p].name;
      pipeline->outputs_.emplace_back(std::move(name), List());
    }
    if (graph->is_source(i)) pipeline->sources_.push_back(pipeline->slots_.size());
    pipeline->info_.execution_order.push_back(decl.id);
    pipeline->metrics_.push_back(NodeMetrics{decl.id, 0, 0, 0});
    pipeline->slots_.push_back(std::move(slot));
  }
  pipeline->info_.node_count = pipeline->slots_.size();
  pipeline->info_.source_count = pipeline->sources_.size();
  pipeline->info_.sink_count = pipeline->outputs_.size();
  return pipeline;
}

Pipeline::~Pipeline() {
  // Statuses from closing after a failure or an abandoned run have nowhere to go.
  Status ignored = close_all();
  (void)ignored;
}

Status Pipeline::tag(Status status, const Slot& slot) const {
  if (!status.is_ok() && status.error().node_id.empty()) status.error().node_id = slot.id;
  return status;
}

Status Pipeline::require(PipelineState wanted, const char* call) const {
  if (state_ == wanted) return Status::ok();
  if (state_ == PipelineState::kFailed) {
    return run_failure(errc::pipeline_failed,
                       std::string(call) + " on a pipeline that already failed");
  }
  return run_failure(errc::pipeline_state, std::string(call) + " needs a pipeline that is " +
                                               pipeline_state_name(wanted) + ", but it is " +
                                               pipeline_state_name(state_));
}

Status Pipeline::fail(Status status) {
  if (!status.is_ok()) state_ = PipelineState::kFailed;
  return status;
}

template <typename Call>
Status Pipeline::call_node(std::size_t s, NodeCall kind, std::size_t input_port, Call call) {
  Slot& slot = slots_[s];
  reset_scratch();
  // A stop ends the run before the next call; close() always runs.
  if (kind != NodeCall::kClose && stop_requested()) {
    return run_failure(errc::interrupted, "the run was stopped by its host");
  }
  bool may_emit = kind == NodeCall::kProcess || kind == NodeCall::kFlush;
  CallContext context(*this, slot, produced_, input_port, may_emit);
  std::uint64_t start = collect_metrics_ ? now_ns() : 0;
  Status status = call(*slot.node, context);
  if (collect_metrics_) {
    metrics_[s].process_ns += now_ns() - start;
    metrics_[s].items_out += produced_.size();
  }
  if (status.is_ok() && !context.misuse().empty()) {
    status = run_failure(errc::pipeline_state, "node '" + slot.id + "' " + context.misuse());
  }
  return tag(std::move(status), slot);
}

bool Pipeline::stop_requested() const {
  return stop_ != nullptr && stop_->load(std::memory_order_relaxed);
}

Status Pipeline::open() {
  RM_RETURN_IF_ERROR(require(PipelineState::kBuilt, "open()"));
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    Status status = call_node(s, NodeCall::kOpen, 0,
                              [](Node& node, NodeContext& ctx) { return node.open(ctx); });
    if (!status.is_ok()) {
      state_ = PipelineState::kFailed;
      Status ignored = close_all();
      (void)ignored;
      return status;
    }
    slots_[s].is_open = true;
  }
  state_ = PipelineState::kOpen;
  return Status::ok();
}

Status Pipeline::deliver(Slot& slot, Outputs& produced) {
  if (produced.overflowed()) return output_limit_error(produced.overflowed_on_bytes());
  // Everything is checked before anything moves, so a failed delivery delivers nothing.
  std::uint64_t items = 0;
  std::uint64_t bytes = 0;
  for (Outputs::Emitted& emitted : produced) {
    const Route& route = slot.routes[emitted.port];
    std::uint64_t copies = route.is_sink ? 1 : route.targets.size();
    std::uint64_t item_bytes = 0;
    if (__builtin_mul_overflow(emitted.bytes, copies, &item_bytes) ||
        __builtin_add_overflow(bytes, item_bytes, &bytes)) {
      return output_limit_error(true);
    }
    items += copies;
    for (const Target& target : route.targets) {
      if (!target.checked) continue;
      const Slot& to = slots_[target.slot];
      const PortSpec& port = to.ports.inputs[target.port];
      std::string mismatch = item_mismatch(emitted.item, port);
      if (mismatch.empty()) continue;
      Error error = run_failure(errc::port_mismatch,
                                "node '" + slot.id + "' emitted on '" + slot.id + "." +
                                    slot.ports.outputs[emitted.port].name + "' " + mismatch +
                                    " by '" + to.id + "." + port.name + "'",
                                slot.id);
      error.path = connection_paths_[target.connection];
      return error;
    }
  }
  if (items > limits_.max_output_items - held_items_) return output_limit_error(false);
  if (bytes > limits_.max_output_bytes - held_bytes_) return output_limit_error(true);
  held_items_ += items;
  held_bytes_ += bytes;
  for (Outputs::Emitted& emitted : produced) {
    Route& route = slot.routes[emitted.port];
    if (route.is_sink) {
      outputs_[route.sink_index].second.push_back(std::move(emitted.item));
      continue;
    }
    for (std::size_t k = 0; k + 1 < route.targets.size(); ++k) {
      const Target& target = route.targets[k];
      slots_[target.slot].inbox.push_back(Inbound{emitted.item, target.port});
    }
    const Target& last = route.targets.back();
    slots_[last.slot].inbox.push_back(Inbound{std::move(emitted.item), last.port});
  }
  return Status::ok();
}

Error Pipeline::output_limit_error(bool on_bytes) const {
  Error error =
      run_failure(errc::output_limit,
                  "the run would hold more than " +
                      (on_bytes ? std::to_string(limits_.max_output_bytes) + " bytes of items"
                                : std::to_string(limits_.max_output_items) + " items") +
                      " at once");
  error.option = on_bytes ? "max_output_bytes" : "max_output_items";
  return error;
}

void Pipeline::reset_scratch() {
  produced_.reset(limits_.max_output_items - held_items_, limits_.max_output_bytes - held_bytes_);
}

Status Pipeline::process_inbox(std::size_t s) {
  Slot& slot = slots_[s];
  if (slot.inbox.empty()) return Status::ok();
  batch_.swap(slot.inbox);
  for (Inbound& inbound : batch_) {
    // The item leaves what the run holds as the node takes it.
    held_items_ -= 1;
    held_bytes_ -= payload_bytes(inbound.item);
    Status status =
        call_node(s, NodeCall::kProcess, inbound.port, [&inbound](Node& node, NodeContext& ctx) {
          return node.process(std::move(inbound.item), ctx);
        });
    if (collect_metrics_) metrics_[s].items_in += 1;
    if (status.is_ok()) status = tag(deliver(slot, produced_), slot);
    if (!status.is_ok()) {
      batch_.clear();
      return status;
    }
  }
  batch_.clear();
  return Status::ok();
}

Status Pipeline::drain() {
  for (std::size_t s = 0; s < slots_.size(); ++s) RM_RETURN_IF_ERROR(process_inbox(s));
  return Status::ok();
}

Status Pipeline::push(Value item) {
  RM_RETURN_IF_ERROR(require(PipelineState::kOpen, "push()"));
  return fail(push_to_sources(sources_, std::move(item)));
}

Status Pipeline::push(std::string_view source_id, Value item) {
  RM_RETURN_IF_ERROR(require(PipelineState::kOpen, "push()"));
  for (std::size_t s : sources_) {
    if (slots_[s].id == source_id) return fail(push_to_sources({s}, std::move(item)));
  }
  std::string sources;
  for (std::size_t s : sources_) sources += (sources.empty() ? "" : ", ") + slots_[s].id;
  return invalid_input(errc::invalid_argument, "'" + std::string(source_id) +
                                                   "' is not a source node of the pipeline " +
                                                   "(sources: " + sources + ")");
}

Status Pipeline::push_to_sources(const std::vector<std::size_t>& targets, Value item) {
  // Pushed items count as held while they wait, but only nodes' outputs are checked against the
  // limits: the input was already bounded when it was read. They arrive at input port 0.
  held_items_ += targets.size();
  held_bytes_ += payload_bytes(item) * targets.size();
  for (std::size_t k = 0; k + 1 < targets.size(); ++k) {
    slots_[targets[k]].inbox.push_back(Inbound{item, 0});
  }
  slots_[targets.back()].inbox.push_back(Inbound{std::move(item), 0});
  return drain();
}

Status Pipeline::finish() {
  RM_RETURN_IF_ERROR(require(PipelineState::kOpen, "finish()"));
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    // What upstream nodes flushed sits in this node's inbox (they all run earlier in execution
    // order): process it before flushing this node.
    RM_RETURN_IF_ERROR(fail(process_inbox(s)));
    Status status = call_node(s, NodeCall::kFlush, 0,
                              [](Node& node, NodeContext& ctx) { return node.flush(ctx); });
    if (status.is_ok()) status = tag(deliver(slots_[s], produced_), slots_[s]);
    if (!status.is_ok()) return fail(std::move(status));
  }
  Status closed = close_all();
  state_ = closed.is_ok() ? PipelineState::kFinished : PipelineState::kFailed;
  return closed;
}

std::vector<std::pair<std::string, List>> Pipeline::drain_outputs() {
  std::vector<std::pair<std::string, List>> taken;
  taken.reserve(outputs_.size());
  for (auto& [id, items] : outputs_) {
    taken.emplace_back(id, std::move(items));
    items = List();
  }
  held_items_ = 0;
  held_bytes_ = 0;
  return taken;
}

Result<std::vector<std::pair<std::string, List>>> Pipeline::drain_outputs(
    const std::vector<std::string>& sinks, std::size_t max_items) {
  std::string known;
  for (const auto& [id, items] : outputs_) known += (known.empty() ? "" : ", ") + id;
  for (const std::string& name : sinks) {
    bool found = false;
    for (const auto& [id, items] : outputs_) found = found || id == name;
    if (!found) {
      return invalid_input(
          errc::invalid_argument,
          "'" + name + "' is not a sink of this pipeline (its sinks: " + known + ")");
    }
  }
  std::vector<std::pair<std::string, List>> taken;
  for (auto& [id, items] : outputs_) {
    if (!sinks.empty() && std::find(sinks.begin(), sinks.end(), id) == sinks.end()) continue;
    const std::size_t count = max_items == 0 ? items.size() : std::min(max_items, items.size());
    List part;
    part.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      held_items_ -= 1;
      held_bytes_ -= payload_bytes(items[i]);
      part.push_back(std::move(items[i]));
    }
    items.erase(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(count));
    taken.emplace_back(id, std::move(part));
  }
  return taken;
}

Status Pipeline::close_all() {
  Status first;
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    if (!slots_[s].is_open) continue;
    slots_[s].is_open = false;
    Status status = call_node(s, NodeCall::kClose, 0,
                              [](Node& node, NodeContext& ctx) { return node.close(ctx); });
    if (!status.is_ok() && first.is_ok()) first = std::move(status);
  }
  return first;
}

}  // namespace remotemedia
