// The .rmpkg commands of the native CLI (docs/rmpkg.md): pack, inspect, verify, keygen, and
// `run BUNDLE.rmpkg`, which verifies, extracts into a private temp dir and runs the bundle's
// pipeline natively or in the wasm module.
#pragma once

#include <string>
#include <vector>

#include "remotemedia/runtime.h"

namespace remotemedia {

int pack_command(Runtime& runtime, const std::vector<std::string>& args);
int inspect_command(const std::vector<std::string>& args);
int verify_command(const std::vector<std::string>& args);
int keygen_command(const std::vector<std::string>& args);

// True when `run`'s arguments name a .rmpkg file (then run_bundle_command handles them).
bool names_bundle(const std::vector<std::string>& args);
// `run BUNDLE.rmpkg` (or `validate BUNDLE.rmpkg`): verify, extract into a private directory,
// run under the supervisor, remove the directory on every path.
int run_bundle_command(Runtime& runtime, const std::vector<std::string>& args, bool validate_only);

}  // namespace remotemedia
