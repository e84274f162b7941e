// The one schema of per-call options (CallOptions in remotemedia/runtime.h).
#include <string>

#include "core/json_path.h"
#include "core/options_document.h"
#include "remotemedia/runtime.h"

namespace remotemedia {
namespace {

constexpr const char* kKnown =
    "base_dir, metrics, validate, max_input_bytes, max_output_items, max_output_bytes, "
    "option_names";

Error option_error(const std::string& json_path, const std::string& message) {
  return invalid_input(errc::invalid_option, message, json_path);
}

// A whole number in [1, 2^63): the limits.
Status read_count(const CallOptions& options, std::string_view name, const Value& value,
                  const std::string& json_path, std::uint64_t* out) {
  const std::int64_t* n = value.as_int();
  if (n == nullptr || *n < 1) {
    return option_error(json_path, options.spelling(name) + " needs a whole number of at least 1");
  }
  *out = static_cast<std::uint64_t>(*n);
  return Status::ok();
}

Status read_flag(const CallOptions& options, std::string_view name, const Value& value,
                 const std::string& json_path, bool* out) {
  const bool* on = value.as_bool();
  if (on == nullptr)
    return option_error(json_path, options.spelling(name) + " needs true or false");
  *out = *on;
  return Status::ok();
}

Status read_option_names(CallOptions& options, const Value& value, const std::string& json_path) {
  const Map* names = value.as_map();
  if (names == nullptr) {
    return option_error(json_path, "option_names must be an object of option -> name");
  }
  options.option_names.clear();
  for (const Map::Entry& entry : *names) {
    const std::string* spelling = entry.second.as_string();
    if (spelling == nullptr || spelling->empty() || spelling->size() > 64) {
      return option_error(JsonPath(json_path).key(entry.first).str(),
                          "option_names values must be strings of 1 to 64 bytes");
    }
    options.option_names.emplace_back(entry.first, *spelling);
  }
  return Status::ok();
}

}  // namespace

std::string CallOptions::spelling(std::string_view option) const {
  for (const auto& [name, spelled] : option_names) {
    if (name == option) return spelled;
  }
  return std::string(option);
}

Status set_call_option(CallOptions& options, std::string_view name, const Value& value,
                       const std::string& json_path) {
  if (name == "base_dir") {
    const std::string* dir = value.as_string();
    if (dir == nullptr || dir->empty()) {
      return option_error(json_path, options.spelling(name) + " needs a non-empty string");
    }
    options.base_dir = *dir;
    return Status::ok();
  }
  if (name == "metrics") return read_flag(options, name, value, json_path, &options.metrics);
  if (name == "validate") return read_flag(options, name, value, json_path, &options.validate);
  if (name == "max_input_bytes") {
    return read_count(options, name, value, json_path, &options.max_input_bytes);
  }
  if (name == "max_output_items") {
    return read_count(options, name, value, json_path, &options.max_output_items);
  }
  if (name == "max_output_bytes") {
    return read_count(options, name, value, json_path, &options.max_output_bytes);
  }
  if (name == "option_names") return read_option_names(options, value, json_path);
  return option_error(json_path,
                      "unknown option '" + std::string(name) + "' (known: " + kKnown + ")");
}

Result<CallOptions> parse_call_options(std::string_view text) {
  CallOptions options;
  Result<Value> parsed = parse_options_document(text, "call options");
  if (!parsed) return parsed.take_error();
  const Map* map = parsed->as_map();
  // option_names first, so the other options' messages use the caller's spelling.
  if (const Value* names = map->find("option_names")) {
    RM_RETURN_IF_ERROR(read_option_names(options, *names, "$.option_names"));
  }
  for (const Map::Entry& entry : *map) {
    if (entry.first == "option_names") continue;
    RM_RETURN_IF_ERROR(
        set_call_option(options, entry.first, entry.second, JsonPath("$").key(entry.first).str()));
  }
  return options;
}

}  // namespace remotemedia
