// Standard base64 (RFC 4648, "+/" alphabet, '=' padding), as Python's base64.b64encode writes it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "remotemedia/value.h"

namespace remotemedia {

void append_base64(const std::uint8_t* data, std::size_t size, std::string& out);

// Strict: rejects characters outside the alphabet, whitespace, missing or misplaced padding and
// non-zero trailing bits. Returns false (and leaves *out untouched) on any of them.
bool decode_base64(std::string_view text, Buffer* out);

}  // namespace remotemedia
