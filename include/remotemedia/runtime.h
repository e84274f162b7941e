// The runtime: one object that every front door (the native CLI's child, the C ABI of the wasm
// reactor and of libremotemedia.so) runs documents and pipelines through. It owns the node
// registry, the interpreter configuration and the defaults; everything that can differ between
// two calls (limits, metrics, validate-only, the base directory) is a CallOptions, so one runtime
// serves every pipeline of a process or wasm instance.
//
// Front doors only move bytes and map names: exit codes, the human stderr line and the metrics
// document are made from a RunResult by the entry points (src/entry/report_output.h, c_api.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "remotemedia/node.h"
#include "remotemedia/registry.h"
#include "remotemedia/resources.h"
#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

class Pipeline;
struct BuildOptions;

// The default limits of a call (docs/cli.md): the only place they are written.
inline constexpr std::uint64_t kDefaultMaxInputBytes = std::uint64_t{256} << 20;
inline constexpr std::uint64_t kDefaultMaxOutputItems = 5'000'000;
inline constexpr std::uint64_t kDefaultMaxOutputBytes = std::uint64_t{256} << 20;
// The least memory cap a run may be given (the CLI's --max-memory-bytes, the wasm reactor's
// max_memory_bytes): below it the runtime and its Python cannot be relied on to start (natively
// the address space holds the binary and its libraries; about 28 MB were measured to be needed).
inline constexpr std::uint64_t kMinMemoryBytes = std::uint64_t{64} << 20;

// Options of one call, one schema (docs/c_api.md, "Call options"); defaults here and nowhere
// else. Front ends fill it from their own spelling (CLI flags, the JS package's `limits`) through
// set_call_option, so ranges are checked in one place.
struct CallOptions {
  // Directory that relative paths in the manifest (Python module files) resolve against; empty:
  // the runtime's default.
  std::string base_dir;
  // Per-node counters and timings in RunResult (and the front end's metrics document).
  bool metrics = false;
  // Parse, validate and build every node, run none (`remotemedia validate`).
  bool validate = false;
  // Documents larger than this are refused (`input_too_large`).
  std::uint64_t max_input_bytes = kDefaultMaxInputBytes;
  // Items (and their payload bytes) a run may hold at once in node inboxes and sink lists
  // (`output_limit`).
  std::uint64_t max_output_items = kDefaultMaxOutputItems;
  std::uint64_t max_output_bytes = kDefaultMaxOutputBytes;
  // How the caller spells each option, for messages that tell the user which option lifts a
  // limit: {"max_output_items", "--max-output-items"}. An option not listed is named as is.
  std::vector<std::pair<std::string, std::string>> option_names;
  // Progress a node reports during long work (NodeContext::report_progress): its id and `done`
  // of `total` units, called on the running thread. Null: dropped. Not an options-document key.
  std::function<void(const std::string& node_id, std::uint64_t done, std::uint64_t total)> progress;
  // Mounts for this call on top of RuntimeConfig::mounts (one with the same prefix replaces the
  // runtime's): the CLI's --models. Not an options-document key.
  std::vector<ResourceMount> mounts;

  // The caller's name for `option`.
  std::string spelling(std::string_view option) const;
};

// Sets option `name` from `value` (JSON-typed), checking its type and range. Errors are
// `invalid_option` (invalid input) at `json_path`, naming the option in the caller's spelling.
Status set_call_option(CallOptions& options, std::string_view name, const Value& value,
                       const std::string& json_path);

// Parses the options object of one call (empty text: every default). Unknown keys, wrong types and
// values out of range are `invalid_option` at their JSON path.
Result<CallOptions> parse_call_options(std::string_view text);

// What a run reports, besides its document.
struct RunMetrics {
  double parse_ms = 0;
  double build_ms = 0;
  double run_ms = 0;
  // Objects the build made from resources (a loaded model), and those it found already made by
  // an earlier pipeline of the same runtime (ResourceCache::ObjectCounts).
  std::uint64_t resources_built = 0;
  std::uint64_t resources_reused = 0;
  std::vector<NodeMetrics> nodes;  // execution order; empty unless CallOptions::metrics
};

struct RunResult {
  // Exactly one JSON document, no trailing newline: {"status": "success" | "valid", ...} or the
  // error document {"status": "error", "error": {...}}.
  std::string document;
  // Set when the document is an error document; its category gives the exit code.
  bool failed = false;
  Error error;
  RunMetrics metrics;
};

// `error`'s message completed with the option that lifts a limit (Error::option) in the caller's
// spelling: "... at once (--max-output-items)".
std::string error_message(const Error& error, const CallOptions& options);
// The result document of `error`, with error_message() as its message.
std::string error_document(const Error& error, const CallOptions& options);
// The same error as a RunResult.
RunResult error_result(Error error, const CallOptions& options);

// The runtime's own configuration: what cannot change from one call to the next.
struct RuntimeConfig {
  // CallOptions::base_dir when a call gives none.
  std::string base_dir = ".";
  // Start the embedded Python when the runtime is made (the C ABI: a long-lived runtime pays it
  // once, up front) rather than at the first Python node (the CLI: a C++-only run never pays it).
  bool start_python = false;
  // Python's recursion limit; 0: the build's default. Python starts once per process: a later
  // runtime asking for another value gets `python_already_started`.
  int recursion_limit = 0;
  // Where Python finds the stdlib, in order; empty: the build's default.
  std::vector<std::string> module_search_paths;
  // Absolute resource paths nodes may name ("/models/tiny.bin"): prefix -> directory.
  std::vector<ResourceMount> mounts;
};

class Runtime {
 public:
  // Registers the built-in node families and configures (and with start_python, starts) Python.
  static Result<std::unique_ptr<Runtime>> create(const RuntimeConfig& config);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  const RuntimeConfig& config() const { return config_; }
  const NodeRegistry& registry() const { return registry_; }
  // Adds a node type of the embedder's own to the built-in ones (`duplicate_node_type` when the
  // name is taken), for every later pipeline.
  Status add_node_type(NodeTypeSpec spec) { return registry_.add(std::move(spec)); }

  // Runs one document (a manifest, or {"manifest", "input_data"}): parse, validate, build, then
  // push every input item, flush and collect the sinks. Never fails as a call: every failure is in
  // the result. Not const: what its nodes load stays in the runtime's resource cache.
  RunResult run(std::string_view document, const CallOptions& options);

  // Parses, validates, builds and opens a pipeline from a manifest (or an envelope without
  // input_data) for streaming. The pipeline must be freed before the runtime.
  Result<std::unique_ptr<Pipeline>> open_pipeline(std::string_view manifest,
                                                  const CallOptions& options);

  // Registers `bytes` (shared, never written) as the resource "resource:<name>" for every later
  // pipeline (resources.h); a pipeline built earlier keeps what it loaded.
  Status add_resource(std::string name, Buffer bytes) {
    return cache_.add(std::move(name), std::move(bytes));
  }
  ResourceCache& resource_cache() { return cache_; }

 private:
  Runtime() = default;
  // How pipelines of a call are built: limits, metrics, and a resource loader for the call's
  // directory.
  BuildOptions build_options(const CallOptions& options);

  RuntimeConfig config_;
  NodeRegistry registry_;
  ResourceCache cache_;
};

}  // namespace remotemedia
