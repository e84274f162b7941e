#include "nodes/audio/decode/audio_decoder.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nodes/audio/decode/mp3_header.h"
#include "nodes/audio/decode/wav_header.h"
#include "nodes/audio/third_party/miniaudio_config.h"

#include "miniaudio.h"

namespace remotemedia {
namespace {

constexpr ma_uint64 kBlockFrames = 16384;

Error bad(const std::string& what) {
  return run_failure(errc::invalid_audio, what);
}

bool looks_like_flac(const std::uint8_t* data, std::size_t size) {
  return size >= 4 && std::memcmp(data, "fLaC", 4) == 0;
}

std::string hex_start(const std::uint8_t* data, std::size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < size && i < 4; ++i) {
    if (i > 0) text += ' ';
    text += kDigits[data[i] >> 4];
    text += kDigits[data[i] & 15];
  }
  return text.empty() ? "no bytes" : "bytes " + text;
}

std::string format_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return text;
}

// The decoder, uninitialised on every path out of decode_audio.
struct DecoderGuard {
  ma_decoder decoder;
  bool live = false;
  ~DecoderGuard() {
    if (live) ma_decoder_uninit(&decoder);
  }
};

}  // namespace

Result<Audio> decode_audio(const std::uint8_t* data, std::size_t size, const DecodeLimits& limits,
                           const std::function<bool()>& keep_going) {
  ma_encoding_format format = ma_encoding_format_unknown;
  const char* name = "";
  std::optional<std::uint64_t> declared;  // frames the container says it holds
  if (looks_like_wav(data, size)) {
    Result<WavLayout> layout = check_wav_header(data, size);
    if (!layout) return layout.take_error();
    format = ma_encoding_format_wav;
    name = "WAV";
    declared = layout->frames;
  } else if (looks_like_flac(data, size)) {
    format = ma_encoding_format_flac;
    name = "FLAC";
  } else if (looks_like_mp3(data, size)) {
    format = ma_encoding_format_mp3;
    name = "MP3";
    declared = mp3_declared_pcm_frames(data, size);
  } else {
    return bad("not a WAV, FLAC or MP3 file (it starts with " + hex_start(data, size) + ")");
  }

  ma_decoder_config config = ma_decoder_config_init(ma_format_f32, 0, 0);
  config.encodingFormat = format;
  DecoderGuard guard;
  if (ma_decoder_init_memory(data, size, &config, &guard.decoder) != MA_SUCCESS) {
    return bad(std::string(name) + " file: its header cannot be decoded");
  }
  guard.live = true;
  ma_format out_format;
  ma_uint32 channels = 0;
  ma_uint32 rate = 0;
  if (ma_decoder_get_data_format(&guard.decoder, &out_format, &channels, &rate, nullptr, 0) !=
          MA_SUCCESS ||
      out_format != ma_format_f32) {
    return bad(std::string(name) + " file: no usable audio format");
  }
  if (channels == 0 || channels > kMaxAudioChannels) {
    return bad(std::string(name) + " file: " + std::to_string(channels) + " channels (1 to " +
               std::to_string(kMaxAudioChannels) + " are supported)");
  }
  if (rate == 0 || rate > kMaxAudioRate) {
    return bad(std::string(name) + " file: a sample rate of " + std::to_string(rate) +
               " Hz (1 to " + std::to_string(kMaxAudioRate) + " Hz is supported)");
  }
  if (format == ma_encoding_format_flac) {
    ma_uint64 total = 0;
    if (ma_decoder_get_length_in_pcm_frames(&guard.decoder, &total) == MA_SUCCESS && total > 0) {
      declared = total;
    }
  }

  // Frames allowed: max_seconds at this rate, and what fits kMaxArrayBytes as float32.
  const double by_time = std::floor(limits.max_seconds * static_cast<double>(rate));
  const std::uint64_t by_bytes = kMaxArrayBytes / (sizeof(float) * channels);
  const std::uint64_t max_frames =
      by_time < static_cast<double>(by_bytes) ? static_cast<std::uint64_t>(by_time) : by_bytes;
  auto too_long = [&] {
    return bad(std::string(name) + " file: its audio is longer than " + std::to_string(max_frames) +
               " frames (max_seconds " + format_seconds(limits.max_seconds) + " at " +
               std::to_string(rate) + " Hz, within 2 GiB of samples)");
  };
  if (declared && *declared > max_frames) return too_long();

  auto samples = std::make_shared<std::vector<float>>();
  // Only a WAV header's count is backed by bytes in the file; FLAC and MP3 counts may lie.
  if (format == ma_encoding_format_wav) {
    samples->reserve(static_cast<std::size_t>(*declared) * channels);
  }
  std::uint64_t frames = 0;
  for (;;) {
    if (keep_going && !keep_going()) {
      return run_failure(errc::interrupted, "decoding stopped: the run was asked to stop");
    }
    // Up to one frame past the limit, which tells a file that is too long.
    ma_uint64 want = max_frames + 1 - frames;
    if (want > kBlockFrames) want = kBlockFrames;
    const std::size_t old_size = samples->size();
    samples->resize(old_size + static_cast<std::size_t>(want) * channels);
    ma_uint64 got = 0;
    ma_result result =
        ma_decoder_read_pcm_frames(&guard.decoder, samples->data() + old_size, want, &got);
    samples->resize(old_size + static_cast<std::size_t>(got) * channels);
    frames += got;
    if (result != MA_SUCCESS && result != MA_AT_END) {
      return bad(std::string(name) + " file: the audio data is corrupt after frame " +
                 std::to_string(frames));
    }
    if (frames > max_frames) return too_long();
    if (got < want) break;
  }
  if (frames == 0) return bad(std::string(name) + " file: no audio frames could be decoded");
  if (declared && frames < *declared) {
    return bad(std::string(name) + " file: its header declares " + std::to_string(*declared) +
               " frames, but only " + std::to_string(frames) +
               " could be decoded (a truncated or damaged file)");
  }

  Audio audio;
  audio.sample_rate = rate;
  audio.channels = channels;
  audio.start_frame = 0;
  std::uint8_t* bytes = reinterpret_cast<std::uint8_t*>(samples->data());
  const std::size_t byte_count = samples->size() * sizeof(float);
  audio.samples = Buffer::adopt(bytes, byte_count, std::move(samples));
  return audio;
}

}  // namespace remotemedia
