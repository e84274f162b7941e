#include "core/pipeline.h"

#include <chrono>

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

Result<std::unique_ptr<Pipeline>> Pipeline::build(const Manifest& manifest,
                                                  const NodeRegistry& registry,
                                                  const BuildOptions& options) {
  // Node types and params first, in manifest order, so the first error reported is the first in
  // the document; then the graph; then the factories, which may be costly (e.g. Python imports).
  std::vector<Map> params(manifest.nodes.size());
  std::vector<const NodeTypeSpec*> specs(manifest.nodes.size());
  for (std::size_t i = 0; i < manifest.nodes.size(); ++i) {
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
  }
  Result<Graph> graph = build_graph(manifest);
  if (!graph) return graph.take_error();

  std::unique_ptr<Pipeline> pipeline(new Pipeline());
  pipeline->scope_ = std::make_unique<PipelineScope>();
  pipeline->collect_metrics_ = options.collect_metrics;
  pipeline->limits_ = options.limits;
  std::vector<std::size_t> position(manifest.nodes.size());
  for (std::size_t p = 0; p < graph->order.size(); ++p) position[graph->order[p]] = p;

  for (std::size_t i : graph->order) {
    const NodeDecl& decl = manifest.nodes[i];
    NodeConfig config{decl.id,        decl.node_type,   std::move(params[i]),
                      decl.json_path, options.base_dir, pipeline->scope_.get()};
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
    for (std::size_t d : graph->downstream[i]) slot.downstream.push_back(position[d]);
    slot.is_sink = graph->is_sink(i);
    if (slot.is_sink) {
      slot.sink_index = pipeline->outputs_.size();
      pipeline->outputs_.emplace_back(decl.id, List());
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

Status Pipeline::open() {
  RM_RETURN_IF_ERROR(require(PipelineState::kBuilt, "open()"));
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    Slot& slot = slots_[s];
    std::uint64_t start = collect_metrics_ ? now_ns() : 0;
    Status status = slot.node->open();
    if (collect_metrics_) metrics_[s].process_ns += now_ns() - start;
    if (!status.is_ok()) {
      state_ = PipelineState::kFailed;
      Status ignored = close_all();
      (void)ignored;
      return tag(std::move(status), slot);
    }
    slot.is_open = true;
  }
  state_ = PipelineState::kOpen;
  return Status::ok();
}

Status Pipeline::deliver(Slot& slot, Outputs& produced) {
  if (produced.overflowed()) return output_limit_error(produced.overflowed_on_bytes());
  std::uint64_t copies = slot.is_sink ? 1 : slot.downstream.size();
  std::uint64_t items = 0;
  std::uint64_t bytes = 0;
  if (__builtin_mul_overflow(static_cast<std::uint64_t>(produced.size()), copies, &items) ||
      __builtin_mul_overflow(produced.bytes(), copies, &bytes) ||
      items > limits_.max_output_items - held_items_) {
    return output_limit_error(false);
  }
  if (bytes > limits_.max_output_bytes - held_bytes_) return output_limit_error(true);
  held_items_ += items;
  held_bytes_ += bytes;
  if (slot.is_sink) {
    List& sink = outputs_[slot.sink_index].second;
    for (Value& item : produced) sink.push_back(std::move(item));
    return Status::ok();
  }
  for (Value& item : produced) {
    for (std::size_t k = 0; k + 1 < slot.downstream.size(); ++k) {
      slots_[slot.downstream[k]].inbox.push_back(item);
    }
    slots_[slot.downstream.back()].inbox.push_back(std::move(item));
  }
  return Status::ok();
}

Error Pipeline::output_limit_error(bool on_bytes) const {
  if (on_bytes) {
    return run_failure(errc::output_limit, "the run would hold more than " +
                                               std::to_string(limits_.max_output_bytes) +
                                               " bytes of items at once (--max-output-bytes)");
  }
  return run_failure(errc::output_limit, "the run would hold more than " +
                                             std::to_string(limits_.max_output_items) +
                                             " items at once (--max-output-items)");
}

void Pipeline::reset_scratch() {
  produced_.reset(limits_.max_output_items - held_items_, limits_.max_output_bytes - held_bytes_);
}

Status Pipeline::process_inbox(std::size_t s) {
  Slot& slot = slots_[s];
  if (slot.inbox.empty()) return Status::ok();
  batch_.swap(slot.inbox);
  for (Value& item : batch_) {
    // The item leaves what the run holds as the node takes it.
    held_items_ -= 1;
    held_bytes_ -= payload_bytes(item);
    reset_scratch();
    std::uint64_t start = collect_metrics_ ? now_ns() : 0;
    Status status = slot.node->process(std::move(item), produced_);
    if (collect_metrics_) {
      metrics_[s].process_ns += now_ns() - start;
      metrics_[s].items_in += 1;
      metrics_[s].items_out += produced_.size();
    }
    if (status.is_ok()) status = deliver(slot, produced_);
    if (!status.is_ok()) {
      batch_.clear();
      return tag(std::move(status), slot);
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
  // limits: the input was already bounded when it was read.
  held_items_ += targets.size();
  held_bytes_ += payload_bytes(item) * targets.size();
  for (std::size_t k = 0; k + 1 < targets.size(); ++k) slots_[targets[k]].inbox.push_back(item);
  slots_[targets.back()].inbox.push_back(std::move(item));
  return drain();
}

Status Pipeline::finish() {
  RM_RETURN_IF_ERROR(require(PipelineState::kOpen, "finish()"));
  for (std::size_t s = 0; s < slots_.size(); ++s) {
    // What upstream nodes flushed sits in this node's inbox (they all run earlier in execution
    // order): process it before flushing this node.
    RM_RETURN_IF_ERROR(fail(process_inbox(s)));
    Slot& slot = slots_[s];
    reset_scratch();
    std::uint64_t start = collect_metrics_ ? now_ns() : 0;
    Status status = slot.node->flush(produced_);
    if (collect_metrics_) {
      metrics_[s].process_ns += now_ns() - start;
      metrics_[s].items_out += produced_.size();
    }
    if (status.is_ok()) status = deliver(slot, produced_);
    if (!status.is_ok()) return fail(tag(std::move(status), slot));
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

Status Pipeline::close_all() {
  Status first;
  for (Slot& slot : slots_) {
    if (!slot.is_open) continue;
    slot.is_open = false;
    Status status = slot.node->close();
    if (!status.is_ok() && first.is_ok()) first = tag(std::move(status), slot);
  }
  return first;
}

}  // namespace remotemedia
