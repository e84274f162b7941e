#include "nodes/audio/decode/wav_header.h"

#include <cstring>
#include <string>

namespace remotemedia {
namespace {

constexpr std::uint16_t kPcm = 1;
constexpr std::uint16_t kFloat = 3;
constexpr std::uint16_t kAlaw = 6;
constexpr std::uint16_t kMulaw = 7;
constexpr std::uint16_t kExtensible = 0xFFFE;

std::uint16_t u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | p[1] << 8);
}
std::uint32_t u32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(u16(p)) | static_cast<std::uint32_t>(u16(p + 2)) << 16;
}

Error bad(const std::string& what) {
  return run_failure(errc::invalid_audio, "WAV file: " + what);
}

// A chunk id as text, with bytes that are not printable ASCII shown as '?'.
std::string chunk_name(const std::uint8_t* id) {
  std::string name;
  for (int i = 0; i < 4; ++i)
    name += (id[i] >= 0x20 && id[i] < 0x7f) ? static_cast<char>(id[i]) : '?';
  return name;
}

bool bits_allowed(std::uint16_t encoding, std::uint16_t bits) {
  switch (encoding) {
    case kPcm:
      return bits == 8 || bits == 16 || bits == 24 || bits == 32;
    case kFloat:
      return bits == 32 || bits == 64;
    default:  // A-law, mu-law
      return bits == 8;
  }
}

}  // namespace

bool looks_like_wav(const std::uint8_t* data, std::size_t size) {
  return size >= 12 && (std::memcmp(data, "RIFF", 4) == 0 || std::memcmp(data, "RF64", 4) == 0) &&
         std::memcmp(data + 8, "WAVE", 4) == 0;
}

Result<WavLayout> check_wav_header(const std::uint8_t* data, std::size_t size) {
  if (!looks_like_wav(data, size)) return bad("no RIFF/WAVE header");
  if (std::memcmp(data, "RF64", 4) == 0) return bad("RF64 (64-bit sizes) is not supported");
  const std::uint8_t* fmt = nullptr;
  std::uint32_t fmt_size = 0;
  std::uint64_t data_bytes = 0;
  bool have_data = false;
  std::size_t at = 12;
  while (!have_data && size - at >= 8) {
    const std::uint8_t* id = data + at;
    std::uint64_t chunk = u32(data + at + 4);
    const std::size_t body = at + 8;
    bool is_data = std::memcmp(id, "data", 4) == 0;
    if (chunk > size - body) {
      return bad("the '" + chunk_name(id) + "' chunk declares " + std::to_string(chunk) +
                 " bytes, but the file holds " + std::to_string(size - body) +
                 " after its header (a truncated file, or a size that lies)");
    }
    if (std::memcmp(id, "fmt ", 4) == 0) {
      if (chunk < 16)
        return bad("the 'fmt ' chunk is " + std::to_string(chunk) + " bytes, under 16");
      fmt = data + body;
      fmt_size = static_cast<std::uint32_t>(chunk);
    } else if (is_data) {
      if (fmt == nullptr) return bad("the 'data' chunk comes before any 'fmt ' chunk");
      data_bytes = chunk;
      have_data = true;
    }
    at = body + static_cast<std::size_t>(chunk) + (chunk & 1);  // chunks are padded to even sizes
    if (at > size) at = size;
  }
  if (fmt == nullptr) return bad("no 'fmt ' chunk");
  if (!have_data) return bad("no 'data' chunk");

  std::uint16_t encoding = u16(fmt);
  const std::uint16_t channels = u16(fmt + 2);
  const std::uint32_t rate = u32(fmt + 4);
  const std::uint16_t block_align = u16(fmt + 12);
  const std::uint16_t bits = u16(fmt + 14);
  if (encoding == kExtensible) {
    if (fmt_size < 40) return bad("a WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk under 40 bytes");
    encoding = u16(fmt + 24);  // the first two bytes of the sub-format GUID
  }
  if (encoding != kPcm && encoding != kFloat && encoding != kAlaw && encoding != kMulaw) {
    return bad("encoding " + std::to_string(encoding) +
               " is not supported (PCM, IEEE float, A-law and mu-law are)");
  }
  if (channels == 0) return bad("zero channels");
  if (channels > kMaxAudioChannels) {
    return bad(std::to_string(channels) + " channels; at most " +
               std::to_string(kMaxAudioChannels) + " are supported");
  }
  if (rate == 0) return bad("a sample rate of 0 Hz");
  if (rate > kMaxAudioRate) {
    return bad("a sample rate of " + std::to_string(rate) + " Hz; at most " +
               std::to_string(kMaxAudioRate) + " Hz is supported");
  }
  if (!bits_allowed(encoding, bits)) {
    return bad(std::to_string(bits) + " bits per sample do not fit its encoding");
  }
  const std::uint32_t frame_bytes = static_cast<std::uint32_t>(channels) * (bits / 8u);
  if (block_align != frame_bytes) {
    return bad("a block align of " + std::to_string(block_align) + " bytes, where " +
               std::to_string(channels) + " channels of " + std::to_string(bits) + " bits take " +
               std::to_string(frame_bytes));
  }
  WavLayout layout;
  layout.channels = channels;
  layout.sample_rate = rate;
  layout.bits_per_sample = bits;
  layout.frames = data_bytes / frame_bytes;
  return layout;
}

}  // namespace remotemedia
