// The node contract. A node type is static data (NodeTypeSpec: name, params, ports, factory); a
// node instance follows open -> process* -> flush -> close, each step returning a Status and
// getting the run through one NodeContext argument.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "remotemedia/ports.h"
#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

class ResourceLoader;

// Types a declared parameter may take. kNumber accepts ints and floats; kAny accepts anything.
enum class ParamType { kBool, kInt, kNumber, kString, kList, kMap, kAny };
const char* param_type_name(ParamType type);

// One declared param. Build it with the named builders, which read as what they declare:
//   ParamSpec::optional("language", ParamType::kString, Value("en"), "spoken language")
//       .one_of({Value("en"), Value("auto")})
//   ParamSpec::required("model", ParamType::kString, "a model file or resource:NAME")
//   ParamSpec::optional("threads", ParamType::kInt, Value(2), "...").in_range(1, 8)
struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kAny;
  // Used when the manifest omits the param; ignored when `is_required`.
  Value default_value;
  bool is_required = false;
  std::string description;
  // When not empty, the only values the param may take (compared as values: 1 and 1.0 differ).
  List choices;
  // Inclusive bounds on a number (kInt or kNumber) when `bounded`.
  bool bounded = false;
  double min = 0;
  double max = 0;

  static ParamSpec required(std::string name, ParamType type, std::string description);
  static ParamSpec optional(std::string name, ParamType type, Value default_value,
                            std::string description);
  ParamSpec&& one_of(List values) &&;
  ParamSpec&& in_range(double low, double high) &&;
};

// Resources that the nodes of one pipeline share, by key (e.g. the Python modules its nodes
// loaded, so two nodes naming one file share one module while another pipeline gets its own).
// Lifetime: created before the pipeline's first factory runs and destroyed after every node of
// that pipeline (also when building fails half-way), so a node may keep raw pointers into it.
// Resources are destroyed in reverse order of set().
class PipelineScope {
 public:
  PipelineScope() = default;
  PipelineScope(const PipelineScope&) = delete;
  PipelineScope& operator=(const PipelineScope&) = delete;
  ~PipelineScope();

  // The resource stored under `key`, or null.
  std::shared_ptr<void> find(std::string_view key) const;
  // Stores (or replaces) the resource under `key`.
  void set(std::string key, std::shared_ptr<void> resource);

 private:
  std::vector<std::pair<std::string, std::shared_ptr<void>>> resources_;
};

// What a factory gets to build one node. `params` is validated against the spec: every declared
// param is present (defaults filled in), of its declared type, and there are no others.
struct NodeConfig {
  std::string id;
  std::string node_type;
  Map params;
  // JSON path of the node in the document, e.g. "$.manifest.nodes[2]", for error messages.
  std::string json_path;
  // Directory that relative resource paths in params (e.g. Python modules) are resolved against.
  std::string base_dir;
  // The scope of the pipeline being built; null when a node is built on its own (unit tests),
  // where a family shares nothing between nodes. Not owned.
  PipelineScope* scope = nullptr;
  // Where the node's resources (model files, registered bytes) come from, cached per runtime
  // (remotemedia/resources.h). Null when the node is built outside a runtime. Not owned; lives
  // as long as the pipeline, so a node may keep it.
  const ResourceLoader* resources = nullptr;
};

// What a node sees of the run while it runs: passed to every open/process/flush/close call, valid
// for that call only (do not keep it). New capabilities are added here, never to the Node
// signatures. The executor implements it; tests use a simple implementation of their own
// (src/nodes/node_test_support.h).
class NodeContext {
 public:
  virtual ~NodeContext() = default;

  // The node's id and its JSON path in the document ("$.manifest.nodes[2]"), for errors.
  virtual const std::string& node_id() const = 0;
  virtual const std::string& json_path() const = 0;

  // In process(): the input port (index into the node's NodePorts::inputs) the item arrived on;
  // 0 elsewhere.
  virtual std::size_t input_port() const = 0;

  // Emits `item` on output port `port` (index into NodePorts::outputs), delivered downstream in
  // emission order once the call returns. Bounded: past what the run may still hold (its item
  // and byte limits) nothing is stored and false is returned; the executor then ends the run with
  // `output_limit`, so a node emitting in a loop driven by its input or by user code (a
  // generator) must stop at the first false. Emitting in open() or close() is refused the same way
  // (false) and ends the run. Items a call emits before it fails are discarded.
  virtual bool emit_to(std::size_t port, Value item) = 0;
  bool emit(Value item) { return emit_to(0, std::move(item)); }

  // True once the host asked the run to stop (e.g. the user cancelled); a node doing long work
  // in one call checks it and returns early. The executor stops the run with `interrupted`
  // before the next call either way.
  virtual bool stop_requested() const = 0;

  // Progress of a long call, `done` of `total` units (e.g. samples); the host may show it.
  // Cheap to call often: hosts that do not listen ignore it.
  virtual void report_progress(std::uint64_t done, std::uint64_t total) = 0;

  // The pipeline's resource loader (the same as NodeConfig::resources); null outside a runtime.
  virtual const ResourceLoader* resources() const = 0;
};

// One node instance. The executor guarantees: open() first; if it fails nothing else is called;
// process() and flush() only after a successful open(); close() exactly once after a successful
// open(), also when the run fails elsewhere; never concurrently. A failed process() or flush()
// ends the run: outputs it emitted before failing are discarded.
class Node {
 public:
  virtual ~Node() = default;
  virtual Status open(NodeContext& /*ctx*/) { return Status::ok(); }
  virtual Status process(Value item, NodeContext& ctx) = 0;
  // End of stream: emit what is still held back.
  virtual Status flush(NodeContext& /*ctx*/) { return Status::ok(); }
  virtual Status close(NodeContext& /*ctx*/) { return Status::ok(); }
};

// Per-node counters of a run, filled only when metrics are enabled.
struct NodeMetrics {
  std::string id;
  std::uint64_t items_in = 0;
  std::uint64_t items_out = 0;
  std::uint64_t process_ns = 0;  // open + process + flush + close
};

// Builds a node from validated params. Failing here is a validation error (the run never starts),
// so factories check everything they can without running user code: files exist, classes resolve.
using NodeFactory = std::function<Result<std::unique_ptr<Node>>(const NodeConfig& config)>;

struct NodeTypeSpec {
  std::string name;
  std::string family;  // "math", "text", "audio", "asr", "python", ...
  std::string description;
  std::vector<ParamSpec> params;
  NodeFactory create;
  // The node's ports for validated `params` (e.g. an output rate that a param sets); checked
  // along every connection before any factory runs. Null: NodePorts::defaults().
  std::function<NodePorts(const Map& params)> ports;
};

}  // namespace remotemedia
