// The translation unit of the C ABI's two link targets (the wasm reactor, the shared library):
// everything they export lives in c_api.cpp, linked whole from remotemedia_capi. A reactor has no
// main(); its host calls `_initialize` once, then the rm_* functions.
#include "remotemedia/c_api.h"

// Keeps the archive member with the ABI in the link even where nothing else references it.
extern "C" RM_API uint32_t rm_abi_version(void);
[[maybe_unused]] static uint32_t (*const kAbiAnchor)(void) = &rm_abi_version;
