#include <gtest/gtest.h>

#include "nodes/math/math_nodes.h"
#include "nodes/node_test_support.h"

namespace remotemedia {
namespace {

TEST(MultiplyNode, DefaultFactorIsTwo) {
  EXPECT_EQ(run_ok(multiply_node_spec(), {}, {Value(5), Value(-1.5)}),
            (List{Value(10), Value(-3.0)}));
}

TEST(MultiplyNode, UsesTheGivenFactor) {
  EXPECT_EQ(run_ok(multiply_node_spec(), Map{{"factor", Value(0.5)}}, {Value(3)}),
            (List{Value(1.5)}));
}

TEST(MultiplyNode, FailsOnStringsNamingItself) {
  Result<std::unique_ptr<Node>> node = build_node(multiply_node_spec(), {});
  ASSERT_TRUE(node.is_ok());
  TestNodeContext ctx;
  Status s = (*node)->process(Value("x"), ctx);
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.error().node_id, "n");
  EXPECT_TRUE(ctx.emitted.empty());
}

}  // namespace
}  // namespace remotemedia
