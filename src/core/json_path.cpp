#include "core/json_path.h"

namespace remotemedia {
namespace {

bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

}  // namespace

JsonPath& JsonPath::key(std::string_view name) {
  if (is_identifier(name)) {
    path_ += '.';
    path_ += name;
    return *this;
  }
  path_ += "[\"";
  for (char c : name) {
    if (c == '"' || c == '\\') path_ += '\\';
    path_ += c;
  }
  path_ += "\"]";
  return *this;
}

JsonPath& JsonPath::index(std::size_t i) {
  path_ += '[';
  path_ += std::to_string(i);
  path_ += ']';
  return *this;
}

}  // namespace remotemedia
