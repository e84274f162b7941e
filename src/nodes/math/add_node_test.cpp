#include <gtest/gtest.h>

#include "nodes/math/math_nodes.h"
#include "nodes/node_test_support.h"

namespace remotemedia {
namespace {

TEST(AddNode, DefaultAddendIsZero) {
  EXPECT_EQ(run_ok(add_node_spec(), {}, {Value(5), Value(2.5)}), (List{Value(5), Value(2.5)}));
}

TEST(AddNode, AddsTheGivenAddend) {
  EXPECT_EQ(run_ok(add_node_spec(), Map{{"addend", Value(10)}}, {Value(10), Value(-10)}),
            (List{Value(20), Value(0)}));
}

}  // namespace
}  // namespace remotemedia
