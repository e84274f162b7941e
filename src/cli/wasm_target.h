// `remotemedia run --target wasm`: runs the same document through pipeline_executor_wasm.wasm
// under Node (remotemedia-wasi-host.mjs on @bjorn3/browser_wasi_shim), so a user never types a
// WASI invocation.
#pragma once

#include <string>

namespace remotemedia {

// Replaces this process with `node ... remotemedia-wasi-host.mjs ...` (stdout, stderr and exit
// code are then the module's). Returns only on failure, after writing the error report; the
// return value is the exit code. Overrides: REMOTEMEDIA_NODE (the node binary),
// REMOTEMEDIA_WASM_MODULE (the .wasm), REMOTEMEDIA_WASI_USR (the tree preopened as /usr).
int exec_wasm_target(const std::string& input_path, bool metrics);

}  // namespace remotemedia
