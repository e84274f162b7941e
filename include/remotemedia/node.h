// The node contract. A node type is static data (NodeTypeSpec: name, params, factory); a node
// instance follows open -> process* -> flush -> close, each step returning a Status.
#pragma once

#include <functional>
#include <memory>
#include <string>
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
};

// Outputs of one process() or flush() call, delivered downstream in push order.
using Outputs = std::vector<Value>;

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
