// The audio every speech node takes: 16 kHz mono, the rate both whisper.cpp and PocketSphinx's
// models are made for.
#pragma once

#include <string>

#include "remotemedia/error_codes.h"
#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

inline constexpr std::int64_t kSpeechRate = 16000;

// `item`'s audio when it is 16 kHz mono; otherwise `invalid_audio` naming `node_type`, what came
// instead, and how to fix the pipeline, as a run failure of node `node_id`.
inline Result<const Audio*> speech_audio(const Value& item, const char* node_type,
                                         const std::string& node_id) {
  const Audio* audio = item.as_audio();
  if (audio != nullptr && audio->sample_rate == kSpeechRate && audio->channels == 1) return audio;
  const std::string got = audio == nullptr ? std::string("a ") + item.kind_name()
                                           : std::to_string(audio->sample_rate) + " Hz audio of " +
                                                 std::to_string(audio->channels) + " channels";
  return run_failure(errc::invalid_audio,
                     std::string(node_type) + " takes 16000 Hz mono audio; got " + got +
                         " (put a ResampleNode and a ChannelMixNode before it)",
                     node_id);
}

}  // namespace remotemedia
