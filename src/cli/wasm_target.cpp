#include "cli/wasm_target.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "entry/read_input.h"
#include "entry/report_output.h"

namespace remotemedia {
namespace {

// Directory of the running executable (build/bin for a built tree).
std::string executable_dir() {
  char path[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return ".";
  path[n] = '\0';
  return directory_of(path);
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

bool readable(const std::string& path) {
  return access(path.c_str(), R_OK) == 0;
}

int fail(Error error) {
  return write_report(report_error(error), false);
}

}  // namespace

int exec_wasm_target(const std::string& input_path, bool metrics) {
  std::string bin = executable_dir();
  std::string module = env_or("REMOTEMEDIA_WASM_MODULE", bin + "/pipeline_executor_wasm.wasm");
  std::string usr = env_or("REMOTEMEDIA_WASI_USR", bin + "/../wasi-deps/usr");
  std::string host = bin + "/remotemedia-wasi-host.mjs";
  std::string node = env_or("REMOTEMEDIA_NODE", "node");

  for (const std::string& needed : {module, usr + "/lib/python311.zip", host}) {
    if (!readable(needed)) {
      return fail(invalid_input("wasm_target_unavailable",
                                "the wasm target is not built: '" + needed +
                                    "' is missing (build it with: scripts/build.sh wasi)"));
    }
  }
  if (input_path != "-" && !readable(input_path)) {
    return fail(
        invalid_input("io_error", "cannot open '" + input_path + "': " + std::strerror(errno)));
  }

  std::vector<std::string> args = {
      node, "--no-warnings", "--no-turbo-fast-api-calls", host, "--module", module, "--usr", usr};
  if (metrics) args.push_back("--metrics");
  args.push_back(input_path);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  execvp(node.c_str(), argv.data());
  return fail(invalid_input("wasm_target_unavailable",
                            "cannot start '" + node + "': " + std::strerror(errno) +
                                " (install Node.js 20 or set REMOTEMEDIA_NODE)"));
}

}  // namespace remotemedia
