#include "cli/command_help.h"

#include <cstring>

namespace remotemedia {
namespace {

constexpr const char* kRunFlags =
    "run flags (run and validate, both targets):\n"
    "  --target native|wasm     where the document runs (default: native; a bundle: its own)\n"
    "  --models DIR             the directory nodes see as /models (default:\n"
    "                           /usr/share/pocketsphinx/model when it exists)\n"
    "  --pretty                 indent the result document for people\n"
    "  --tap NODE[.PORT]        also show that node's output in the result (as tap:NODE)\n"
    "  --verbose                what runs, where, and how it ended, on stderr\n"
    "  --input FILE             input items from FILE (a JSON array, or JSON lines)\n"
    "  --base-dir DIR           where relative paths resolve (default: the manifest's directory)\n"
    "  --metrics                per-node counters and timings on stderr\n"
    "  --progress, --no-progress  progress lines on stderr (default: when stderr is a terminal)\n"
    "  --timeout SECONDS        wall-clock limit (0: none)\n"
    "  --max-input-bytes N      the largest document read (256 MiB)\n"
    "  --max-output-items N     items held at once (5000000)\n"
    "  --max-output-bytes N     payload bytes held at once (256 MiB)\n"
    "  --max-memory-bytes N     memory cap (physical memory; 0: none)\n";

struct Help {
  const char* command;
  const char* text;
};

constexpr Help kHelp[] = {
    {"run",
     "usage: remotemedia run [FILE|-] [RUN FLAGS]\n"
     "       remotemedia run BUNDLE.rmpkg [--pubkey FILE] [RUN FLAGS]\n"
     "\n"
     "Runs a manifest, or an envelope {\"manifest\": ..., \"input_data\": [...]}, read from FILE\n"
     "or standard input, and prints one result document on stdout:\n"
     "{\"status\": \"success\", \"outputs\": {\"<sink>\": [items...]}, \"graph_info\": {...}}.\n"
     "Relative paths in it (Python modules, audio files) resolve against FILE's directory.\n"
     "A bundle is verified and extracted privately, then run.\n"
     "Exit: 0 success, 1 a node failed while running, 2 invalid input or usage.\n"
     "\n"
     "example: remotemedia run examples/audio/transcribe.json --target wasm --pretty\n"},
    {"validate",
     "usage: remotemedia validate [FILE|-] [RUN FLAGS]\n"
     "       remotemedia validate BUNDLE.rmpkg [--pubkey FILE] [RUN FLAGS]\n"
     "\n"
     "Parses and checks the document and builds every node (Python modules are imported, models\n"
     "loaded) without running any: {\"status\": \"valid\", \"graph_info\": {...}} or the error.\n"
     "Use --target wasm for a manifest you do not trust.\n"
     "\n"
     "example: remotemedia validate examples/calculator.json\n"},
    {"pack",
     "usage: remotemedia pack MANIFEST -o OUT.rmpkg [--with-runtime] [--stdlib full|minimal]\n"
     "                        [--sign KEYFILE] [--target native|wasm] [--models DIR]\n"
     "                        [--include FILE]... [--force]\n"
     "\n"
     "Validates the pipeline and writes a .rmpkg bundle: the manifest, its Python modules, and\n"
     "  --with-runtime      the wasm runtime module and the full stdlib (target wasm32-wasi)\n"
     "  --stdlib minimal    only the stdlib modules the pipeline needs\n"
     "  --sign KEYFILE      an Ed25519 signature (remotemedia keygen makes keys)\n"
     "  --models DIR        every file below DIR as models/ (the bundle's /models)\n"
     "  --include FILE      a data file below the manifest's directory (e.g. its input audio)\n"
     "  --force             replace an existing OUT.rmpkg\n"
     "\n"
     "example: remotemedia pack examples/audio/transcribe.json --models\n"
     "           /usr/share/pocketsphinx/model --include jfk.wav --with-runtime -o t.rmpkg\n"},
    {"inspect",
     "usage: remotemedia inspect BUNDLE [--json] [--pubkey FILE]\n"
     "\n"
     "Prints a bundle's package data, target, signature state and files (sizes, SHA-256).\n"},
    {"verify",
     "usage: remotemedia verify BUNDLE [--pubkey FILE]\n"
     "\n"
     "Checks every file's SHA-256 and, given the signer's public key, the signature.\n"},
    {"keygen",
     "usage: remotemedia keygen -o PREFIX\n"
     "\n"
     "Writes an Ed25519 keypair: PREFIX.key (secret, for pack --sign) and PREFIX.pub.\n"},
    {"encode",
     "usage: remotemedia encode FILE...\n"
     "\n"
     "Prints a JSON array with one input item per FILE, in the runtime's wire forms: a WAV, FLAC\n"
     "or MP3 file as audio (its own rate and channels), a .npy file as a tensor. The array is\n"
     "what run --input takes.\n"
     "\n"
     "example: remotemedia encode speech.wav > items.json\n"
     "         remotemedia run pipeline.json --input items.json\n"},
    {"nodes",
     "usage: remotemedia nodes [--json | --table]\n"
     "\n"
     "Lists the node types with their params (type, default, meaning) and ports: a table when\n"
     "stdout is a terminal, JSON otherwise (--json and --table choose).\n"},
    {"help",
     "usage: remotemedia help [COMMAND]   (or: remotemedia COMMAND --help)\n"
     "\n"
     "Shows the help of COMMAND, or the list of commands.\n"},
};

}  // namespace

const char* command_help(const std::string& command) {
  static std::string texts[sizeof kHelp / sizeof kHelp[0]];
  for (std::size_t i = 0; i < sizeof kHelp / sizeof kHelp[0]; ++i) {
    if (command != kHelp[i].command) continue;
    if (texts[i].empty()) {
      texts[i] = kHelp[i].text;
      if (command == "run" || command == "validate") texts[i] += std::string("\n") + kRunFlags;
    }
    return texts[i].c_str();
  }
  return nullptr;
}

bool asks_for_help(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") return true;
  }
  return false;
}

}  // namespace remotemedia
