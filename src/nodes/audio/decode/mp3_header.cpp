#include "nodes/audio/decode/mp3_header.h"

#include <cstring>

namespace remotemedia {
namespace {

struct FrameHeader {
  int version;  // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  int layer;    // 1..3
  bool mono;
};

// The header at data[0..3], when it is a valid MPEG audio frame header.
std::optional<FrameHeader> frame_header(const std::uint8_t* p, std::size_t size) {
  if (size < 4 || p[0] != 0xFF || (p[1] & 0xE0) != 0xE0) return std::nullopt;
  const int version = (p[1] >> 3) & 3;
  const int layer_bits = (p[1] >> 1) & 3;
  const int bitrate = p[2] >> 4;
  const int rate = (p[2] >> 2) & 3;
  if (version == 1 || layer_bits == 0 || bitrate == 0 || bitrate == 15 || rate == 3) {
    return std::nullopt;
  }
  return FrameHeader{version, 4 - layer_bits, (p[3] >> 6) == 3};
}

// Bytes of an ID3v2 tag at the start of `data` (0 when there is none).
std::size_t id3v2_size(const std::uint8_t* p, std::size_t size) {
  if (size < 10 || std::memcmp(p, "ID3", 3) != 0) return 0;
  if ((p[6] | p[7] | p[8] | p[9]) & 0x80) return 0;  // not a syncsafe size: no valid tag
  std::size_t body = static_cast<std::size_t>(p[6]) << 21 | static_cast<std::size_t>(p[7]) << 14 |
                     static_cast<std::size_t>(p[8]) << 7 | p[9];
  std::size_t footer = (p[5] & 0x10) ? 10 : 0;
  return 10 + body + footer;
}

std::uint32_t be32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

}  // namespace

bool looks_like_mp3(const std::uint8_t* data, std::size_t size) {
  return (size >= 10 && std::memcmp(data, "ID3", 3) == 0) || frame_header(data, size).has_value();
}

std::optional<std::uint64_t> mp3_declared_pcm_frames(const std::uint8_t* data, std::size_t size) {
  std::size_t at = id3v2_size(data, size);
  if (at >= size) return std::nullopt;
  std::optional<FrameHeader> header = frame_header(data + at, size - at);
  if (!header || header->layer != 3) return std::nullopt;
  // The Xing/Info header follows the side information, whose size depends on version and mode.
  std::size_t side = header->version == 3 ? (header->mono ? 17 : 32) : (header->mono ? 9 : 17);
  std::size_t tag = at + 4 + side;
  if (size < 12 || tag > size - 12) return std::nullopt;
  if (std::memcmp(data + tag, "Xing", 4) != 0 && std::memcmp(data + tag, "Info", 4) != 0) {
    return std::nullopt;
  }
  const std::uint32_t flags = be32(data + tag + 4);
  if ((flags & 1) == 0) return std::nullopt;  // no frame count
  const std::uint64_t samples_per_frame = header->version == 3 ? 1152 : 576;
  const std::uint64_t total = static_cast<std::uint64_t>(be32(data + tag + 8)) * samples_per_frame;
  // The LAME extension (also written by FFmpeg's "Lavc") after the optional fields gives the
  // encoder delay and padding, which the decoder trims: 12 bits each at its byte 21.
  std::size_t lame =
      tag + 8 + 4 + ((flags & 2) ? 4 : 0) + ((flags & 4) ? 100 : 0) + ((flags & 8) ? 4 : 0);
  if (lame <= size && size - lame >= 24 &&
      (std::memcmp(data + lame, "LAME", 4) == 0 || std::memcmp(data + lame, "Lavc", 4) == 0 ||
       std::memcmp(data + lame, "Lavf", 4) == 0)) {
    const std::uint8_t* d = data + lame + 21;
    const std::uint64_t trimmed = static_cast<std::uint64_t>(d[0] << 4 | d[1] >> 4) +
                                  static_cast<std::uint64_t>((d[1] & 15) << 8 | d[2]);
    return total > trimmed ? total - trimmed : 0;
  }
  // Without it, allow one MPEG frame for a decoder that counts the Xing/Info frame differently.
  return total > samples_per_frame ? total - samples_per_frame : 0;
}

}  // namespace remotemedia
