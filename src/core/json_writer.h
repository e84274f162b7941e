// Value -> JSON text, in the layout of Python's json.dumps(obj, ensure_ascii=False): ", " and ": "
// separators, one line, UTF-8 passed through, floats as repr() writes them. Bytes, audio, tensors
// and non-finite floats are written in their wire forms (docs/values.md).
#pragma once

#include <string>

#include "remotemedia/value.h"

namespace remotemedia {

void append_json(const Value& value, std::string& out);
std::string to_json(const Value& value);
// A JSON string literal, quotes included.
void append_json_string(std::string_view text, std::string& out);

}  // namespace remotemedia
