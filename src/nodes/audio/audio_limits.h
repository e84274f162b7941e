// What audio the family's nodes accept, the same on every target (docs/nodes.md#audio-family).
#pragma once

#include <cstdint>

namespace remotemedia {

// Channels a decoded file may have, and the highest sample rate any audio node works at.
constexpr std::int64_t kMaxAudioChannels = 32;
constexpr std::int64_t kMaxAudioRate = 768000;

}  // namespace remotemedia
