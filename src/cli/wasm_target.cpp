#include "cli/wasm_target.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "cli/host_paths.h"
#include "entry/read_input.h"
#include "entry/report_output.h"

namespace remotemedia {
namespace {

bool readable(const std::string& path) {
  return access(path.c_str(), R_OK) == 0;
}

int fail(Error error) {
  return write_report(report_error(error), false);
}

}  // namespace

int exec_wasm_target(const std::string& input_path, bool metrics) {
  std::string module = default_wasm_module();
  std::string usr = default_wasi_usr();
  std::string host = executable_dir() + "/remotemedia-wasi-host.mjs";
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

  // The host's contract (docs/wasm.md): it reads the input itself and writes the one result
  // document to --result-fd; arguments after "--" go to the guest.
  std::vector<std::string> args = {node,
                                   "--no-warnings",
                                   "--no-turbo-fast-api-calls",
                                   host,
                                   "--module",
                                   module,
                                   "--usr",
                                   usr,
                                   "--result-fd",
                                   "1",
                                   "--input",
                                   input_path,
                                   "--"};
  if (metrics) args.push_back("--metrics");
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
