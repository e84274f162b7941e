// Where the native CLI finds its companions (the wasm module, its /usr tree) and how it reads
// overrides from the environment.
#pragma once

#include <string>

namespace remotemedia {

// The variable's value, or `fallback` when it is unset or empty.
std::string env_or(const char* name, const std::string& fallback);
// Directory of the running executable (build/bin in a built tree).
std::string executable_dir();
// `built` (the build tree's layout) when it exists or `installed` does not, else `installed` (the
// layout `cmake --install` makes: PREFIX/bin and PREFIX/share/remotemedia).
std::string installed_or_built(const std::string& built, const std::string& installed);
// REMOTEMEDIA_WASM_MODULE, else the runtime reactor remotemedia_runtime.wasm beside the executable
// (a build tree), else in ../share/remotemedia (an installation).
std::string default_wasm_module();
// REMOTEMEDIA_WASI_USR, else build/wasi-deps/usr relative to the executable, else
// ../share/remotemedia/usr: the tree that holds the stdlib, lib/python311.zip.
std::string default_wasi_usr();
// The directory a run shows its nodes as /models (the CLI's --models): REMOTEMEDIA_MODELS, else
// Debian's speech model directory /usr/share/pocketsphinx/model when it exists (the
// pocketsphinx-en-us package: PocketSphinxNode's default model), else "" (no /models natively,
// an empty one in wasm).
std::string default_models_dir();

}  // namespace remotemedia
