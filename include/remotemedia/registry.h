// The table of node types a pipeline may use. Families register explicitly at start-up (static
// initialisers are dropped by static linking and by wasm-ld's dead stripping).
#pragma once

#include <string_view>
#include <vector>

#include "remotemedia/node.h"

namespace remotemedia {

class NodeRegistry {
 public:
  // Fails with `duplicate_node_type` if the name is taken; the registry is unchanged then.
  Status add(NodeTypeSpec spec);
  // Null when unknown. Pointers stay valid until the registry is destroyed or modified.
  const NodeTypeSpec* find(std::string_view name) const;
  // In registration order.
  const std::vector<NodeTypeSpec>& types() const { return types_; }

 private:
  std::vector<NodeTypeSpec> types_;
};

}  // namespace remotemedia
