#include <gtest/gtest.h>

#include "nodes/math/math_nodes.h"
#include "nodes/node_test_support.h"

namespace remotemedia {
namespace {

TEST(PassThroughNode, EmitsEveryKindUnchanged) {
  List items{Value(), Value("s"), Value(List{Value(1)}), Value(Map{{"k", Value(2.5)}}),
             Value(Bytes{Buffer::copy_of("ab", 2)})};
  EXPECT_EQ(run_ok(pass_through_node_spec(), {}, items), items);
}

TEST(PassThroughNode, TakesNoParams) {
  EXPECT_TRUE(pass_through_node_spec().params.empty());
}

}  // namespace
}  // namespace remotemedia
