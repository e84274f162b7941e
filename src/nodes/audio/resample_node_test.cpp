#include <gtest/gtest.h>

#include <cmath>

#include "nodes/audio/audio_nodes.h"
#include "nodes/audio/audio_test_support.h"
#include "nodes/node_test_support.h"

namespace remotemedia {
namespace {

std::vector<float> ramp(std::size_t n) {
  std::vector<float> s(n);
  for (std::size_t i = 0; i < n; ++i)
    s[i] = static_cast<float>(std::sin(0.05 * static_cast<double>(i)));
  return s;
}

// All emitted samples, in order, and checks that the items tile the output timeline.
std::vector<float> joined(const List& out, std::int64_t first_frame) {
  std::vector<float> all;
  std::int64_t next = first_frame;
  for (const Value& item : out) {
    const Audio* a = item.as_audio();
    EXPECT_NE(a, nullptr);
    if (a == nullptr) continue;
    EXPECT_EQ(a->sample_rate, 16000);
    EXPECT_EQ(a->start_frame, next);
    next += static_cast<std::int64_t>(a->frame_count());
    std::vector<float> s = samples_of(item);
    all.insert(all.end(), s.begin(), s.end());
  }
  return all;
}

TEST(ResampleNode, ChunkedItemsOnOneTimelineGiveTheSameSamplesAsOneItem) {
  std::vector<float> in = ramp(4800);
  List whole = run_ok(resample_node_spec(), {}, {audio_value(in, 48000)});
  List chunked_items;
  for (std::size_t at = 0; at < in.size(); at += 960) {  // 20 ms chunks
    chunked_items.push_back(audio_value(std::vector<float>(in.begin() + at, in.begin() + at + 960),
                                        48000, 1, static_cast<std::int64_t>(at)));
  }
  List chunked = run_ok(resample_node_spec(), {}, chunked_items);
  EXPECT_GT(chunked.size(), 1u) << "a stream comes out as it goes in";
  std::vector<float> a = joined(whole, 0);
  EXPECT_EQ(a.size(), 1600u);
  EXPECT_EQ(joined(chunked, 0), a);
}

TEST(ResampleNode, KeepsTheTimelinePosition) {
  List out = run_ok(resample_node_spec(), {}, {audio_value(ramp(480), 48000, 1, 48000)});
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0].as_audio()->start_frame, 16000) << "one second in, at the new rate";
}

TEST(ResampleNode, AnItemThatDoesNotContinueTheStreamStartsANewOne) {
  // Two clips each starting at 0 (two decoded files): two streams, each complete.
  List out = run_ok(resample_node_spec(), {},
                    {audio_value(ramp(441), 44100), audio_value(ramp(441), 44100)});
  std::int64_t frames = 0;
  int starts_at_zero = 0;
  for (const Value& item : out) {
    frames += static_cast<std::int64_t>(item.as_audio()->frame_count());
    if (item.as_audio()->start_frame == 0) ++starts_at_zero;
  }
  EXPECT_EQ(frames, 320);
  EXPECT_EQ(starts_at_zero, 2);
}

TEST(ResampleNode, AudioAtTheTargetRatePassesUnchanged) {
  List out = run_ok(resample_node_spec(), {{"target_rate", Value(22050)}},
                    {audio_value({0.1f, 0.2f}, 22050, 2, 5)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(samples_of(out[0]), (std::vector<float>{0.1f, 0.2f}));
  EXPECT_EQ(out[0].as_audio()->start_frame, 5);
}

TEST(ResampleNode, DeclaresItsOutputRateAndRefusesBadParams) {
  NodePorts ports = resample_node_spec().ports(Map{{"target_rate", Value(8000)}});
  EXPECT_EQ(ports.outputs[0].audio.sample_rate, 8000);
  EXPECT_EQ(build_node(resample_node_spec(), {{"target_rate", Value(0)}}).error().code,
            "invalid_param");
  EXPECT_EQ(build_node(resample_node_spec(), {{"quality", Value(11)}}).error().code,
            "invalid_param");
}

}  // namespace
}  // namespace remotemedia
