// UTF-8 well-formedness, one definition for every place text leaves the runtime.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace remotemedia {

// Length of the well-formed UTF-8 sequence starting at text[i] (1 for ASCII), or 0 if it is
// ill-formed (overlong forms, surrogates and code points above U+10FFFF count as ill-formed).
// Precondition: i < text.size().
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// `text` with every ill-formed byte replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

}  // namespace remotemedia
