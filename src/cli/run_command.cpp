#include "cli/run_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "cli/command_support.h"
#include "cli/host_paths.h"
#include "cli/input_file.h"
#include "cli/supervisor.h"
#include "cli/tap_sinks.h"
#include "cli/wasm_target.h"
#include "core/json_reader.h"
#include "entry/last_resort.h"
#include "entry/pretty_json.h"
#include "entry/read_input.h"
#include "entry/report_output.h"

namespace remotemedia {
namespace {

std::uint64_t physical_memory_bytes() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

bool parse_seconds(const std::string& text, double* out) {
  if (text.empty() || text.size() > 20) return false;
  for (char c : text) {
    if ((c < '0' || c > '9') && c != '.') return false;
  }
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(value) || value < 0 || value > 1e7) {
    return false;
  }
  *out = value;
  return true;
}

// "remotemedia: asr 45%" on stderr each time a node's progress reaches another whole percent.
void print_progress(const std::string& node_id, std::uint64_t done, std::uint64_t total) {
  static std::string last_node;
  static std::uint64_t last_percent = 101;
  if (total == 0) return;
  const std::uint64_t percent = done >= total ? 100 : done * 100 / total;
  if (node_id == last_node && percent == last_percent) return;
  last_node = node_id;
  last_percent = percent;
  std::fprintf(stderr, "remotemedia: %s %u%%\n", node_id.c_str(), static_cast<unsigned>(percent));
}

// The native child: runs the document in-process and writes its report to the result fd.
int native_child(Runtime& runtime, const std::string& document, const std::string& base_dir,
                 const RunSettings& settings, bool validate_only) {
  install_last_resort_handlers();
  CallOptions options = settings.call;
  options.base_dir = base_dir;
  options.validate = validate_only;
  if (settings.progress) options.progress = print_progress;
  if (!settings.models_dir.empty()) options.mounts.push_back({"/models", settings.models_dir});
  return write_report(report_of(runtime.run(document, options), options), options.metrics);
}

}  // namespace

RunSettings default_run_settings() {
  RunSettings settings;
  settings.max_memory_bytes = physical_memory_bytes();
  settings.progress = isatty(STDERR_FILENO) == 1;
  settings.models_dir = default_models_dir();
  return settings;
}

FlagParse parse_run_flag(const std::vector<std::string>& args, std::size_t* i,
                         RunSettings* settings, std::string* error) {
  const std::string& arg = args[*i];
  std::string value = *i + 1 < args.size() ? args[*i + 1] : "";
  if (arg == "--metrics") {
    settings->call.metrics = true;
    return FlagParse::kParsed;
  }
  if (arg == "--input") {
    if (*i + 1 >= args.size() || value.empty()) {
      *error = "--input needs a file (a JSON array of items, or JSON lines)";
      return FlagParse::kBad;
    }
    settings->input_file = value;
    *i += 1;
    return FlagParse::kParsed;
  }
  if (arg == "--tap") {
    if (*i + 1 >= args.size() || value.empty()) {
      *error = "--tap needs a node id (or NODE.PORT)";
      return FlagParse::kBad;
    }
    settings->taps.push_back(value);
    *i += 1;
    return FlagParse::kParsed;
  }
  if (arg == "--verbose") {
    settings->verbose = true;
    return FlagParse::kParsed;
  }
  if (arg == "--pretty") {
    settings->pretty = true;
    return FlagParse::kParsed;
  }
  if (arg == "--progress" || arg == "--no-progress") {
    settings->progress = arg == "--progress";
    return FlagParse::kParsed;
  }
  if (arg == "--target") {
    if (value != "native" && value != "wasm") {
      *error = "--target must be 'native' or 'wasm'";
      return FlagParse::kBad;
    }
    settings->target = value;
    settings->wasm = value == "wasm";
    *i += 1;
    return FlagParse::kParsed;
  }
  if (arg == "--timeout") {
    if (!parse_seconds(value, &settings->timeout_seconds)) {
      *error = "--timeout needs a number of seconds (0 for none)";
      return FlagParse::kBad;
    }
    settings->timeout_text = value;
    *i += 1;
    return FlagParse::kParsed;
  }
  if (arg == "--models" || arg == "--base-dir") {
    char resolved[PATH_MAX];
    struct stat info {};
    if (*i + 1 >= args.size() || value.empty()) {
      *error = arg + " needs a directory";
      return FlagParse::kBad;
    }
    if (::realpath(value.c_str(), resolved) == nullptr || ::stat(resolved, &info) != 0 ||
        !S_ISDIR(info.st_mode)) {
      *error = arg + ": '" + value + "' is not a directory";
      return FlagParse::kBad;
    }
    (arg == "--models" ? settings->models_dir : settings->base_dir) = resolved;
    *i += 1;
    return FlagParse::kParsed;
  }
  if (arg == "--max-memory-bytes") {
    if (value == "0") {
      settings->max_memory_bytes = 0;
    } else if (!parse_positive_count(value, &settings->max_memory_bytes)) {
      *error = "--max-memory-bytes needs a whole number (0 for no limit)";
      return FlagParse::kBad;
    } else if (settings->max_memory_bytes < kMinMemoryBytes) {
      *error = "--max-memory-bytes must be 0 (no limit) or at least " +
               std::to_string(kMinMemoryBytes) +
               " (64 MiB): the runtime and its Python need that " + "much to start";
      return FlagParse::kBad;
    }
    *i += 1;
    return FlagParse::kParsed;
  }
  return parse_limit_flag(args, i, &settings->call, error);
}

