// `remotemedia run` and `validate` for documents (manifests, envelopes) and the run half of
// `run BUNDLE.rmpkg`: argument parsing for the run flags, and handing the document to the
// supervisor (supervisor.h) with a native or wasm child.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "entry/report_output.h"
#include "entry/run_flags.h"
#include "remotemedia/runtime.h"

namespace remotemedia {

struct RunSettings {
  bool wasm = false;
  std::string target;  // "" (not given), "native" or "wasm"
  // Limits and metrics for the run, named as the CLI spells them.
  CallOptions call = cli_call_options();
  double timeout_seconds = 0;  // 0: none
  std::string timeout_text;
  // Native child's address-space limit; default: the machine's physical memory. 0: none.
  std::uint64_t max_memory_bytes = 0;
  // Progress lines on stderr (both targets): default when stderr is a terminal; --progress
  // forces them, --no-progress stops them.
  bool progress = false;
  // The host directory nodes see as /models, on both targets (--models); "": none natively, an
  // empty one in wasm. Absolute.
  std::string models_dir;
  // The result document indented for people (--pretty); the same content either way.
  bool pretty = false;
  // --input FILE: the run's input items (a JSON array or JSON lines) replace input_data.
  std::string input_file;
  // --tap NODE[.PORT], repeatable: that output shown in the result too (tap_sinks.h).
  std::vector<std::string> taps;
  // --verbose: what runs, where, and how it ended, on stderr.
  bool verbose = false;
  // --base-dir DIR: where relative paths resolve (and the wasm guest's /pipeline), instead of the
  // manifest's directory. Absolute; manifests only.
  std::string base_dir;
};

RunSettings default_run_settings();

// Parses args[*i] when it is --metrics, --progress, --no-progress, --target, --timeout,
// --max-memory-bytes, --models, --pretty, --input, --base-dir, --tap, --verbose or a limit flag
// (run_flags.h); see parse_limit_flag for the contract.
FlagParse parse_run_flag(const std::vector<std::string>& args, std::size_t* i,
                         RunSettings* settings, std::string* error);

// Where the wasm child finds its runtime: empty fields mean the defaults (host_paths.h).
struct WasmRuntimeFiles {
  std::string module;
  std::string usr;
};

// Runs (or validates) `document` under the supervisor: natively in a forked child, or in the
// wasm module through the Node host (`files` overrides its module and /usr). `base_dir` is
// where relative paths resolve (the guest's /pipeline). Returns the document to print.
RunReport supervise_document(Runtime& runtime, const std::string& document,
                             const std::string& base_dir, const RunSettings& settings,
                             bool validate_only, const WasmRuntimeFiles& files);

// Writes the report to the real stdout (checked) and returns the exit code.
// Prints the report's document (indented when `pretty`: --pretty) and returns its exit code.
int print_report(const RunReport& report, bool pretty = false);

// `document` as the flags rewrite it: the items of --input as its input_data, and a sink for
// each --tap; unchanged without them. Errors: reading or parsing the input file (capped by
// --max-input-bytes), a tap naming no node.
Result<std::string> rewrite_document(const std::string& document, const RunSettings& settings);

// --verbose: before a run, what runs where; after it, the nodes in execution order and the end.
void print_verbose_start(const std::string& what, const RunSettings& settings,
                         const std::string& base_dir, bool validate_only);
void print_verbose_end(const RunReport& report, double seconds);

int run_or_validate(Runtime& runtime, const std::vector<std::string>& args, bool validate_only);

}  // namespace remotemedia
