#include <gtest/gtest.h>

#include "nodes/audio/audio_nodes.h"
#include "nodes/audio/audio_test_support.h"
#include "nodes/node_test_support.h"

namespace remotemedia {
namespace {

TEST(GainNode, AppliesGainInDecibels) {
  List out = run_ok(gain_node_spec(), {{"gain_db", Value(20)}}, {audio_value({0.01f, -0.02f})});
  ASSERT_EQ(out.size(), 1u);
  std::vector<float> s = samples_of(out[0]);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_FLOAT_EQ(s[0], 0.1f);
  EXPECT_FLOAT_EQ(s[1], -0.2f);
}

TEST(GainNode, ZeroDecibelsKeepsTheSamples) {
  List out = run_ok(gain_node_spec(), {}, {audio_value({0.3f, -0.7f}, 22050, 2, 10)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(samples_of(out[0]), (std::vector<float>{0.3f, -0.7f}));
  EXPECT_EQ(out[0].as_audio()->channels, 2);
  EXPECT_EQ(out[0].as_audio()->start_frame, 10);
}

TEST(GainNode, NormalisesEachItemToItsPeak) {
  Map params{{"normalize", Value(true)}, {"peak_db", Value(0)}};
  List out = run_ok(gain_node_spec(), params, {audio_value({0.25f, -0.5f}), audio_value({0, 0})});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(samples_of(out[0]), (std::vector<float>{0.5f, -1.0f}));
  EXPECT_EQ(samples_of(out[1]), (std::vector<float>{0, 0})) << "silence passes unchanged";
}

TEST(GainNode, RefusesGainsOutOfRange) {
  EXPECT_EQ(build_node(gain_node_spec(), {{"gain_db", Value(500)}}).error().code, "invalid_param");
  EXPECT_EQ(build_node(gain_node_spec(), {{"peak_db", Value(3)}}).error().code, "invalid_param");
}

}  // namespace
}  // namespace remotemedia