RunReport supervise_document(Runtime& runtime, const std::string& document,
                             const std::string& base_dir, const RunSettings& settings,
                             bool validate_only, const WasmRuntimeFiles& files) {
  SuperviseOptions options;
  options.timeout_seconds = settings.timeout_seconds;
  options.timeout_text = settings.timeout_text;
  options.wasm = settings.wasm;
  // Whatever the child writes to the result descriptor is held in memory here: bounded by the
  // output limit's JSON (numbers and escapes take more bytes than the items they encode) plus
  // room for graph_info and an error document.
  constexpr std::uint64_t kResultSlack = std::uint64_t{64} << 20;
  std::uint64_t out_bytes = settings.call.max_output_bytes;
  options.max_result_bytes =
      out_bytes > (UINT64_MAX - kResultSlack) / 2 ? UINT64_MAX : 2 * out_bytes + kResultSlack;
  options.result_limit_text = "2 x --max-output-bytes + 64 MiB";
  if (!settings.wasm) {
    options.max_memory_bytes = settings.max_memory_bytes;
    return supervise(options, [&](int) {
      return native_child(runtime, document, base_dir, settings, validate_only);
    });
  }
  WasmLaunch launch;
  launch.module = files.module.empty() ? default_wasm_module() : files.module;
  launch.usr = files.usr.empty() ? default_wasi_usr() : files.usr;
  launch.pipeline_dir = base_dir;
  launch.child_args = limit_flag_args(settings.call);
  // In wasm the cap is the instance's linear memory (wasm32 holds at most 4 GiB anyway).
  if (settings.max_memory_bytes != 0 && settings.max_memory_bytes < (std::uint64_t{4} << 30)) {
    launch.child_args.push_back("--max-memory-bytes");
    launch.child_args.push_back(std::to_string(settings.max_memory_bytes));
  }
  if (settings.call.metrics) launch.child_args.push_back("--metrics");
  if (settings.progress) launch.child_args.push_back("--progress");
  if (!settings.models_dir.empty()) {
    launch.child_args.push_back("--models-dir");
    launch.child_args.push_back(settings.models_dir);
  }
  if (validate_only) launch.child_args.push_back("--validate");
  Status usable = check_wasm_target(launch);
  if (!usable) return report_error(usable.error());
  options.feed_stdin = true;
  options.child_stdin = document;
  return supervise(options, [&](int result_fd) { return exec_wasm_host(launch, result_fd); });
}

Result<std::string> rewrite_document(const std::string& document, const RunSettings& settings) {
  std::string rewritten = document;
  if (!settings.input_file.empty()) {
    Result<std::string> text =
        read_input(settings.input_file, settings.call.max_input_bytes, "--max-input-bytes");
    if (!text) return text.take_error();
    Result<std::string> items = input_items(*text, settings.input_file);
    if (!items) return items.take_error();
    rewritten = with_input_data(rewritten, *items);
  }
  return with_taps(rewritten, settings.taps);
}

