#include <gtest/gtest.h>

#include "nodes/audio/audio_nodes.h"
#include "nodes/audio/audio_test_support.h"
#include "nodes/node_test_support.h"

namespace remotemedia {
namespace {

TEST(ChannelMixNode, AveragesChannelsKeepingRateAndPosition) {
  List out = run_ok(channel_mix_node_spec(), {},
                    {audio_value({1.0f, 0.0f, 0.5f, -0.5f, -1.0f, 1.0f}, 44100, 2, 480)});
  ASSERT_EQ(out.size(), 1u);
  const Audio* mono = out[0].as_audio();
  ASSERT_NE(mono, nullptr);
  EXPECT_EQ(mono->channels, 1);
  EXPECT_EQ(mono->sample_rate, 44100);
  EXPECT_EQ(mono->start_frame, 480);
  EXPECT_EQ(samples_of(out[0]), (std::vector<float>{0.5f, 0.0f, 0.0f}));
}

TEST(ChannelMixNode, PicksAChannel) {
  Map params{{"mode", Value("pick")}, {"channel", Value(2)}};
  List out = run_ok(channel_mix_node_spec(), params, {audio_value({1, 2, 3, 4, 5, 6}, 8000, 3)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(samples_of(out[0]), (std::vector<float>{3, 6}));
}

TEST(ChannelMixNode, MonoPassesWithoutACopy) {
  Value in = audio_value({0.25f, 0.5f});
  const std::uint8_t* before = in.as_audio()->samples.data();
  List out = run_ok(channel_mix_node_spec(), {}, {in});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].as_audio()->samples.data(), before);
}

TEST(ChannelMixNode, AChannelTheAudioLacksIsInvalidAudio) {
  Result<std::unique_ptr<Node>> node =
      build_node(channel_mix_node_spec(), {{"mode", Value("pick")}, {"channel", Value(2)}});
  ASSERT_TRUE(node.is_ok());
  List out;
  Status status = run_items(**node, {audio_value({1, 2, 3, 4}, 16000, 2)}, out);
  ASSERT_FALSE(status.is_ok());
  EXPECT_EQ(status.error().code, "invalid_audio");
  EXPECT_NE(status.error().message.find("2 channels"), std::string::npos);
}

TEST(ChannelMixNode, RefusesBadParams) {
  EXPECT_EQ(build_node(channel_mix_node_spec(), {{"mode", Value("sum")}}).error().code,
            "invalid_param");
  EXPECT_EQ(build_node(channel_mix_node_spec(), {{"channel", Value(-1)}}).error().code,
            "invalid_param");
}

TEST(ChannelMixNode, DeclaresMonoAudioOut) {
  NodePorts ports = channel_mix_node_spec().ports(Map());
  ASSERT_EQ(ports.outputs.size(), 1u);
  EXPECT_EQ(ports.outputs[0].audio.channels, 1);
  EXPECT_TRUE(ports.inputs[0].kinds.contains(ValueKind::kAudio));
  EXPECT_FALSE(ports.inputs[0].kinds.contains(ValueKind::kTensor));
}

}  // namespace
}  // namespace remotemedia
