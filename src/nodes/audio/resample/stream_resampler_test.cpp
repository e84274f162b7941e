#include "nodes/audio/resample/stream_resampler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace remotemedia {
namespace {

// `frames` frames of a 440 Hz tone (and, in a second channel, 660 Hz) at `rate`.
std::vector<float> tone(std::size_t frames, std::int64_t rate, std::size_t channels = 1) {
  std::vector<float> s(frames * channels);
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t c = 0; c < channels; ++c) {
      double hz = 440.0 * (1.0 + 0.5 * static_cast<double>(c));
      s[f * channels + c] = static_cast<float>(
          0.5 * std::sin(2 * M_PI * hz * static_cast<double>(f) / static_cast<double>(rate)));
    }
  }
  return s;
}

std::vector<float> resample_in_chunks(const std::vector<float>& in, std::size_t channels,
                                      std::int64_t from, std::int64_t to,
                                      const std::vector<std::size_t>& chunks) {
  auto r = StreamResampler::create(static_cast<std::int64_t>(channels), from, to, 4);
  EXPECT_TRUE(r.is_ok());
  std::vector<float> out;
  std::size_t at = 0;
  std::size_t i = 0;
  const std::size_t frames = in.size() / channels;
  while (at < frames) {
    std::size_t n = chunks.empty() ? frames : chunks[i++ % chunks.size()];
    if (n > frames - at) n = frames - at;
    (*r)->push(in.data() + at * channels, n, &out);
    at += n;
  }
  (*r)->finish(&out);
  return out;
}

TEST(StreamResampler, ChunksOfAnySizeGiveTheSameSamplesAsOneBuffer) {
  for (std::int64_t from : {8000, 22050, 44100, 48000}) {
    for (std::size_t channels : {1u, 2u}) {
      std::vector<float> in = tone(static_cast<std::size_t>(from) / 3, from, channels);
      std::vector<float> whole = resample_in_chunks(in, channels, from, 16000, {});
      for (const std::vector<std::size_t>& chunks :
           std::vector<std::vector<std::size_t>>{{1}, {7}, {160, 1, 3}, {441}, {4096, 13}}) {
        EXPECT_EQ(resample_in_chunks(in, channels, from, 16000, chunks), whole)
            << from << " Hz, " << channels << " channels, chunks of " << chunks[0];
      }
    }
  }
}

TEST(StreamResampler, AFinishedStreamHasExactlyTheScaledLength) {
  for (std::size_t frames : {1u, 2u, 3u, 100u, 44100u, 44101u}) {
    std::vector<float> out = resample_in_chunks(tone(frames, 44100), 1, 44100, 16000, {});
    EXPECT_EQ(out.size(), (frames * 16000 + 44099) / 44100) << frames;
  }
  EXPECT_EQ(resample_in_chunks(tone(8000, 8000), 1, 8000, 48000, {}).size(), 48000u);
}

TEST(StreamResampler, KeepsTheSignalInPlace) {
  // A 440 Hz tone stays a 440 Hz tone at the same phase: compare with the tone made at 16 kHz.
  std::vector<float> out = resample_in_chunks(tone(48000, 48000), 1, 48000, 16000, {});
  std::vector<float> want = tone(16000, 16000);
  ASSERT_EQ(out.size(), want.size());
  double err = 0;
  double energy = 0;
  for (std::size_t i = 200; i + 200 < want.size(); ++i) {  // away from the edges
    const double d = static_cast<double>(out[i]) - static_cast<double>(want[i]);
    err += d * d;
    energy += static_cast<double>(want[i]) * static_cast<double>(want[i]);
  }
  EXPECT_LT(err / energy, 1e-4);
}

TEST(StreamResampler, RefusesRatesOutOfRange) {
  EXPECT_FALSE(StreamResampler::create(1, 0, 16000, 4).is_ok());
  EXPECT_FALSE(StreamResampler::create(0, 16000, 8000, 4).is_ok());
  EXPECT_EQ(StreamResampler::create(1, 16000, 8000000, 4).error().code, "invalid_audio");
}

}  // namespace
}  // namespace remotemedia
