#include "core/base64.h"

namespace remotemedia {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

void append_base64(const std::uint8_t* data, std::size_t size, std::string& out) {
  out.reserve(out.size() + (size + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    std::uint32_t n =
        (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) | data[i + 2];
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
  }
  std::size_t rest = size - i;
  if (rest == 0) return;
  std::uint32_t n = std::uint32_t{data[i]} << 16;
  if (rest == 2) n |= std::uint32_t{data[i + 1]} << 8;
  out.push_back(kAlphabet[(n >> 18) & 63]);
  out.push_back(kAlphabet[(n >> 12) & 63]);
  out.push_back(rest == 2 ? kAlphabet[(n >> 6) & 63] : '=');
  out.push_back('=');
}

bool decode_base64(std::string_view text, Buffer* out) {
  if (text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  Buffer buffer = Buffer::allocate(text.size() / 4 * 3 - padding);
  std::uint8_t* dst = buffer.mutable_data();
  std::size_t written = 0;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    int s[4];
    for (std::size_t k = 0; k < 4; ++k) {
      bool is_pad_slot = last && k >= 4 - padding;
      s[k] = is_pad_slot ? (text[i + k] == '=' ? 0 : -1) : sextet(text[i + k]);
      if (s[k] < 0) return false;
    }
    std::uint32_t n = (static_cast<std::uint32_t>(s[0]) << 18) |
                      (static_cast<std::uint32_t>(s[1]) << 12) |
                      (static_cast<std::uint32_t>(s[2]) << 6) | static_cast<std::uint32_t>(s[3]);
    std::uint8_t bytes[3] = {static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
                             static_cast<std::uint8_t>(n)};
    std::size_t count = last ? 3 - padding : 3;
    // Canonical form only: bits below the last encoded byte must be zero.
    if (last && padding == 2 && (n & 0xFFFF) != 0) return false;
    if (last && padding == 1 && (n & 0xFF) != 0) return false;
    for (std::size_t k = 0; k < count; ++k) dst[written++] = bytes[k];
  }
  *out = std::move(buffer);
  return true;
}

}  // namespace remotemedia
