#include "capi/runtime_options.h"

#include <string>

#include "core/json_path.h"
#include "core/json_reader.h"
#include "entry/read_input.h"

#ifdef REMOTEMEDIA_WITH_PYTHON
#include "python/interpreter.h"
#endif

namespace remotemedia::capi {
namespace {

#ifdef __wasi__
constexpr const char* kDefaultBaseDir = "/pipeline";
#else
constexpr const char* kDefaultBaseDir = ".";
#endif

Error option_error(const std::string& key, const std::string& message) {
  return invalid_input(errc::invalid_option, message, JsonPath("$").key(key).str());
}

// A positive count below 2^63, as the CLI's limit flags take.
Status read_count(const Value& value, const std::string& key, std::uint64_t* out) {
  const std::int64_t* n = value.as_int();
  if (n == nullptr || *n < 1)
    return option_error(key, key + " must be a whole number of at least 1");
  *out = static_cast<std::uint64_t>(*n);
  return Status::ok();
}

}  // namespace

Result<RuntimeOptions> parse_runtime_options(std::string_view text) {
  RuntimeOptions options;
  options.run.base_dir = kDefaultBaseDir;
  options.max_input_bytes = kDefaultMaxInputBytes;
#ifdef REMOTEMEDIA_WITH_PYTHON
  options.recursion_limit = python::kDefaultRecursionLimit;
#endif
  if (text.empty()) return options;
  Result<Value> parsed = parse_json(text);
  if (!parsed) {
    Error error = parsed.take_error();
    error.code = errc::invalid_option;
    error.message = "runtime options: " + error.message;
    return error;
  }
  const Map* map = parsed->as_map();
  if (map == nullptr)
    return invalid_input(errc::invalid_option, "runtime options must be a JSON object", "$");
  for (const Map::Entry& entry : *map) {
    const std::string& key = entry.first;
    const Value& value = entry.second;
    if (key == "base_dir") {
      const std::string* dir = value.as_string();
      if (dir == nullptr || dir->empty())
        return option_error(key, "base_dir must be a non-empty string");
      options.run.base_dir = *dir;
    } else if (key == "metrics") {
      const bool* on = value.as_bool();
      if (on == nullptr) return option_error(key, "metrics must be true or false");
      options.run.collect_metrics = *on;
    } else if (key == "max_input_bytes") {
      RM_RETURN_IF_ERROR(read_count(value, key, &options.max_input_bytes));
    } else if (key == "max_output_items") {
      RM_RETURN_IF_ERROR(read_count(value, key, &options.run.limits.max_output_items));
    } else if (key == "max_output_bytes") {
      RM_RETURN_IF_ERROR(read_count(value, key, &options.run.limits.max_output_bytes));
    } else if (key == "recursion_limit") {
      const std::int64_t* n = value.as_int();
      if (n == nullptr || *n < 50 || *n > 100000) {
        return option_error(key, "recursion_limit must be a whole number in 50..100000");
      }
      options.recursion_limit = static_cast<int>(*n);
      options.recursion_limit_given = true;
    } else if (key == "module_search_paths") {
      const List* paths = value.as_list();
      if (paths == nullptr || paths->empty() || paths->size() > 16) {
        return option_error(key, "module_search_paths must be a list of 1 to 16 paths");
      }
      for (const Value& path : *paths) {
        const std::string* item = path.as_string();
        if (item == nullptr || item->empty() || (*item)[0] != '/') {
          return option_error(key, "module_search_paths must hold absolute paths");
        }
        options.module_search_paths.push_back(*item);
      }
    } else {
      return option_error(key, "unknown runtime option '" + key +
                                   "' (known: base_dir, metrics, max_input_bytes, "
                                   "max_output_items, max_output_bytes, recursion_limit, "
                                   "module_search_paths)");
    }
  }
  return options;
}

}  // namespace remotemedia::capi
