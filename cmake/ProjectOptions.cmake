# Compiler settings every project target gets, on every toolchain (gcc, clang, clang for wasm32).
#
# -fno-exceptions: Debian's wasm32 libc++abi has no exception runtime, so no target may need one.
# -ffp-contract=off: no fused multiply-add behind our back, so float results are the same bytes on
#   every target.

set(REMOTEMEDIA_WARNINGS
  -Wall -Wextra -Wpedantic -Wshadow -Wcast-align -Wunused -Wdouble-promotion -Wformat=2
  -Wimplicit-fallthrough
  # C++ only (the C ABI's test is C).
  $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor> $<$<COMPILE_LANGUAGE:CXX>:-Woverloaded-virtual>)

# GCC 12 reports -Wmaybe-uninitialized false positives inside std::variant's move paths at -O2+
# (GCC bugs 105562, 107138); clang builds keep the equivalent checks on.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND REMOTEMEDIA_WARNINGS -Wno-maybe-uninitialized)
endif()

# What every target compiled into the runtime gets, the project's code and third-party sources alike.
function(remotemedia_set_base_options target)
  target_compile_options(${target} PRIVATE -fno-exceptions -ffp-contract=off)
  if(REMOTEMEDIA_WASI)
    target_compile_definitions(${target} PRIVATE ${WASI_DEPS_DEFINES})
  endif()
  if(REMOTEMEDIA_FUZZ)
    # Coverage instrumentation for libFuzzer on every project target, not only the fuzz driver.
    target_compile_options(${target} PRIVATE
      -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(REMOTEMEDIA_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

function(remotemedia_set_options target)
  remotemedia_set_base_options(${target})
  target_compile_options(${target} PRIVATE ${REMOTEMEDIA_WARNINGS}
    $<$<BOOL:${REMOTEMEDIA_WERROR}>:-Werror>)
endfunction()

# Third-party sources from the dependency caches (scripts/audio-deps/fetch.sh): the base options,
# with their own warnings silenced, since the project cannot fix them. Under the sanitizers, one
# UBSan check is off for them: WebRTC's fixed-point code left-shifts negative values throughout
# (well defined by every compiler the project uses, and by C++20/C23), which UBSan's shift-base
# check reports; every other check stays on.
function(remotemedia_set_third_party_options target)
  remotemedia_set_base_options(${target})
  target_compile_options(${target} PRIVATE -w)
  if(REMOTEMEDIA_SANITIZE OR REMOTEMEDIA_FUZZ)
    target_compile_options(${target} PRIVATE -fno-sanitize=shift-base)
  endif()
endfunction()
