#include "nodes/audio/vad/speech_segmenter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace remotemedia {
namespace {

// Seconds of "voiced" sound (a 140 Hz buzz with harmonics, amplitude-modulated at syllable rate)
// and of silence, alternating and starting with silence, at `rate`: what WebRTC's detector takes
// for speech and not.
std::vector<float> bursts(std::int64_t rate, const std::vector<double>& seconds) {
  std::vector<float> s;
  bool voiced = true;  // flipped before the first stretch
  std::uint32_t noise = 12345;
  for (double length : seconds) {
    voiced = !voiced;
    const std::size_t n = static_cast<std::size_t>(length * static_cast<double>(rate));
    for (std::size_t i = 0; i < n; ++i) {
      noise = noise * 1664525u + 1013904223u;
      // A little noise under the buzz only: silence is digital silence.
      double v = 0;
      if (voiced) {
        double t = static_cast<double>(i) / static_cast<double>(rate);
        double buzz = 0;
        for (int h = 1; h <= 20; ++h) buzz += std::sin(2 * M_PI * 140.0 * h * t) / h;
        v = (static_cast<double>(noise >> 8) / 16777216.0 - 0.5) * 0.001 +
            0.3 * buzz * (0.6 + 0.4 * std::sin(2 * M_PI * 4.0 * t));
      }
      s.push_back(static_cast<float>(v));
    }
  }
  return s;
}

std::vector<SpeechSegment> segment(const std::vector<float>& audio, std::int64_t rate,
                                   std::size_t chunk, std::int64_t start = 0,
                                   SegmenterSettings settings = {}) {
  auto made = SpeechSegmenter::create(rate, settings, start);
  EXPECT_TRUE(made.is_ok());
  std::vector<SpeechSegment> out;
  for (std::size_t at = 0; at < audio.size(); at += chunk) {
    std::size_t n = std::min(chunk, audio.size() - at);
    (*made)->push(audio.data() + at, n, &out);
  }
  (*made)->finish(&out);
  return out;
}

TEST(SpeechSegmenter, FindsEachBurstBetweenSilences) {
  std::vector<float> audio = bursts(16000, {1.0, 1.5, 1.0, 1.5, 1.0});  // silence first
  std::vector<SpeechSegment> segments = segment(audio, 16000, audio.size());
  ASSERT_EQ(segments.size(), 2u);
  // Each covers its burst (1.0-2.5 s and 3.5-5.0 s): from the padding (0.15 s) before it to
  // the padding after it, plus the detector's own decision delay of a few frames at the end.
  for (std::size_t i = 0; i < 2; ++i) {
    const double start = static_cast<double>(segments[i].start_frame) / 16000;
    const double end = start + static_cast<double>(segments[i].samples.size()) / 16000;
    const double burst = i == 0 ? 1.0 : 3.5;
    EXPECT_NEAR(start, burst - 0.15, 0.05) << i;
    EXPECT_GE(end, burst + 1.5 + 0.1) << i;
    EXPECT_LE(end, burst + 1.5 + 0.5) << i;
  }
}

TEST(SpeechSegmenter, ChunksOfAnySizeGiveTheSameSegments) {
  for (std::int64_t rate : {8000, 16000, 48000}) {
    std::vector<float> audio = bursts(rate, {0.5, 1.0, 0.4, 0.2, 0.8, 1.0, 0.3});
    std::vector<SpeechSegment> whole = segment(audio, rate, audio.size());
    ASSERT_FALSE(whole.empty()) << rate;
    for (std::size_t chunk : {1u, 7u, 160u, 320u, 1000u}) {
      std::vector<SpeechSegment> chunked = segment(audio, rate, chunk);
      ASSERT_EQ(chunked.size(), whole.size()) << rate << " Hz, chunks of " << chunk;
      for (std::size_t i = 0; i < whole.size(); ++i) {
        EXPECT_EQ(chunked[i].start_frame, whole[i].start_frame);
        EXPECT_EQ(chunked[i].samples, whole[i].samples);
      }
    }
  }
}

TEST(SpeechSegmenter, SegmentsSitOnTheStreamsTimeline) {
  std::vector<float> audio = bursts(16000, {1.0, 1.0, 1.0});
  std::vector<SpeechSegment> at_zero = segment(audio, 16000, 480);
  std::vector<SpeechSegment> later = segment(audio, 16000, 480, 160000);
  ASSERT_EQ(at_zero.size(), 1u);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].start_frame, at_zero[0].start_frame + 160000);
  EXPECT_EQ(later[0].samples, at_zero[0].samples);
  // The samples are the input's own.
  EXPECT_EQ(at_zero[0].samples[0], audio[static_cast<std::size_t>(at_zero[0].start_frame)]);
}

TEST(SpeechSegmenter, SilenceHasNoSegmentsAndLongSpeechIsCut) {
  EXPECT_TRUE(segment(std::vector<float>(48000, 0.0f), 16000, 480).empty());
  SegmenterSettings settings;
  settings.max_segment_ms = 1000;
  settings.padding_ms = 0;
  std::vector<SpeechSegment> cut = segment(bursts(16000, {0.5, 3.5, 0.5}), 16000, 480, 0, settings);
  ASSERT_GE(cut.size(), 3u);
  for (std::size_t i = 0; i + 1 < cut.size(); ++i) {
    EXPECT_LE(cut[i].samples.size(), 16000u) << "max_segment_ms with no padding";
    EXPECT_EQ(cut[i].start_frame + static_cast<std::int64_t>(cut[i].samples.size()),
              cut[i + 1].start_frame)
        << "a cut segment continues where the last one ended";
  }
}

TEST(SpeechSegmenter, RefusesRatesTheDetectorDoesNotTake) {
  auto made = SpeechSegmenter::create(44100, SegmenterSettings{}, 0);
  ASSERT_FALSE(made.is_ok());
  EXPECT_EQ(made.error().code, "invalid_audio");
  EXPECT_NE(made.error().message.find("44100 Hz (resample it first with ResampleNode)"),
            std::string::npos);
}

}  // namespace
}  // namespace remotemedia
