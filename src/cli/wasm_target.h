// `remotemedia run|validate --target wasm`: the wasm child of the supervisor. It runs the runtime
// reactor (remotemedia_runtime.wasm) under Node through @remotemedia/runtime, with the script
// build/bin/remotemedia-wasm-child.mjs (source src/cli/wasm_child.mjs; docs/wasm.md):
//
//   node --no-warnings --no-turbo-fast-api-calls remotemedia-wasm-child.mjs --module M.wasm
//        --stdlib ZIP --pipeline-dir DIR --result-fd N CHILD_ARGS < document
//
// The document reaches the child on its stdin (the supervisor feeds it), so both targets read
// input through the same capped C++ reader. Overrides: REMOTEMEDIA_NODE (the node binary),
// REMOTEMEDIA_WASM_MODULE (the .wasm), REMOTEMEDIA_WASI_USR (the tree holding lib/python311.zip).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "remotemedia/status.h"

namespace remotemedia {

struct WasmLaunch {
  std::string module;
  std::string usr;
  std::string pipeline_dir;
  std::vector<std::string> child_args;  // limit flags, --metrics, --validate
};

// In the parent, before forking: the child script, the stdlib zip and the module exist
// (`wasm_target_unavailable`, exit 2), and the module is a WebAssembly binary
// (`invalid_runtime_module`, exit 2).
Status check_wasm_target(const WasmLaunch& launch);

// The first bytes of a WebAssembly binary module: "\0asm" and version 1. The full structural
// check (sections, sizes) is pkg's wasm module check; this is the cheap gate before a host starts.
// Hook: once src/pkg/wasm_module_check is merged, check_wasm_target calls it here.
Status check_wasm_module_header(const std::string& path);

// In the child: execs Node with the child script's arguments and `result_fd` as --result-fd.
// Returns only when the exec failed, after writing a `wasm_target_unavailable` document to the
// result descriptor; the return value is the exit code.
int exec_wasm_host(const WasmLaunch& launch, int result_fd);

}  // namespace remotemedia
