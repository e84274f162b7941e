// Fuzzes AudioDecodeNode's decoder (src/nodes/audio/decode/): the WAV header checks, the MP3
// header reads, and miniaudio's WAV, FLAC and MP3 decoders behind them. Any crash or sanitizer
// report is a finding, and so is a result that breaks the decoder's promises: a failure other
// than invalid_audio, or audio whose format or length is out of the documented bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "nodes/audio/decode/audio_decoder.h"
#include "nodes/audio/decode/wav_header.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  remotemedia::DecodeLimits limits;
  limits.max_seconds = 30;  // keeps single runs fast and memory bounded
  remotemedia::Result<remotemedia::Audio> audio = remotemedia::decode_audio(data, size, limits);
  if (!audio.is_ok()) {
    if (audio.error().code != "invalid_audio") std::abort();
    return 0;
  }
  if (audio->channels < 1 || audio->channels > remotemedia::kMaxAudioChannels) std::abort();
  if (audio->sample_rate < 1 || audio->sample_rate > remotemedia::kMaxAudioRate) std::abort();
  if (audio->start_frame != 0 || audio->frame_count() == 0) std::abort();
  if (audio->sample_count() != audio->frame_count() * static_cast<std::size_t>(audio->channels))
    std::abort();
  if (static_cast<double>(audio->frame_count()) >
      limits.max_seconds * static_cast<double>(audio->sample_rate))
    std::abort();
  return 0;
}
