// What the build was instrumented with, for the few places that must behave differently under a
// sanitizer (e.g. no RLIMIT_AS: AddressSanitizer reserves terabytes of address space).
#pragma once

// REMOTEMEDIA_ADDRESS_SANITIZER is 1 under AddressSanitizer (gcc or clang), else undefined.
#if defined(__SANITIZE_ADDRESS__)
#define REMOTEMEDIA_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REMOTEMEDIA_ADDRESS_SANITIZER 1
#endif
#endif
