#include "cli/host_paths.h"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>

#include "entry/read_input.h"

namespace remotemedia {

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

std::string executable_dir() {
  char path[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return ".";
  path[n] = '\0';
  return directory_of(path);
}

std::string installed_or_built(const std::string& built, const std::string& installed) {
  return ::access(built.c_str(), F_OK) == 0 || ::access(installed.c_str(), F_OK) != 0 ? built
                                                                                      : installed;
}

std::string default_wasm_module() {
  const std::string dir = executable_dir();
  return env_or("REMOTEMEDIA_WASM_MODULE",
                installed_or_built(dir + "/remotemedia_runtime.wasm",
                                   dir + "/../share/remotemedia/remotemedia_runtime.wasm"));
}

std::string default_models_dir() {
  const std::string dir = env_or("REMOTEMEDIA_MODELS", "/usr/share/pocketsphinx/model");
  struct stat info {};
  return ::stat(dir.c_str(), &info) == 0 && S_ISDIR(info.st_mode) ? dir : "";
}

std::string default_wasi_usr() {
  const std::string dir = executable_dir();
  return env_or("REMOTEMEDIA_WASI_USR",
                installed_or_built(dir + "/../wasi-deps/usr", dir + "/../share/remotemedia/usr"));
}

}  // namespace remotemedia
