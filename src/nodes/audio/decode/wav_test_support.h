// WAV files built in memory, for the decoder's tests and its fuzzer's seeds.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace remotemedia {

struct WavSpec {
  std::uint16_t encoding = 1;  // 1 PCM, 3 float, 6 A-law, 7 mu-law
  std::uint16_t channels = 1;
  std::uint32_t rate = 16000;
  std::uint16_t bits = 16;
  // 0: channels x bits / 8.
  std::uint16_t block_align = 0;
};

inline void put_u16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>(v >> 8);
}
inline void put_u32(std::string& out, std::uint32_t v) {
  put_u16(out, static_cast<std::uint16_t>(v & 0xffff));
  put_u16(out, static_cast<std::uint16_t>(v >> 16));
}

// A RIFF/WAVE file: a 16-byte "fmt " chunk from `spec`, then a "data" chunk holding `payload`
// (declared as `declared_data` bytes when that is not -1).
inline std::string wav_file(const WavSpec& spec, const std::string& payload,
                            std::int64_t declared_data = -1) {
  std::string out = "RIFF";
  put_u32(out, static_cast<std::uint32_t>(4 + 24 + 8 + payload.size()));
  out += "WAVEfmt ";
  put_u32(out, 16);
  put_u16(out, spec.encoding);
  put_u16(out, spec.channels);
  put_u32(out, spec.rate);
  std::uint16_t align = spec.block_align != 0
                            ? spec.block_align
                            : static_cast<std::uint16_t>(spec.channels * (spec.bits / 8));
  put_u32(out, spec.rate * align);
  put_u16(out, align);
  put_u16(out, spec.bits);
  out += "data";
  put_u32(out, declared_data < 0 ? static_cast<std::uint32_t>(payload.size())
                                 : static_cast<std::uint32_t>(declared_data));
  out += payload;
  return out;
}

// Little-endian bytes of `values`, each `bytes` wide (two's complement, or unsigned for 8 bits as
// WAV stores them).
inline std::string pcm_bytes(const std::vector<std::int32_t>& values, int bytes) {
  std::string out;
  for (std::int32_t v : values) {
    std::uint32_t u =
        bytes == 1 ? static_cast<std::uint32_t>(v + 128) : static_cast<std::uint32_t>(v);
    for (int i = 0; i < bytes; ++i) out += static_cast<char>((u >> (8 * i)) & 0xff);
  }
  return out;
}

template <typename T>
std::string raw_bytes(const std::vector<T>& values) {
  std::string out(values.size() * sizeof(T), '\0');
  std::memcpy(out.data(), values.data(), out.size());
  return out;
}

}  // namespace remotemedia
