#include <gtest/gtest.h>

#include <cmath>

#include "nodes/audio/audio_nodes.h"
#include "nodes/audio/audio_test_support.h"
#include "nodes/node_test_support.h"

namespace remotemedia {
namespace {

// 1 s of silence, 1 s of a voiced buzz, 1 s of silence, at 16 kHz.
std::vector<float> one_burst() {
  std::vector<float> s(48000, 0.0f);
  for (std::size_t i = 16000; i < 32000; ++i) {
    double t = static_cast<double>(i) / 16000.0;
    double buzz = 0;
    for (int h = 1; h <= 20; ++h) buzz += std::sin(2 * M_PI * 140.0 * h * t) / h;
    s[i] = static_cast<float>(0.3 * buzz * (0.6 + 0.4 * std::sin(2 * M_PI * 4.0 * t)));
  }
  return s;
}

TEST(VadNode, EmitsTheSegmentAsAudioAndAsTimes) {
  Result<std::unique_ptr<Node>> node = build_node(vad_node_spec(), {});
  ASSERT_TRUE(node.is_ok());
  TestNodeContext ctx;
  ASSERT_TRUE((*node)->open(ctx).is_ok());
  ASSERT_TRUE((*node)->process(audio_value(one_burst(), 16000, 1, 16000), ctx).is_ok());
  ASSERT_TRUE((*node)->flush(ctx).is_ok());
  List segments = ctx.items_on(0);
  List times = ctx.items_on(1);
  ASSERT_EQ(segments.size(), 1u);
  ASSERT_EQ(times.size(), 1u);
  const Audio& audio = *segments[0].as_audio();
  EXPECT_EQ(audio.sample_rate, 16000);
  EXPECT_EQ(audio.channels, 1);
  EXPECT_DOUBLE_EQ(*times[0].as_map()->find("start")->as_float(), audio.start_seconds());
  EXPECT_DOUBLE_EQ(*times[0].as_map()->find("end")->as_float(), audio.end_seconds());
  EXPECT_NEAR(audio.start_seconds(), 2.0, 0.2) << "the burst is at 1-2 s of an item placed at 1 s";
}

TEST(VadNode, RefusesAudioAtARateTheDetectorDoesNotTake) {
  Result<std::unique_ptr<Node>> node = build_node(vad_node_spec(), {});
  ASSERT_TRUE(node.is_ok());
  List out;
  Status status = run_items(**node, {audio_value(std::vector<float>(4410), 44100)}, out);
  ASSERT_FALSE(status.is_ok());
  EXPECT_EQ(status.error().code, "invalid_audio");
  EXPECT_EQ(status.error().node_id, "n");
  // A rate far past any the family takes is refused before it is used in arithmetic.
  node = build_node(vad_node_spec(), {});
  ASSERT_TRUE(node.is_ok());
  status = run_items(**node, {audio_value({0, 0}, 9'000'000'000'000'000'000)}, out);
  ASSERT_FALSE(status.is_ok());
  EXPECT_EQ(status.error().code, "invalid_audio");
}

TEST(VadNode, DeclaresMonoInAndTwoOutputs) {
  NodePorts ports = vad_node_spec().ports(Map{});
  ASSERT_EQ(ports.inputs.size(), 1u);
  EXPECT_EQ(ports.inputs[0].audio.channels, 1);
  ASSERT_EQ(ports.outputs.size(), 2u);
  EXPECT_EQ(ports.outputs[0].name, "segments");
  EXPECT_EQ(ports.outputs[1].name, "times");
}

TEST(VadNode, RefusesBadParams) {
  EXPECT_EQ(build_node(vad_node_spec(), {{"frame_ms", Value(15)}}).error().code, "invalid_param");
  EXPECT_EQ(build_node(vad_node_spec(), {{"aggressiveness", Value(4)}}).error().code,
            "invalid_param");
}

}  // namespace
}  // namespace remotemedia
