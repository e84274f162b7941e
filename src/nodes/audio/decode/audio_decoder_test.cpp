#include "nodes/audio/decode/audio_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nodes/audio/decode/wav_test_support.h"

namespace remotemedia {
namespace {

Result<Audio> decode(const std::string& file, double max_seconds = 3600) {
  DecodeLimits limits;
  limits.max_seconds = max_seconds;
  return decode_audio(reinterpret_cast<const std::uint8_t*>(file.data()), file.size(), limits);
}

std::vector<float> samples(const Audio& audio) {
  return std::vector<float>(audio.data(), audio.data() + audio.sample_count());
}

// The message of the decoder's error for `file`, which must be invalid_audio.
std::string refusal(const std::string& file) {
  Result<Audio> audio = decode(file);
  EXPECT_FALSE(audio.is_ok());
  if (audio) return "";
  EXPECT_EQ(audio.error().code, "invalid_audio") << audio.error().message;
  return audio.error().message;
}

TEST(AudioDecoder, DecodesEveryPcmWidthToTheSameFloats) {
  // Full scale, half scale, zero, negative half scale, in each width.
  struct Case {
    std::uint16_t bits;
    std::vector<std::int32_t> values;
  } cases[] = {
      {8, {127, 64, 0, -64}},
      {16, {32767, 16384, 0, -16384}},
      {24, {8388607, 4194304, 0, -4194304}},
      {32, {2147483647, 1073741824, 0, -1073741824}},
  };
  for (const Case& c : cases) {
    WavSpec spec;
    spec.bits = c.bits;
    Result<Audio> audio = decode(wav_file(spec, pcm_bytes(c.values, c.bits / 8)));
    ASSERT_TRUE(audio.is_ok()) << c.bits << ": " << audio.error().message;
    std::vector<float> s = samples(*audio);
    ASSERT_EQ(s.size(), 4u) << c.bits;
    EXPECT_NEAR(s[0], 1.0f, 0.01f) << c.bits;
    EXPECT_NEAR(s[1], 0.5f, 0.01f) << c.bits;
    EXPECT_NEAR(s[2], 0.0f, 0.01f) << c.bits;  // miniaudio maps 8-bit 128 to 1/255
    EXPECT_NEAR(s[3], -0.5f, 0.01f) << c.bits;
    EXPECT_EQ(audio->sample_rate, 16000);
    EXPECT_EQ(audio->channels, 1);
    EXPECT_EQ(audio->start_frame, 0);
  }
}

TEST(AudioDecoder, FloatWavKeepsItsSamples) {
  WavSpec spec;
  spec.encoding = 3;
  spec.bits = 32;
  spec.channels = 2;
  spec.rate = 44100;
  Result<Audio> audio = decode(wav_file(spec, raw_bytes<float>({0.25f, -0.75f, 1.5f, 0.0f})));
  ASSERT_TRUE(audio.is_ok()) << audio.error().message;
  EXPECT_EQ(samples(*audio), (std::vector<float>{0.25f, -0.75f, 1.5f, 0.0f}));
  EXPECT_EQ(audio->channels, 2);
  EXPECT_EQ(audio->frame_count(), 2u);
  EXPECT_EQ(audio->sample_rate, 44100);

  spec.bits = 64;
  audio = decode(wav_file(spec, raw_bytes<double>({0.25, -0.75, 0.5, 0.125})));
  ASSERT_TRUE(audio.is_ok()) << audio.error().message;
  EXPECT_EQ(samples(*audio), (std::vector<float>{0.25f, -0.75f, 0.5f, 0.125f}));
}

TEST(AudioDecoder, ATrailingPartialFrameIsDropped) {
  WavSpec spec;
  spec.channels = 2;
  Result<Audio> audio = decode(wav_file(spec, pcm_bytes({100, 200, 300}, 2)));
  ASSERT_TRUE(audio.is_ok()) << audio.error().message;
  EXPECT_EQ(audio->frame_count(), 1u);
}

TEST(AudioDecoder, RefusesBrokenWavHeadersWithWhatIsWrong) {
  const std::string pcm = pcm_bytes({1, 2, 3, 4}, 2);
  WavSpec ok;
  struct Case {
    std::string file;
    std::string says;
  };
  WavSpec zero_channels = ok;
  zero_channels.channels = 0;
  zero_channels.block_align = 2;
  WavSpec zero_rate = ok;
  zero_rate.rate = 0;
  WavSpec odd_align = ok;
  odd_align.block_align = 3;
  WavSpec many_channels = ok;
  many_channels.channels = 300;
  WavSpec bad_bits = ok;
  bad_bits.bits = 12;
  WavSpec adpcm = ok;
  adpcm.encoding = 2;
  WavSpec float16 = ok;
  float16.encoding = 3;
  WavSpec fast = ok;
  fast.rate = 5000000;
  std::string whole = wav_file(ok, pcm);
  std::vector<Case> cases = {
      {wav_file(zero_channels, pcm), "zero channels"},
      {wav_file(zero_rate, pcm), "a sample rate of 0 Hz"},
      {wav_file(odd_align, pcm), "block align of 3 bytes"},
      {wav_file(many_channels, pcm), "300 channels"},
      {wav_file(bad_bits, pcm), "12 bits per sample"},
      {wav_file(adpcm, pcm), "encoding 2 is not supported"},
      {wav_file(float16, pcm), "16 bits per sample"},
      {wav_file(fast, pcm), "5000000 Hz"},
      {wav_file(ok, pcm, 1 << 30), "declares 1073741824 bytes"},
      {whole.substr(0, whole.size() - 3), "'data' chunk declares 8 bytes, but the file holds 5"},
      {whole.substr(0, 20), "'fmt ' chunk declares 16 bytes"},
      {whole.substr(0, 36), "no 'data' chunk"},
      {whole.substr(0, 12), "no 'fmt ' chunk"},
      {"RF64" + whole.substr(4), "RF64"},
  };
  for (const Case& c : cases) {
    std::string message = refusal(c.file);
    EXPECT_NE(message.find("WAV file: "), std::string::npos) << message;
    EXPECT_NE(message.find(c.says), std::string::npos) << message << " (wanted: " << c.says << ")";
  }
}

TEST(AudioDecoder, RefusesWhatIsNoAudioFile) {
  EXPECT_EQ(refusal(""), "not a WAV, FLAC or MP3 file (it starts with no bytes)");
  EXPECT_EQ(refusal("hello world"),
            "not a WAV, FLAC or MP3 file (it starts with bytes 68 65 6c 6c)");
  EXPECT_NE(refusal("fLaC" + std::string(40, '\0')).find("FLAC file"), std::string::npos);
  EXPECT_NE(refusal("ID3\x03" + std::string(20, '\0')).find("MP3 file"), std::string::npos);
  EXPECT_NE(refusal("\xff\xfb\x90\x00" + std::string(20, '\x11')).find("MP3 file"),
            std::string::npos);
}

TEST(AudioDecoder, RefusesAudioLongerThanTheLimit) {
  WavSpec spec;
  spec.rate = 100;
  std::string second(200, '\0');  // 100 frames of 16-bit mono: one second
  EXPECT_TRUE(decode(wav_file(spec, second), 1).is_ok()) << "exactly the limit";
  Result<Audio> longer = decode(wav_file(spec, second + std::string(2, '\0')), 1);
  ASSERT_FALSE(longer.is_ok());
  EXPECT_EQ(longer.error().code, "invalid_audio");
  EXPECT_NE(longer.error().message.find("longer than 100 frames (max_seconds 1 at 100 Hz"),
            std::string::npos)
      << longer.error().message;
}

TEST(AudioDecoder, StopsWhenAskedTo) {
  WavSpec spec;
  std::string file = wav_file(spec, std::string(64, '\0'));
  Result<Audio> audio = decode_audio(reinterpret_cast<const std::uint8_t*>(file.data()),
                                     file.size(), DecodeLimits{}, [] { return false; });
  ASSERT_FALSE(audio.is_ok());
  EXPECT_EQ(audio.error().code, "interrupted");
}

}  // namespace
}  // namespace remotemedia
