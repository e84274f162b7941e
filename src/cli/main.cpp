// remotemedia: the native command line. Parses arguments, moves bytes between files/streams and
// the runtime (remotemedia/runtime.h); holds no pipeline logic of its own.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/command_help.h"
#include "cli/command_support.h"
#include "cli/encode_command.h"
#include "cli/nodes_table.h"
#include "cli/pack_commands.h"
#include "cli/run_command.h"
#include "core/json_writer.h"
#include "core/node_catalog.h"
#include "entry/report_output.h"
#include "remotemedia/runtime.h"

#ifndef REMOTEMEDIA_VERSION
#error "REMOTEMEDIA_VERSION must be defined by the build"
#endif

namespace remotemedia {
namespace {

constexpr const char* kUsage =
    "usage: remotemedia <command> [options]\n"
    "\n"
    "commands:\n"
    "  run [FILE|-] [RUN FLAGS]   run a manifest or {\"manifest\", \"input_data\"} envelope\n"
    "                             (default: standard input); result JSON on stdout\n"
    "  run BUNDLE.rmpkg [--pubkey FILE] [RUN FLAGS]\n"
    "                             verify a bundle, extract it privately and run its pipeline\n"
    "  validate [FILE|-] [RUN FLAGS], validate BUNDLE.rmpkg [--pubkey FILE] [RUN FLAGS]\n"
    "                             build the pipeline without running any node (imports\n"
    "                             Python modules: use --target wasm for untrusted ones)\n"
    "  pack MANIFEST -o OUT.rmpkg [--with-runtime] [--stdlib full|minimal] [--sign KEYFILE]\n"
    "                             [--target native|wasm] [--models DIR] [--include FILE]\n"
    "                             [--force]  bundle a pipeline (models/ from DIR, FILE too)\n"
    "  inspect BUNDLE [--json]    list a bundle's package data and files\n"
    "  verify BUNDLE [--pubkey FILE]\n"
    "                             check hashes (and the signature, given a public key)\n"
    "  keygen -o PREFIX           write an Ed25519 keypair: PREFIX.key and PREFIX.pub\n"
    "  encode FILE...             WAV/FLAC/MP3 and .npy files as JSON input items (run --input)\n"
    "  nodes [--json|--table]     node types, their params and ports (a table on a terminal)\n"
    "  help [COMMAND], --help     show this help, or a command's (also: COMMAND --help)\n"
    "  --version                  print the version\n"
    "\n"
    "run flags: --target native|wasm  --pretty  --input FILE  --tap NODE  --verbose  --metrics\n"
    "           --timeout SECONDS  --base-dir DIR\n"
    "           --progress / --no-progress (default: on when stderr is a terminal)\n"
    "           --models DIR (shown as /models; default: /usr/share/pocketsphinx/model)\n"
    "           --max-input-bytes N (256 MiB)  --max-output-items N (5000000)\n"
    "           --max-output-bytes N (256 MiB)  --max-memory-bytes N (physical memory; 0: none)\n"
    "\n"
    "exit codes: 0 success, 1 a node failed while running, 2 invalid input or usage\n"
    "docs: docs/cli.md, docs/manifest.md, docs/errors.md, docs/rmpkg.md\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "%s", kUsage);
  return command_usage_error(message);
}

// A descriptor among 0, 1, 2 that is closed at start would be handed out by the next open() or
// pipe() (and the result could land in a pipe or a file by accident): each closed one is pointed
// at /dev/null. A closed stdout must still be reported when the document is written, so the
// result descriptor becomes -1 (EBADF) in that case.
void guard_standard_descriptors() {
  bool stdout_closed = false;
  for (int fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) >= 0) continue;
    if (fd == 1) stdout_closed = true;
    int null_fd = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (null_fd >= 0 && null_fd != fd) {
      dup2(null_fd, fd);
      close(null_fd);
    }
  }
  if (stdout_closed) set_result_descriptor(-1);
}

int main_impl(int argc, char** argv) {
  guard_standard_descriptors();
  // Every write is checked (EPIPE is reported like ENOSPC): the same on both targets.
  signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("no command given");
  std::string command = args.front();
  args.erase(args.begin());

  if (command == "--help" || command == "-h" || (command == "help" && args.empty())) {
    return print_text(kUsage);
  }
  if (command == "help") {
    const char* help = command_help(args.front());
    if (help == nullptr || args.size() > 1)
      return usage_error("no such command: 'help " + args.front() + "'");
    return print_text(help);
  }
  if (const char* help = command_help(command); help != nullptr && asks_for_help(args)) {
    return print_text(help);
  }
  if (command == "--version") {
    return print_text(std::string("remotemedia ") + REMOTEMEDIA_VERSION);
  }

  // Python starts at the first Python node, so a C++-only run never pays for it.
  Result<std::unique_ptr<Runtime>> made = Runtime::create(RuntimeConfig{});
  if (!made) return command_failure(made.error());
  Runtime& runtime = **made;

  if ((command == "run" || command == "validate") && names_bundle(args)) {
    return run_bundle_command(runtime, args, command == "validate");
  }
  if (command == "run") return run_or_validate(runtime, args, false);
  if (command == "pack") return pack_command(runtime, args);
  if (command == "inspect") return inspect_command(args);
  if (command == "verify") return verify_command(args);
  if (command == "keygen") return keygen_command(args);
  if (command == "encode") return encode_command(args);
  if (command == "validate") return run_or_validate(runtime, args, true);
  if (command == "nodes") {
    bool table = isatty(STDOUT_FILENO) == 1;
    for (const std::string& arg : args) {
      if (arg != "--json" && arg != "--table")
        return usage_error("'nodes' takes --json or --table");
      table = arg == "--table";
    }
    const Value catalog = node_catalog(runtime.registry());
    return table ? print_text(nodes_table(catalog)) : print_text(to_json(catalog));
  }
  return usage_error("unknown command '" + command + "'");
}

}  // namespace
}  // namespace remotemedia

int main(int argc, char** argv) {
  return remotemedia::main_impl(argc, argv);
}
