// The node contract. A node type is static data (NodeTypeSpec: name, params, factory); a node
// instance follows open -> process* -> flush -> close, each step returning a Status.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

// Types a declared parameter may take. kNumber accepts ints and floats; kAny accepts anything.
enum class ParamType { kBool, kInt, kNumber, kString, kList, kMap, kAny };
const char* param_type_name(ParamType type);

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kAny;
  // Used when the manifest omits the param; ignored when `required`.
  Value default_value;
  bool required = false;
  std::string description;
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
};

// The bytes a value holds, as run limits count them: string, bytes, map-key, audio and tensor
// data bytes, plus 8 for every null, bool, int and float, summed through lists and maps.
std::uint64_t payload_bytes(const Value& value);

// What one process() or flush() call emits, delivered downstream in push order. Bounded: before
// each call the executor says how many more items and payload bytes the run may hold
// (RunLimits). push_back() of an item past either bound stores nothing, marks the outputs
// overflowed and returns false; the executor then ends the run with `output_limit`. A node that
// emits in a loop driven by its input or by user code (a generator) must stop at the first false.
class Outputs {
 public:
  Outputs() = default;

  bool push_back(Value item);
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  Value& operator[](std::size_t i) { return items_[i]; }
  const Value& operator[](std::size_t i) const { return items_[i]; }
  std::vector<Value>::iterator begin() { return items_.begin(); }
  std::vector<Value>::iterator end() { return items_.end(); }
  std::vector<Value>::const_iterator begin() const { return items_.begin(); }
  std::vector<Value>::const_iterator end() const { return items_.end(); }

  // True once an item was refused; the refused item is gone. overflowed_on_bytes(): it was the
  // byte bound that refused it.
  bool overflowed() const { return overflowed_; }
  bool overflowed_on_bytes() const { return overflowed_on_bytes_; }
  // Payload bytes of the items held (payload_bytes of each).
  std::uint64_t bytes() const { return bytes_; }

  // For the executor: empties the outputs (keeping capacity) and sets the bounds of the next call.
  void reset(std::uint64_t max_items, std::uint64_t max_bytes);

 private:
  std::vector<Value> items_;
  std::uint64_t bytes_ = 0;
  std::uint64_t max_items_ = UINT64_MAX;
  std::uint64_t max_bytes_ = UINT64_MAX;
  bool overflowed_ = false;
  bool overflowed_on_bytes_ = false;
};

// One node instance. The executor guarantees: open() first; if it fails nothing else is called;
// process() and flush() only after a successful open(); close() exactly once after a successful
// open(), also when the run fails elsewhere; never concurrently. A failed process() or flush()
// ends the run: outputs it pushed before failing are discarded.
class Node {
 public:
  virtual ~Node() = default;
  virtual Status open() { return Status::ok(); }
  virtual Status process(Value item, Outputs& out) = 0;
  virtual Status flush(Outputs& /*out*/) { return Status::ok(); }
  virtual Status close() { return Status::ok(); }
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
};

}  // namespace remotemedia
