// pipeline_executor_wasm: the WASI command. Reads a manifest or envelope on stdin, writes the
// same result / error JSON as `remotemedia run` on stdout and the same exit codes.
//
//   pipeline_executor_wasm [--base-dir DIR] [--metrics] [--result-fd N]
//
// --base-dir: guest directory that relative paths in the manifest (Python modules) resolve
// against; the host preopens it. The stdlib is read from /usr/lib/python311.zip (preopen /usr).
// --result-fd: the descriptor the host gave for the result document (default 1, stdout), so that
// a node writing to or closing fd 1 cannot touch the result.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/run_document.h"
#include "entry/read_input.h"
#include "entry/report_output.h"
#include "remotemedia/registry.h"

namespace remotemedia {
namespace {

int main_impl(int argc, char** argv) {
  RunOptions options;
  bool metrics = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--base-dir") == 0 && i + 1 < argc) {
      options.base_dir = argv[++i];
    } else if (std::strcmp(argv[i], "--metrics") == 0) {
      metrics = true;
    } else if (std::strcmp(argv[i], "--result-fd") == 0 && i + 1 < argc) {
      char* end = nullptr;
      long fd = std::strtol(argv[++i], &end, 10);
      if (end == argv[i] || *end != '\0' || fd < 0 || fd > 1024) {
        return write_report(
            report_error(invalid_input("usage_error", "--result-fd needs a descriptor number")),
            false);
      }
      set_result_descriptor(static_cast<int>(fd));
    } else {
      return write_report(
          report_error(invalid_input(
              "usage_error", std::string("unknown argument '") + argv[i] +
                                 "'; usage: pipeline_executor_wasm "
                                 "[--base-dir DIR] [--metrics] [--result-fd N] < manifest")),
          false);
    }
  }
  options.collect_metrics = metrics;

  NodeRegistry registry;
  Status registered = register_builtin_nodes(registry);
  if (!registered) return write_report(report_error(registered.error()), false);
  Result<std::string> text = read_input("-");
  if (!text) return write_report(report_error(text.error()), false);
  return write_report(run_document(*text, registry, options), metrics);
}

}  // namespace
}  // namespace remotemedia

int main(int argc, char** argv) {
  return remotemedia::main_impl(argc, argv);
}
