#include "capi/linear_memory_cap.h"

#ifdef __wasi__
#include <cerrno>
#include <cstddef>
#include <cstdint>

namespace {

constexpr std::uint64_t kPageBytes = 65536;
std::uint64_t g_cap_bytes = 0;  // 0: no cap

}  // namespace

extern "C" {
void* __real_sbrk(std::intptr_t increment);

// Every sbrk() of the link (wasi-libc's malloc) comes here.
void* __wrap_sbrk(std::intptr_t increment) {
  if (increment > 0 && g_cap_bytes != 0) {
    std::uint64_t now = static_cast<std::uint64_t>(__builtin_wasm_memory_size(0)) * kPageBytes;
    if (now + static_cast<std::uint64_t>(increment) > g_cap_bytes) {
      errno = ENOMEM;
      return reinterpret_cast<void*>(-1);
    }
  }
  return __real_sbrk(increment);
}
}

namespace remotemedia::capi {

void cap_linear_memory(std::uint64_t bytes) {
  std::uint64_t pages = bytes / kPageBytes * kPageBytes;
  if (g_cap_bytes == 0 || pages < g_cap_bytes) g_cap_bytes = pages;
}

}  // namespace remotemedia::capi

#else

namespace remotemedia::capi {

void cap_linear_memory(std::uint64_t) {}

}  // namespace remotemedia::capi

#endif
