// JSON text -> Value. Plain JSON only: wire-form markers ({"__numpy__": true, ...}) stay maps here
// and are decoded by decode_wire_forms (wire_forms.h).
#pragma once

#include <cstddef>
#include <string_view>

#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

// Deeper documents are refused, which bounds the recursion of everything that walks a Value.
constexpr std::size_t kMaxJsonDepth = 256;

// Integers are ints when they fit in int64 (and refused when they do not); numbers with a
// fraction or exponent are floats. Objects keep key order; a repeated key is an error. Errors are
// `invalid_json` with line and column in the message and a JSON path where one is known.
Result<Value> parse_json(std::string_view text);

}  // namespace remotemedia
