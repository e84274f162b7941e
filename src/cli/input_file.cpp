#include "cli/input_file.h"

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "remotemedia/error_codes.h"

namespace remotemedia {

Result<std::string> input_items(std::string_view text, const std::string& name) {
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '[') {
    Result<Value> list = parse_json(text);
    if (!list) {
      return invalid_input(errc::invalid_json, "--input '" + name + "': " + list.error().message);
    }
    return to_json(*list);
  }
  List items;
  std::size_t line_number = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    ++line_number;
    at = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Result<Value> item = parse_json(line);
    if (!item) {
      return invalid_input(errc::invalid_json,
                           "--input '" + name + "' line " + std::to_string(line_number) +
                               " (JSON lines: one item per line): " + item.error().message);
    }
    items.push_back(std::move(*item));
  }
  return to_json(Value(std::move(items)));
}

std::string with_input_data(const std::string& document, const std::string& items) {
  Result<Value> parsed = parse_json(document);
  if (!parsed || parsed->as_map() == nullptr) return document;
  const Value* manifest = parsed->as_map()->find("manifest");
  std::string out = "{\"manifest\": ";
  append_json(manifest != nullptr ? *manifest : *parsed, out);
  out += ", \"input_data\": " + items + "}";
  return out;
}

}  // namespace remotemedia
