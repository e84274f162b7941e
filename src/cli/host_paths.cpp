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

std::string default_wasm_module() {
  return env_or("REMOTEMEDIA_WASM_MODULE", executable_dir() + "/remotemedia_runtime.wasm");
}

std::string default_models_dir() {
  const std::string dir = env_or("REMOTEMEDIA_MODELS", "/usr/share/pocketsphinx/model");
  struct stat info {};
  return ::stat(dir.c_str(), &info) == 0 && S_ISDIR(info.st_mode) ? dir : "";
}

std::string default_wasi_usr() {
  return env_or("REMOTEMEDIA_WASI_USR", executable_dir() + "/../wasi-deps/usr");
}

}  // namespace remotemedia
