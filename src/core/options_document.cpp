#include "core/options_document.h"

#include "core/json_path.h"
#include "core/json_reader.h"

namespace remotemedia {

Result<Value> parse_options_document(std::string_view text, const std::string& what) {
  if (text.empty()) return Value(Map{});
  Result<Value> parsed = parse_json(text);
  if (!parsed) {
    Error error = parsed.take_error();
    error.code = errc::invalid_option;
    error.message = what + ": " + error.message;
    return error;
  }
  if (parsed->as_map() == nullptr) {
    return invalid_input(errc::invalid_option, what + " must be a JSON object", "$");
  }
  return parsed;
}

Error option_key_error(const std::string& key, const std::string& message) {
  return invalid_input(errc::invalid_option, message, JsonPath("$").key(key).str());
}

}  // namespace remotemedia
