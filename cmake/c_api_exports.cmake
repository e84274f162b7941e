# Every function of include/remotemedia/c_api.h, in the order declared there, read from the header
# itself (each declaration starts with RM_API), so the list cannot drift from it. The wasm reactor
# exports exactly these (wasm-ld --export) and the native shared library's version script makes
# them its only global symbols; tests/c_api/exports_test.py checks the built artefacts against
# the header.
set(rm_c_api_header "${PROJECT_SOURCE_DIR}/include/remotemedia/c_api.h")
set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${rm_c_api_header}")
file(READ "${rm_c_api_header}" rm_c_api_text)
string(REGEX MATCHALL "RM_API [^;(]*[ *]rm_[a-z0-9_]+\\(" rm_c_api_decls "${rm_c_api_text}")
set(REMOTEMEDIA_C_API_FUNCTIONS)
foreach(rm_decl IN LISTS rm_c_api_decls)
  string(REGEX REPLACE "^.*[ *](rm_[a-z0-9_]+)\\($" "\\1" rm_fn "${rm_decl}")
  list(APPEND REMOTEMEDIA_C_API_FUNCTIONS "${rm_fn}")
endforeach()
list(LENGTH REMOTEMEDIA_C_API_FUNCTIONS rm_c_api_count)
if(rm_c_api_count LESS 10)
  message(FATAL_ERROR "found only ${rm_c_api_count} RM_API declarations in ${rm_c_api_header}")
endif()

# The ABI version (#define RM_ABI_VERSION N), which the reactor also carries as its custom section
# "remotemedia.abi_version" (src/capi/CMakeLists.txt).
string(REGEX MATCH "#define RM_ABI_VERSION ([0-9]+)" rm_abi_match "${rm_c_api_text}")
if(NOT rm_abi_match)
  message(FATAL_ERROR "no #define RM_ABI_VERSION in ${rm_c_api_header}")
endif()
set(REMOTEMEDIA_C_ABI_VERSION "${CMAKE_MATCH_1}")
