// Decodes a whole WAV, FLAC or MP3 file held in memory into an Audio value: float32 samples,
// interleaved, at the file's own rate and channel count, timeline start 0. One decoder
// (miniaudio's dr_wav, dr_flac and dr_mp3, scalar code) on every target, so that the samples are
// the same bytes natively and in wasm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

struct DecodeLimits {
  // Longest audio accepted, in seconds at the file's rate. Decoding stops past it.
  double max_seconds = 3600;
};

// The decoded audio, or a run failure:
//   invalid_audio  not a WAV, FLAC or MP3 file; a header that is wrong (wav_header.h); a file
//                  with no decodable audio; a file shorter than its header declares (a WAV data
//                  chunk, a FLAC STREAMINFO total, an MP3 Xing/Info frame count); audio longer
//                  than `limits.max_seconds` or over kMaxArrayBytes of float32 samples.
//   interrupted    `keep_going` (asked between blocks of frames, when given) returned false.
// The bytes are only read, and only during the call; a failure leaves nothing behind.
Result<Audio> decode_audio(const std::uint8_t* data, std::size_t size, const DecodeLimits& limits,
                           const std::function<bool()>& keep_going = {});

}  // namespace remotemedia
