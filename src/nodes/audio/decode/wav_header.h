// The RIFF/WAVE checks AudioDecodeNode makes before any decoder sees a WAV file, so that every way
// a header can be wrong gets its own `invalid_audio` message (docs/nodes.md#audiodecodenode).
#pragma once

#include <cstddef>
#include <cstdint>

#include "nodes/audio/audio_limits.h"
#include "remotemedia/status.h"

namespace remotemedia {

struct WavLayout {
  std::int64_t channels = 0;
  std::int64_t sample_rate = 0;
  std::int64_t bits_per_sample = 0;
  // Whole frames the data chunk holds (a trailing partial frame is not counted).
  std::uint64_t frames = 0;
};

// True when the bytes start like a RIFF/WAVE (or RF64/WAVE) file.
bool looks_like_wav(const std::uint8_t* data, std::size_t size);

// The layout of a WAV file, or a run failure `invalid_audio` naming what is wrong: a chunk that
// runs past the end of the file (a truncated file, or a size field that lies), no "fmt " or
// "data" chunk, an encoding other than PCM (8, 16, 24, 32 bits), IEEE float (32, 64 bits), A-law
// or mu-law (8 bits), zero or more than kMaxAudioChannels channels, a sample rate of 0 or above
// kMaxAudioRate, a block align that is not channels x bytes per sample. RF64 is refused.
Result<WavLayout> check_wav_header(const std::uint8_t* data, std::size_t size);

}  // namespace remotemedia
