# Cross-compiles the runtime to wasm32-wasi with Debian's clang-19, wasi-libc and libc++, against
# the CPython/zlib prefix that scripts/wasi-deps/build.sh builds. Everything about that prefix
# (paths, libraries, link flags) comes from its generated deps.cmake.
#
# WASI_DEPS_CMAKE: path to deps.cmake (default: .cache/wasi-deps/current/deps.cmake).
# WASI_SODIUM_CMAKE: path to the libsodium component's libsodium.cmake (default:
#   .cache/wasi-deps/libsodium-current/libsodium.cmake), built by the same script.

set(CMAKE_SYSTEM_NAME WASI)
# cmake/Platform/WASI.cmake describes the platform to CMake versions that lack it.
list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}/..")
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_SYSTEM_VERSION 1)

get_filename_component(_rm_root "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
if(NOT WASI_DEPS_CMAKE)
  set(WASI_DEPS_CMAKE "${_rm_root}/.cache/wasi-deps/current/deps.cmake")
endif()
if(NOT EXISTS "${WASI_DEPS_CMAKE}")
  message(FATAL_ERROR "wasm32-wasi dependencies not built: ${WASI_DEPS_CMAKE} is missing; run scripts/wasi-deps/build.sh")
endif()
include("${WASI_DEPS_CMAKE}")
if(NOT WASI_SODIUM_CMAKE)
  set(WASI_SODIUM_CMAKE "${_rm_root}/.cache/wasi-deps/libsodium-current/libsodium.cmake")
endif()
if(NOT EXISTS "${WASI_SODIUM_CMAKE}")
  message(FATAL_ERROR "wasm32-wasi libsodium not built: ${WASI_SODIUM_CMAKE} is missing; run scripts/wasi-deps/build.sh")
endif()
include("${WASI_SODIUM_CMAKE}")
# try_compile projects re-read this file: hand them the same deps files.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES WASI_DEPS_CMAKE WASI_SODIUM_CMAKE)

set(CMAKE_C_COMPILER "${WASI_CC}")
set(CMAKE_CXX_COMPILER "${WASI_CXX}")
set(CMAKE_AR "/usr/bin/${WASI_AR}" CACHE FILEPATH "" FORCE)
set(CMAKE_RANLIB "/usr/bin/${WASI_RANLIB}" CACHE FILEPATH "" FORCE)
set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
set(CMAKE_CXX_COMPILER_TARGET wasm32-wasi)
# A private sysroot holding only wasi-libc and libc++: --sysroot=/usr would leak host headers.
set(CMAKE_SYSROOT "${WASI_SYSROOT}")

set(CMAKE_FIND_ROOT_PATH "${WASI_SYSROOT}" "${WASI_DEPS_PREFIX}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
