// `remotemedia run|validate --target wasm`: the wasm child of the supervisor. It runs
// pipeline_executor_wasm.wasm under Node through build/bin/remotemedia-wasi-host.mjs, whose
// command line is the host contract (docs/wasm.md):
//
//   node --no-warnings --no-turbo-fast-api-calls remotemedia-wasi-host.mjs --module M.wasm
//        --usr DIR --pipeline-dir DIR --result-fd N --max-input-bytes N --input - -- GUEST_ARGS
//
// The document reaches the host on its stdin (the supervisor feeds it), so both targets read
// input through the same capped C++ reader. Overrides: REMOTEMEDIA_NODE (the node binary),
// REMOTEMEDIA_WASM_MODULE (the .wasm), REMOTEMEDIA_WASI_USR (the tree the guest sees as /usr).
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
  std::uint64_t max_input_bytes = 0;
  std::vector<std::string> guest_args;  // after `--`: limit flags, --metrics, --validate
};

// In the parent, before forking: the host script, the /usr stdlib and the module exist
// (`wasm_target_unavailable`, exit 2), and the module is a WebAssembly binary
// (`invalid_runtime_module`, exit 2).
Status check_wasm_target(const WasmLaunch& launch);

// The first bytes of a WebAssembly binary module: "\0asm" and version 1. The full structural
// check (sections, sizes) is pkg's wasm module check; this is the cheap gate before a host starts.
// Hook: once src/pkg/wasm_module_check is merged, check_wasm_target calls it here.
Status check_wasm_module_header(const std::string& path);

// In the child: execs Node with the host contract's arguments and `result_fd` as --result-fd.
// Returns only when the exec failed, after writing a `wasm_target_unavailable` document to the
// result descriptor; the return value is the exit code.
int exec_wasm_host(const WasmLaunch& launch, int result_fd);

}  // namespace remotemedia
