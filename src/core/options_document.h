// The JSON options documents of the embedding surfaces (runtime options, call options, bundle
// options): one way to read them and to name what is wrong with them.
#pragma once

#include <string>
#include <string_view>

#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

// `text` parsed as a JSON object; empty text is an empty object. JSON that does not parse is
// invalid_option with "<what>: " before the parser's message; a value that is not an object is
// invalid_option at "$" ("<what> must be a JSON object").
Result<Value> parse_options_document(std::string_view text, const std::string& what);

// invalid_option at the top-level key `key` ($.key).
Error option_key_error(const std::string& key, const std::string& message);

}  // namespace remotemedia
