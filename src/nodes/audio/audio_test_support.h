// Audio values for the audio family's tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "remotemedia/value.h"

namespace remotemedia {

// An Audio value holding `samples` (interleaved) as float32.
inline Value audio_value(std::vector<float> samples, std::int64_t rate = 16000,
                         std::int64_t channels = 1, std::int64_t start_frame = 0) {
  Audio audio;
  audio.sample_rate = rate;
  audio.channels = channels;
  audio.start_frame = start_frame;
  audio.samples = Buffer::copy_of(samples.data(), samples.size() * sizeof(float));
  return Value(std::move(audio));
}

// The samples of an Audio value (empty for anything else).
inline std::vector<float> samples_of(const Value& value) {
  const Audio* audio = value.as_audio();
  if (audio == nullptr) return {};
  return std::vector<float>(audio->data(), audio->data() + audio->sample_count());
}

}  // namespace remotemedia
