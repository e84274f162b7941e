#include <gtest/gtest.h>
#include <array>

#include "nodes/audio/audio_nodes.h"
#include "nodes/audio/audio_test_support.h"
#include "nodes/node_test_support.h"

namespace remotemedia {
namespace {

// 0, 1, 2, ... as samples.
std::vector<float> counting(std::size_t n, float from = 0) {
  std::vector<float> s(n);
  for (std::size_t i = 0; i < n; ++i) s[i] = from + static_cast<float>(i);
  return s;
}

// Each window as (start_frame, first sample, frames).
std::vector<std::array<std::int64_t, 3>> windows(const List& out) {
  std::vector<std::array<std::int64_t, 3>> w;
  for (const Value& item : out) {
    const Audio& a = *item.as_audio();
    w.push_back({a.start_frame, static_cast<std::int64_t>(a.data()[0]),
                 static_cast<std::int64_t>(a.frame_count())});
  }
  return w;
}

TEST(ChunkerNode, CutsOverlappingWindowsOnTheTimeline) {
  // 1000 Hz: a window of 4 frames, a hop of 3; 11 frames placed at frame 100. The last window
  // holds frame 110, which no full window had.
  Map params{{"window_ms", Value(4)}, {"overlap_ms", Value(1)}};
  List out = run_ok(chunker_node_spec(), params, {audio_value(counting(11), 1000, 1, 100)});
  using W = std::array<std::int64_t, 3>;
  EXPECT_EQ(windows(out), (std::vector<W>{{100, 0, 4}, {103, 3, 4}, {106, 6, 4}, {109, 9, 2}}));
  // With 10 frames the full windows cover them all: no partial window repeats what they held.
  EXPECT_EQ(run_ok(chunker_node_spec(), params, {audio_value(counting(10), 1000, 1, 100)}).size(),
            3u);
}

TEST(ChunkerNode, ChunkedInputGivesTheWindowsOfOneItem) {
  Map params{{"window_ms", Value(7)}, {"overlap_ms", Value(2)}};
  List whole = run_ok(chunker_node_spec(), params, {audio_value(counting(50), 1000)});
  List items;
  for (std::size_t at = 0; at < 50; at += 3) {
    std::size_t n = std::min<std::size_t>(3, 50 - at);
    items.push_back(
        audio_value(counting(n, static_cast<float>(at)), 1000, 1, static_cast<std::int64_t>(at)));
  }
  List chunked = run_ok(chunker_node_spec(), params, items);
  ASSERT_EQ(chunked.size(), whole.size());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(samples_of(chunked[i]), samples_of(whole[i])) << i;
    EXPECT_EQ(chunked[i].as_audio()->start_frame, whole[i].as_audio()->start_frame) << i;
  }
}

TEST(ChunkerNode, KeepsChannelsAndDropsThePartialWindowWhenAsked) {
  Map params{{"window_ms", Value(2)}, {"partial", Value(false)}};
  List out = run_ok(chunker_node_spec(), params, {audio_value(counting(10), 1000, 2)});  // 5 frames
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(samples_of(out[1]), (std::vector<float>{4, 5, 6, 7}));
  EXPECT_EQ(out[1].as_audio()->channels, 2);
  EXPECT_EQ(out[1].as_audio()->start_frame, 2);
}

TEST(ChunkerNode, AnItemOffTheTimelineStartsANewStream) {
  Map params{{"window_ms", Value(4)}};
  List out = run_ok(chunker_node_spec(), params,
                    {audio_value(counting(6), 1000), audio_value(counting(2, 50), 1000)});
  using W = std::array<std::int64_t, 3>;
  EXPECT_EQ(windows(out), (std::vector<W>{{0, 0, 4}, {4, 4, 2}, {0, 50, 2}}));
}

TEST(ChunkerNode, RefusesRatesAndPlacesPastTheFamilysLimits) {
  for (const Value& item : {audio_value({0, 0}, 9'000'000'000'000'000'000),
                            audio_value({0, 0}, 1000, 1, std::int64_t{1} << 50)}) {
    Result<std::unique_ptr<Node>> node = build_node(chunker_node_spec(), {});
    ASSERT_TRUE(node.is_ok());
    List out;
    Status status = run_items(**node, {item}, out);
    ASSERT_FALSE(status.is_ok());
    EXPECT_EQ(status.error().code, "invalid_audio");
  }
}

TEST(ChunkerNode, RefusesAnOverlapAsLongAsTheWindow) {
  Result<std::unique_ptr<Node>> node =
      build_node(chunker_node_spec(), {{"window_ms", Value(100)}, {"overlap_ms", Value(100)}});
  ASSERT_FALSE(node.is_ok());
  EXPECT_EQ(node.error().code, "invalid_param");
  EXPECT_EQ(node.error().path, "$.nodes[0].params.overlap_ms");
}

}  // namespace
}  // namespace remotemedia
