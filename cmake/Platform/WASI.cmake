# CMake 3.25 has no WASI platform module; this is the little it needs: static libraries only and
# .wasm executables. Found through CMAKE_MODULE_PATH, set by the wasm32-wasi toolchain file.
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")
set(CMAKE_STATIC_LIBRARY_PREFIX "lib")
set(CMAKE_STATIC_LIBRARY_SUFFIX ".a")
set_property(GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS FALSE)
