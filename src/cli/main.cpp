// remotemedia: the native command line. Parses arguments, moves bytes between files/streams and
// run_document(); holds no pipeline logic of its own.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/pack_commands.h"
#include "cli/wasm_target.h"
#include "core/json_writer.h"
#include "core/node_catalog.h"
#include "core/run_document.h"
#include "entry/read_input.h"
#include "entry/report_output.h"
#include "remotemedia/registry.h"

#ifndef REMOTEMEDIA_VERSION
#error "REMOTEMEDIA_VERSION must be defined by the build"
#endif

namespace remotemedia {
namespace {

constexpr const char* kUsage =
    "usage: remotemedia <command> [options]\n"
    "\n"
    "commands:\n"
    "  run [FILE|-] [--metrics] [--target native|wasm]\n"
    "                             run a manifest or {\"manifest\", \"input_data\"} envelope\n"
    "                             (default: standard input); result JSON on stdout;\n"
    "                             --target wasm runs it in pipeline_executor_wasm.wasm under Node\n"
    "  run BUNDLE.rmpkg [--target native|wasm] [--pubkey FILE] [--metrics]\n"
    "                             verify a bundle, extract it privately and run its pipeline\n"
    "  validate [FILE|-]          check a manifest without running any node\n"
    "  pack MANIFEST -o OUT.rmpkg [--with-runtime] [--stdlib full|minimal] [--sign KEYFILE]\n"
    "                             [--target native|wasm32-wasi]  bundle a pipeline\n"
    "  inspect BUNDLE [--json]    list a bundle's package data and files\n"
    "  verify BUNDLE [--pubkey FILE]\n"
    "                             check hashes (and the signature, given a public key)\n"
    "  keygen -o PREFIX           write an Ed25519 keypair: PREFIX.key and PREFIX.pub\n"
    "  nodes                      list node types and their params as JSON\n"
    "  help, --help               show this help\n"
    "  --version                  print the version\n"
    "\n"
    "exit codes: 0 success, 1 a node failed while running, 2 invalid input or usage\n"
    "docs: docs/cli.md, docs/manifest.md, docs/errors.md, docs/rmpkg.md\n";

int emit(const RunReport& report) {
  return write_report(report, false);
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "%s", kUsage);
  return emit(report_error(invalid_input("usage_error", message)));
}

struct DocumentArgs {
  std::string path = "-";
  bool metrics = false;
  bool wasm = false;
};

// Parses `[FILE|-]`, plus `[--metrics] [--target native|wasm]` for run; returns false with
// `error` set on anything else.
bool parse_document_args(const std::vector<std::string>& args, bool is_run, DocumentArgs* out,
                         std::string* error) {
  bool have_path = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (is_run && arg == "--metrics") {
      out->metrics = true;
    } else if (is_run && arg == "--target") {
      std::string target = i + 1 < args.size() ? args[++i] : "";
      if (target != "native" && target != "wasm") {
        *error = "--target must be 'native' or 'wasm'";
        return false;
      }
      out->wasm = target == "wasm";
    } else if (arg.size() > 1 && arg[0] == '-') {
      *error = "unknown option '" + arg + "'";
      return false;
    } else if (have_path) {
      *error = "more than one input file given ('" + out->path + "' and '" + arg + "')";
      return false;
    } else {
      out->path = arg;
      have_path = true;
    }
  }
  return true;
}

int run_or_validate(const NodeRegistry& registry, const std::vector<std::string>& args,
                    bool validate_only) {
  DocumentArgs parsed;
  std::string error;
  if (!parse_document_args(args, !validate_only, &parsed, &error)) return usage_error(error);
  if (parsed.wasm) return exec_wasm_target(parsed.path, parsed.metrics);
  Result<std::string> text = read_input(parsed.path);
  if (!text) return emit(report_error(text.error()));
  RunOptions options;
  options.base_dir = directory_of(parsed.path);
  options.collect_metrics = parsed.metrics;
  options.validate_only = validate_only;
  return write_report(run_document(*text, registry, options), parsed.metrics);
}

int main_impl(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("no command given");
  std::string command = args.front();
  args.erase(args.begin());

  if (command == "--help" || command == "-h" || command == "help") {
    std::fprintf(stdout, "%s", kUsage);
    return kExitSuccess;
  }
  if (command == "--version") {
    std::fprintf(stdout, "remotemedia %s\n", REMOTEMEDIA_VERSION);
    return kExitSuccess;
  }

  NodeRegistry registry;
  Status registered = register_builtin_nodes(registry);
  if (!registered) return emit(report_error(registered.error()));

  if (command == "run" && names_bundle(args)) return run_bundle_command(registry, args);
  if (command == "run") return run_or_validate(registry, args, false);
  if (command == "pack") return pack_command(registry, args);
  if (command == "inspect") return inspect_command(args);
  if (command == "verify") return verify_command(args);
  if (command == "keygen") return keygen_command(args);
  if (command == "validate") return run_or_validate(registry, args, true);
  if (command == "nodes") {
    if (!args.empty()) return usage_error("'nodes' takes no arguments");
    write_stdout_line(to_json(node_catalog(registry)));
    return kExitSuccess;
  }
  return usage_error("unknown command '" + command + "'");
}

}  // namespace
}  // namespace remotemedia

int main(int argc, char** argv) {
  return remotemedia::main_impl(argc, argv);
}
