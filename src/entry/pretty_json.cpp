#include "entry/pretty_json.h"

namespace remotemedia {
namespace {

void new_line(std::string& out, int depth) {
  out += '\n';
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

// The next character after `i` that is not JSON whitespace, or '\0' at the end.
char next_token(std::string_view json, std::size_t i) {
  for (++i; i < json.size(); ++i) {
    const char c = json[i];
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') return c;
  }
  return '\0';
}

}  // namespace

std::string pretty_json(std::string_view json) {
  if (json.empty() || (json.front() != '{' && json.front() != '[')) return std::string(json);
  std::string out;
  out.reserve(json.size() + json.size() / 4);
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out += c;
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        out += c;
        break;
      case '{':
      case '[':
        out += c;
        if (next_token(json, i) == (c == '{' ? '}' : ']')) break;  // {} and [] stay whole
        new_line(out, ++depth);
        break;
      case '}':
      case ']':
        if (out.back() != '{' && out.back() != '[') new_line(out, --depth);
        out += c;
        break;
      case ',':
        out += c;
        new_line(out, depth);
        break;
      case ' ':
      case '\n':
      case '\t':
      case '\r':
        break;  // the layout's own whitespace is replaced
      case ':':
        out += ": ";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace remotemedia
