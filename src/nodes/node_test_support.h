// Builds node types the way the executor does (params validated, defaults filled) and runs items
// through them, for the tests beside each node of every family.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/params.h"
#include "nodes/test_node_context.h"
#include "remotemedia/node.h"

namespace remotemedia {

// The node, or the factory's (or param validation's) error.
inline Result<std::unique_ptr<Node>> build_node(const NodeTypeSpec& spec, const Map& params,
                                                const std::string& base_dir = ".") {
  Result<Map> validated = validate_params(spec, params, "n", "$.nodes[0].params");
  if (!validated) return validated.take_error();
  return spec.create(
      NodeConfig{"n", spec.name, *validated, "$.nodes[0]", base_dir, nullptr, nullptr});
}

// Runs open, process for each item, flush, close. The first failing step's status is returned
// (and nothing after it runs except close after a successful open); items emitted on port 0 so
// far go to `out`.
inline Status run_items(Node& node, const List& items, List& out) {
  TestNodeContext ctx;
  auto collect = [&] {
    for (TestNodeContext::Emitted& e : ctx.emitted) {
      if (e.port == 0) out.push_back(std::move(e.item));
    }
    ctx.emitted.clear();
  };
  RM_RETURN_IF_ERROR(node.open(ctx));
  Status status;
  for (const Value& item : items) {
    status = node.process(item, ctx);
    collect();
    if (!status.is_ok()) break;
  }
  if (status.is_ok()) {
    status = node.flush(ctx);
    collect();
  }
  Status closed = node.close(ctx);
  if (status.is_ok()) return closed;
  return status;
}

// Builds and runs; fails the test on any error.
inline List run_ok(const NodeTypeSpec& spec, const Map& params, const List& items) {
  Result<std::unique_ptr<Node>> node = build_node(spec, params);
  EXPECT_TRUE(node.is_ok()) << (node ? "" : node.error().code + ": " + node.error().message);
  if (!node) return {};
  List out;
  Status status = run_items(**node, items, out);
  EXPECT_TRUE(status.is_ok()) << (status ? ""
                                         : status.error().code + ": " + status.error().message);
  return out;
}

}  // namespace remotemedia
