// A structural check of a WebAssembly module before anything runs it (docs/rmpkg.md): used by
// the bundle reader on modules/remotemedia_runtime.wasm and by `pack` on the module it bundles.
// I/O-free: the module's bytes in, a Status (and the module's C ABI version) out.
#pragma once

#include <string_view>

#include "remotemedia/status.h"

namespace remotemedia::pkg {

// OK when `module` is the binary format, version 1, whose sections each have a known id
// (0 custom ... 12 data count, 13 tag), a length that stays inside the module, a custom
// section's name inside its section, and (non-custom ones) appear at most once and in the
// specification's order; and whose export section exports a function `rm_abi_version` and a
// memory `memory` (the runtime reactor, c_api.h). Otherwise an invalid-input Error with code
// `invalid_runtime_module` whose message names `label` (e.g. the file or entry name) and the
// first defect. This does not validate code: a module that passes may still fail to compile,
// which the host reports with the same code.
// `abi_version` (optional) receives the version the module declares in its custom section
// "remotemedia.abi_version" (decimal text), or 0 when it has none (or a malformed one): hosts use
// a bundled module only when that equals RM_ABI_VERSION.
Status check_wasm_module(std::string_view module, std::string_view label,
                         int* abi_version = nullptr);

}  // namespace remotemedia::pkg
