#include "capi/runtime_options.h"

#include <string>

#include "core/json_path.h"
#include "core/options_document.h"

namespace remotemedia::capi {
namespace {

#ifdef __wasi__
constexpr const char* kDefaultBaseDir = "/pipeline";
#else
constexpr const char* kDefaultBaseDir = ".";
#endif

}  // namespace

Result<RuntimeOptions> parse_runtime_options(std::string_view text) {
  RuntimeOptions parsed_options;
  RuntimeConfig& options = parsed_options.config;
  options.base_dir = kDefaultBaseDir;
  options.start_python = true;
#ifdef __wasi__
  // The JS host preopens its model directory there.
  options.mounts.push_back(ResourceMount{"/models", "/models"});
#endif
  Result<Value> parsed = parse_options_document(text, "runtime options");
  if (!parsed) return parsed.take_error();
  const Map* map = parsed->as_map();
  for (const Map::Entry& entry : *map) {
    const std::string& key = entry.first;
    const Value& value = entry.second;
    if (key == "base_dir") {
      const std::string* dir = value.as_string();
      if (dir == nullptr || dir->empty())
        return option_key_error(key, "base_dir must be a non-empty string");
      options.base_dir = *dir;
    } else if (key == "mounts") {
      const Map* mounts = value.as_map();
      if (mounts == nullptr)
        return option_key_error(key, "mounts must be an object of prefix -> directory");
      options.mounts.clear();
      for (const Map::Entry& mount : *mounts) {
        const std::string* directory = mount.second.as_string();
        bool prefix_ok = mount.first.size() > 1 && mount.first[0] == '/' &&
                         mount.first.back() != '/' && mount.first.find("/..") == std::string::npos;
        if (!prefix_ok || directory == nullptr || directory->empty() || (*directory)[0] != '/') {
          return invalid_input(errc::invalid_option,
                               "mounts map an absolute prefix such as \"/models\" to an absolute "
                               "directory",
                               JsonPath("$").key(key).key(mount.first).str());
        }
        options.mounts.push_back(ResourceMount{mount.first, *directory});
      }
    } else if (key == "recursion_limit") {
      const std::int64_t* n = value.as_int();
      if (n == nullptr || *n < 50 || *n > 100000) {
        return option_key_error(key, "recursion_limit must be a whole number in 50..100000");
      }
      options.recursion_limit = static_cast<int>(*n);
    } else if (key == "max_memory_bytes") {
#ifdef __wasi__
      const std::int64_t* n = value.as_int();
      if (n == nullptr || (*n != 0 && *n < static_cast<std::int64_t>(kMinMemoryBytes))) {
        return option_key_error(key,
                                "max_memory_bytes must be 0 (no cap) or a whole number of at "
                                "least " +
                                    std::to_string(kMinMemoryBytes));
      }
      parsed_options.max_memory_bytes = static_cast<std::uint64_t>(*n);
#else
      return option_key_error(key,
                              "max_memory_bytes caps a wasm instance's memory; a native "
                              "library cannot cap its host process (limit the process)");
#endif
    } else if (key == "start_python") {
      const bool* eager = value.as_bool();
      if (eager == nullptr) return option_key_error(key, "start_python must be true or false");
      options.start_python = *eager;
    } else if (key == "module_search_paths") {
      const List* paths = value.as_list();
      if (paths == nullptr || paths->empty() || paths->size() > 16) {
        return option_key_error(key, "module_search_paths must be a list of 1 to 16 paths");
      }
      for (const Value& path : *paths) {
        const std::string* item = path.as_string();
        if (item == nullptr || item->empty() || (*item)[0] != '/') {
          return option_key_error(key, "module_search_paths must hold absolute paths");
        }
        options.module_search_paths.push_back(*item);
      }
    } else {
      // Limits and metrics are options of each call (rm_run, rm_pipeline_create) since ABI 2.
      return option_key_error(
          key, "unknown runtime option '" + key +
                   "' (known: base_dir, recursion_limit, module_search_paths, mounts, "
                   "max_memory_bytes, start_python; limits and metrics are options of each "
                   "call)");
    }
  }
  return parsed_options;
}

}  // namespace remotemedia::capi
