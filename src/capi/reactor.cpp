// The translation unit of the C ABI's two link targets (the wasm reactor, the shared library):
// everything they export lives in c_api.cpp, linked whole from remotemedia_capi. A reactor has no
// main(); its host calls `_initialize` once, then the rm_* functions.
#include "remotemedia/c_api.h"

// Keeps the archive member with the ABI in the link even where nothing else references it.
extern "C" RM_API uint32_t rm_abi_version(void);
[[maybe_unused]] static uint32_t (*const kAbiAnchor)(void) = &rm_abi_version;

#if defined(__wasi__)
// The reactor's progress channel to its host (docs/c_api.md#progress): the host provides the
// import remotemedia.progress, with rm_progress_callback's parameters (node_id points into linear
// memory and is valid during the call only), and passes rm_host_progress_callback() to
// rm_runtime_set_progress_callback. A host that never does so still must provide the import.
extern "C" __attribute__((import_module("remotemedia"), import_name("progress"))) void
rm_host_progress(void* user_data, const char* node_id, size_t node_id_len, uint64_t done,
                 uint64_t total);

extern "C" __attribute__((export_name("rm_host_progress_callback"))) rm_progress_callback
rm_host_progress_callback(void) {
  return &rm_host_progress;
}
#endif
