// The CLI's --pretty: a JSON document re-laid out for people, two-space indented, one member or
// element per line. Only whitespace outside strings changes: every token, number spelling and
// key order stays as the runtime wrote it.
#pragma once

#include <string>
#include <string_view>

namespace remotemedia {

// `json` (one valid document, as the runtime writes it) indented; text that is not a JSON object
// or array comes back unchanged.
std::string pretty_json(std::string_view json);

}  // namespace remotemedia