void print_verbose_start(const std::string& what, const RunSettings& settings,
                         const std::string& base_dir, bool validate_only) {
  std::fprintf(stderr, "remotemedia: %s %s %s (relative paths from %s; /models: %s)\n",
               validate_only ? "validating" : "running", what.c_str(),
               settings.wasm ? "in the wasm module under Node" : "natively", base_dir.c_str(),
               settings.models_dir.empty() ? "none" : settings.models_dir.c_str());
}

void print_verbose_end(const RunReport& report, double seconds) {
  Result<Value> parsed = parse_json(report.result_json);
  const Map* root = parsed ? parsed->as_map() : nullptr;
  const Value* info = root != nullptr ? root->find("graph_info") : nullptr;
  const Value* order = info != nullptr && info->as_map() != nullptr
                           ? info->as_map()->find("execution_order")
                           : nullptr;
  if (order != nullptr && order->as_list() != nullptr) {
    std::string nodes;
    for (const Value& id : *order->as_list()) {
      if (id.as_string() != nullptr) nodes += (nodes.empty() ? "" : ", ") + *id.as_string();
    }
    std::fprintf(stderr, "remotemedia: nodes in execution order: %s\n", nodes.c_str());
  }
  std::fprintf(stderr, "remotemedia: %s after %.3f s (exit %d)\n",
               report.exit_code == 0 ? "done" : "failed", seconds, report.exit_code);
}

int print_report(const RunReport& report, bool pretty) {
  if (!pretty) return write_report(report, false);
  RunReport indented = report;
  indented.result_json = pretty_json(report.result_json);
  return write_report(indented, false);
}

int run_or_validate(Runtime& runtime, const std::vector<std::string>& args, bool validate_only) {
  RunSettings settings = default_run_settings();
  std::string path = "-";
  bool have_path = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string error;
    FlagParse parsed = parse_run_flag(args, &i, &settings, &error);
    if (parsed == FlagParse::kBad) return command_usage_error(error);
    if (parsed == FlagParse::kParsed) continue;
    const std::string& arg = args[i];
    if (arg.size() > 1 && arg[0] == '-') return command_usage_error("unknown option '" + arg + "'");
    if (have_path) {
      return command_usage_error("more than one input file given ('" + path + "' and '" + arg +
                                 "')");
    }
    path = arg;
    have_path = true;
  }
  // The handlers come first and the read is under --timeout: a FIFO or terminal that never
  // delivers, and a signal meanwhile, end with their documents like a run does.
  install_interrupt_handlers();
  ReadWait wait;
  wait.timeout_seconds = settings.timeout_seconds;
  wait.timeout_text = settings.timeout_text;
  wait.interrupted = [] { return interrupt_signal() != 0; };
  Result<std::string> text =
      read_input(path, settings.call.max_input_bytes, "--max-input-bytes", &wait);
  if (!text && interrupt_signal() != 0) {
    return print_report(interrupted_report(interrupt_signal()), settings.pretty);
  }
  if (!text) return print_report(report_error(text.error()), settings.pretty);
  if (text->compare(0, 4, "PK\x03\x04") == 0) {
    // A bundle under another name: say so, rather than that it is malformed JSON.
    return print_report(
        report_error(invalid_input(errc::invalid_json,
                                   "'" + path +
                                       "' is a ZIP archive, not a JSON document: a .rmpkg bundle "
                                       "runs as a file named *.rmpkg")),
        settings.pretty);
  }
  text = rewrite_document(*text, settings);
  if (!text) return print_report(report_error(text.error()), settings.pretty);
  const std::string base_dir = settings.base_dir.empty() ? directory_of(path) : settings.base_dir;
  if (settings.verbose) {
    print_verbose_start(path == "-" ? "standard input" : path, settings, base_dir, validate_only);
  }
  const auto started = std::chrono::steady_clock::now();
  RunReport report =
      supervise_document(runtime, *text, base_dir, settings, validate_only, WasmRuntimeFiles{});
  if (settings.verbose) {
    print_verbose_end(
        report, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return print_report(report, settings.pretty);
}

}  // namespace remotemedia
