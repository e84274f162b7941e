// Manifest v1 and the request envelope, parsed from a (wire-form-decoded) Value. This step checks
// shape only: field presence and types, the version, unique node ids. Node types, params and the
// graph are checked when the pipeline is built (pipeline.h).
#pragma once

#include <string>
#include <vector>

#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

struct NodeDecl {
  std::string id;
  std::string node_type;
  Map params;
  std::string json_path;  // e.g. "$.manifest.nodes[1]"
};

struct ConnectionDecl {
  std::string from;
  std::string to;
  std::string json_path;
};

// The largest pipeline the runtime builds (docs/manifest.md#limits): building is linear in both,
// about 20 us per node natively (bench/pipeline_size.sh), so these bound one manifest to a few
// seconds of work however the input limits are set. More is invalid_manifest at $.nodes /
// $.connections, before any node type is looked up.
inline constexpr std::size_t kMaxNodes = 100000;
inline constexpr std::size_t kMaxConnections = 1000000;

struct Manifest {
  std::string name;
  std::vector<NodeDecl> nodes;
  std::vector<ConnectionDecl> connections;
};

// What `remotemedia run` executes: a manifest plus the items pushed into its source nodes.
struct PipelineRequest {
  Manifest manifest;
  List input_data;
};

// Accepts a bare manifest or an envelope {"manifest": {...}, "input_data": [...]}. Fields the
// runtime does not use (is_streaming, capabilities, runtime_hint, ...) are accepted and ignored.
Result<PipelineRequest> parse_request(Value document);

}  // namespace remotemedia
