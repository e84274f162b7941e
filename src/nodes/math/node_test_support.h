// Builds a node from its spec the way the executor does (params validated, defaults filled) and
// runs items through it, for the per-node tests beside each node.
#pragma once

#include <gtest/gtest.h>

#include "core/params.h"
#include "remotemedia/node.h"

namespace remotemedia {

inline std::unique_ptr<Node> make_node(const NodeTypeSpec& spec, const Map& params) {
  Result<Map> validated = validate_params(spec, params, "n", "$.nodes[0].params");
  EXPECT_TRUE(validated.is_ok()) << validated.error().message;
  if (!validated) return nullptr;
  Result<std::unique_ptr<Node>> node =
      spec.create(NodeConfig{"n", spec.name, *validated, "$.nodes[0]", "."});
  EXPECT_TRUE(node.is_ok());
  return node ? std::move(*node) : nullptr;
}

// Runs open, process for each item, flush, close; returns everything emitted.
inline List run_node(Node& node, const List& items) {
  Outputs out;
  EXPECT_TRUE(node.open().is_ok());
  for (const Value& item : items) EXPECT_TRUE(node.process(item, out).is_ok());
  EXPECT_TRUE(node.flush(out).is_ok());
  EXPECT_TRUE(node.close().is_ok());
  return out;
}

}  // namespace remotemedia
