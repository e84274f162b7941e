// pipeline_executor_wasm: the WASI command. Reads a manifest or envelope on stdin, writes the
// same result / error JSON as `remotemedia run` and the same exit codes.
//
//   pipeline_executor_wasm [--base-dir DIR] [--metrics] [--validate] [--result-fd N]
//                          [--max-input-bytes N] [--max-output-items N] [--max-output-bytes N]
//
// --base-dir: guest directory that relative paths in the manifest (Python modules) resolve
// against; the host preopens it. The stdlib is read from /usr/lib/python311.zip (preopen /usr).
// --result-fd: the descriptor the host gave for the result document (default 1, stdout, so
// wasmtime / wasmer users get it there), so that a node writing to or closing fd 1 cannot touch
// the result. --validate: stop after building the pipeline (`remotemedia validate`). The limit
// flags are the CLI's (src/entry/run_flags.h), with the same defaults.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "entry/last_resort.h"
#include "entry/read_input.h"
#include "entry/report_output.h"
#include "entry/run_flags.h"
#include "remotemedia/runtime.h"

namespace remotemedia {
namespace {

int usage(const std::string& message) {
  return write_report(report_error(invalid_input(
                          errc::usage_error,
                          message + "; usage: pipeline_executor_wasm [--base-dir DIR] [--metrics] "
                                    "[--validate] [--result-fd N] [--max-input-bytes N] "
                                    "[--max-output-items N] [--max-output-bytes N] < manifest")),
                      false);
}

int main_impl(int argc, char** argv) {
  install_last_resort_handlers();
  CallOptions options = cli_call_options();
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string error;
    FlagParse parsed = parse_limit_flag(args, &i, &options, &error);
    if (parsed == FlagParse::kBad) return usage(error);
    if (parsed == FlagParse::kParsed) continue;
    if (args[i] == "--base-dir" && i + 1 < args.size()) {
      options.base_dir = args[++i];
    } else if (args[i] == "--metrics") {
      options.metrics = true;
    } else if (args[i] == "--validate") {
      options.validate = true;
    } else if (args[i] == "--result-fd" && i + 1 < args.size()) {
      char* end = nullptr;
      const char* text = args[++i].c_str();
      long fd = std::strtol(text, &end, 10);
      if (end == text || *end != '\0' || fd < 0 || fd > 1024) {
        return usage("--result-fd needs a descriptor number");
      }
      set_result_descriptor(static_cast<int>(fd));
    } else {
      return usage("unknown argument '" + args[i] + "'");
    }
  }
  Result<std::unique_ptr<Runtime>> runtime = Runtime::create(RuntimeConfig{});
  if (!runtime) return write_report(report_error(runtime.error(), options), false);
  Result<std::string> text = read_input("-", options.max_input_bytes);
  if (!text) return write_report(report_error(text.error(), options), false);
  return write_report(report_of((*runtime)->run(*text, options), options), options.metrics);
}

}  // namespace
}  // namespace remotemedia

int main(int argc, char** argv) {
  return remotemedia::main_impl(argc, argv);
}
