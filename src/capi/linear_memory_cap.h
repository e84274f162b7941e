// The wasm reactor's memory cap (runtime option `max_memory_bytes`, docs/c_api.md): the instance's
// linear memory does not grow past it. wasi-libc's malloc takes memory only through sbrk(), which
// the build wraps (-Wl,--wrap=sbrk): past the cap sbrk fails with ENOMEM, so malloc returns null,
// Python raises MemoryError (`out_of_memory` with its traceback) and a C++ allocation takes the
// out-of-memory path, inside the call, instead of the instance growing until the host objects.
// Natively there is nothing to cap (the option is refused there).
#pragma once

#include <cstdint>

namespace remotemedia::capi {

// Caps growth at `bytes` (rounded down to whole 64 KiB pages); with several runtimes in one
// instance, the smallest cap any of them asked for holds. Memory already there stays.
void cap_linear_memory(std::uint64_t bytes);

}  // namespace remotemedia::capi
