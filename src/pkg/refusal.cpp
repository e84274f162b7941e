#include "pkg/refusal.h"

#include <cstdio>

namespace remotemedia::pkg {

std::string printable(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

Error refuse(const char* code, std::string_view entry, const std::string& what) {
  if (entry.empty()) return invalid_input(code, what);
  std::string shown = printable(entry);
  Error error = invalid_input(code, "entry '" + shown + "': " + what);
  error.details.set("entry", Value(shown));
  return error;
}

}  // namespace remotemedia::pkg
