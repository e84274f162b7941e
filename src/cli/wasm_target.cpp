#include "cli/wasm_target.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/host_paths.h"
#include "entry/report_output.h"

namespace remotemedia {
namespace {

bool readable(const std::string& path) {
  return access(path.c_str(), R_OK) == 0;
}

std::string child_script() {
  const std::string dir = executable_dir();
  return installed_or_built(dir + "/remotemedia-wasm-child.mjs",
                            dir + "/../share/remotemedia/remotemedia-wasm-child.mjs");
}

std::string stdlib_zip(const WasmLaunch& launch) {
  return launch.usr + "/lib/python311.zip";
}

}  // namespace

Status check_wasm_module_header(const std::string& path) {
  static const unsigned char kHeader[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return invalid_input(errc::invalid_runtime_module,
                         "cannot open the runtime module '" + path + "': " + std::strerror(errno));
  }
  unsigned char header[8] = {};
  std::size_t got = 0;
  while (got < sizeof header) {
    ssize_t n = read(fd, header + got, sizeof header - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  close(fd);
  if (got != sizeof header || std::memcmp(header, kHeader, sizeof header) != 0) {
    return invalid_input(
        errc::invalid_runtime_module,
        "the runtime module '" + path + "' is not a WebAssembly module (version 1)");
  }
  return Status::ok();
}

Status check_wasm_target(const WasmLaunch& launch) {
  for (const std::string& needed : {launch.module, stdlib_zip(launch), child_script()}) {
    if (!readable(needed)) {
      return invalid_input(errc::wasm_target_unavailable,
                           "the wasm target is not built: '" + needed +
                               "' is missing (build it with: scripts/build.sh wasi)");
    }
  }
  return check_wasm_module_header(launch.module);
}

int exec_wasm_host(const WasmLaunch& launch, int result_fd) {
  std::string node = env_or("REMOTEMEDIA_NODE", "node");
  std::vector<std::string> args = {node,
                                   "--no-warnings",
                                   "--no-turbo-fast-api-calls",
                                   child_script(),
                                   "--module",
                                   launch.module,
                                   "--stdlib",
                                   stdlib_zip(launch),
                                   "--pipeline-dir",
                                   launch.pipeline_dir,
                                   "--result-fd",
                                   std::to_string(result_fd)};
  args.insert(args.end(), launch.child_args.begin(), launch.child_args.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // The child inherits the result descriptor.
  int flags = fcntl(result_fd, F_GETFD);
  if (flags >= 0) fcntl(result_fd, F_SETFD, flags & ~FD_CLOEXEC);
  execvp(node.c_str(), argv.data());
  return write_report(
      report_error(invalid_input(errc::wasm_target_unavailable,
                                 "cannot start '" + node + "': " + std::strerror(errno) +
                                     " (install Node.js 20 or set REMOTEMEDIA_NODE)")),
      false);
}

}  // namespace remotemedia
