#include <gtest/gtest.h>

#include "nodes/math/math_nodes.h"
#include "nodes/math/node_test_support.h"

namespace remotemedia {
namespace {

TEST(AddNode, DefaultAddendIsZero) {
  auto node = make_node(add_node_spec(), {});
  EXPECT_EQ(run_node(*node, {Value(5), Value(2.5)}), (List{Value(5), Value(2.5)}));
}

TEST(AddNode, AddsTheGivenAddend) {
  auto node = make_node(add_node_spec(), Map{{"addend", Value(10)}});
  EXPECT_EQ(run_node(*node, {Value(10), Value(-10)}), (List{Value(20), Value(0)}));
}

}  // namespace
}  // namespace remotemedia
