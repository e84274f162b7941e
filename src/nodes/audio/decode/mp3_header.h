// What AudioDecodeNode reads of an MP3 file itself, before and after the decoder: whether the
// bytes start like MPEG audio, and how many frames its Xing/Info header declares (so a file cut
// short is reported rather than decoded as shorter audio).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace remotemedia {

// True when the bytes start with an ID3v2 tag or with a valid MPEG audio frame header (sync,
// version, layer, bitrate and sample-rate fields all in range).
bool looks_like_mp3(const std::uint8_t* data, std::size_t size);

// The PCM frames (samples per channel) a whole file decodes to by its Xing or Info header: the
// MPEG frame count times the samples per MPEG frame, less the encoder delay and padding of a
// LAME/FFmpeg extension (the decoder trims them), or less one MPEG frame without one. Empty when
// the first frame after any ID3v2 tag carries no such header or it declares no frame count.
std::optional<std::uint64_t> mp3_declared_pcm_frames(const std::uint8_t* data, std::size_t size);

}  // namespace remotemedia
