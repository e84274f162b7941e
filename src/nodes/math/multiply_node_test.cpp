#include <gtest/gtest.h>

#include "nodes/math/math_nodes.h"
#include "nodes/math/node_test_support.h"

namespace remotemedia {
namespace {

TEST(MultiplyNode, DefaultFactorIsTwo) {
  auto node = make_node(multiply_node_spec(), {});
  EXPECT_EQ(run_node(*node, {Value(5), Value(-1.5)}), (List{Value(10), Value(-3.0)}));
}

TEST(MultiplyNode, UsesTheGivenFactor) {
  auto node = make_node(multiply_node_spec(), Map{{"factor", Value(0.5)}});
  EXPECT_EQ(run_node(*node, {Value(3)}), (List{Value(1.5)}));
}

TEST(MultiplyNode, FailsOnStringsNamingItself) {
  auto node = make_node(multiply_node_spec(), {});
  Outputs out;
  Status s = node->process(Value("x"), out);
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.error().node_id, "n");
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace remotemedia
