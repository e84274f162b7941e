#include "remotemedia/ports.h"

#include <gtest/gtest.h>

namespace remotemedia {
namespace {

Value audio(std::int64_t rate, std::int64_t channels) {
  Audio a;
  a.sample_rate = rate;
  a.channels = channels;
  return Value(std::move(a));
}

TEST(KindSet, DefaultsToAnyAndDescribesItsKindsInOrder) {
  EXPECT_TRUE(KindSet().is_any());
  EXPECT_EQ(KindSet().describe(), "any");
  KindSet set{ValueKind::kTensor, ValueKind::kAudio};
  EXPECT_FALSE(set.is_any());
  EXPECT_TRUE(set.contains(ValueKind::kAudio));
  EXPECT_FALSE(set.contains(ValueKind::kString));
  EXPECT_EQ(set.describe(), "audio or tensor");
}

TEST(PortMismatch, DisjointKindsCanNeverConnect) {
  PortSpec text = PortSpec::of("out", {ValueKind::kString});
  PortSpec sound = PortSpec::of("in", {ValueKind::kAudio});
  EXPECT_EQ(port_mismatch(text, sound), "the output emits string but the input accepts audio");
  EXPECT_EQ(port_mismatch(PortSpec::of("out"), sound), "");
  EXPECT_EQ(port_mismatch(text, PortSpec::of("in")), "");
}

TEST(PortMismatch, FixedAudioFormatsMustAgreeWhereBothFixThem) {
  PortSpec wants = PortSpec::of("in", {ValueKind::kAudio}).with_audio({16000, 1});
  PortSpec gives48k = PortSpec::of("out", {ValueKind::kAudio}).with_audio({48000, 1});
  PortSpec gives_any_rate_stereo = PortSpec::of("out", {ValueKind::kAudio}).with_audio({0, 2});
  PortSpec gives_open = PortSpec::of("out", {ValueKind::kAudio});
  EXPECT_EQ(port_mismatch(gives48k, wants),
            "the output emits audio of 48000 Hz mono but the input accepts audio of 16000 Hz "
            "mono");
  EXPECT_NE(port_mismatch(gives_any_rate_stereo, wants), "");
  EXPECT_EQ(port_mismatch(gives_open, wants), "");
  // Another kind in common: the formats are checked per item instead.
  PortSpec audio_or_tensor =
      PortSpec::of("out", {ValueKind::kAudio, ValueKind::kTensor}).with_audio({48000, 1});
  PortSpec wants_either =
      PortSpec::of("in", {ValueKind::kAudio, ValueKind::kTensor}).with_audio({16000, 1});
  EXPECT_EQ(port_mismatch(audio_or_tensor, wants_either), "");
}

TEST(ItemMismatch, ChecksKindAndAudioFormat) {
  PortSpec wants = PortSpec::of("in", {ValueKind::kAudio}).with_audio({16000, 1});
  EXPECT_EQ(item_mismatch(audio(16000, 1), wants), "");
  EXPECT_EQ(item_mismatch(audio(44100, 1), wants),
            "audio of 44100 Hz mono arrived where audio of 16000 Hz mono is accepted");
  EXPECT_EQ(item_mismatch(audio(16000, 2), wants),
            "audio of 16000 Hz stereo arrived where audio of 16000 Hz mono is accepted");
  EXPECT_EQ(item_mismatch(Value("x"), wants), "a string arrived where audio is accepted");
  EXPECT_EQ(item_mismatch(Value("x"), PortSpec::of("in")), "");
}

TEST(NodePorts, DefaultsAreOneInAndOneOutOfAnyKind) {
  NodePorts ports = NodePorts::defaults();
  ASSERT_EQ(ports.inputs.size(), 1u);
  ASSERT_EQ(ports.outputs.size(), 1u);
  EXPECT_EQ(ports.inputs[0].name, "in");
  EXPECT_EQ(ports.outputs[0].name, "out");
  EXPECT_TRUE(ports.inputs[0].kinds.is_any());
  EXPECT_EQ(ports.output_index("out"), 0u);
  EXPECT_EQ(ports.output_index("nope"), 1u);
}

}  // namespace
}  // namespace remotemedia
