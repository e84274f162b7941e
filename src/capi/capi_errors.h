// How every C ABI function reports a failure (include/remotemedia/c_api.h, "Conventions"): the
// error document goes to rm_last_error() and the function returns the matching rm_status. Shared
// by the translation units of the C ABI; not part of any public header.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "remotemedia/c_api.h"
#include "remotemedia/runtime.h"
#include "remotemedia/status.h"

namespace remotemedia::capi {

// Records `error` as the last error and returns its status. `options` spells the option an error
// names (Error::option) as the caller does.
rm_status fail(const Error& error, const CallOptions& options = {});
rm_status fail(Status status, const CallOptions& options = {});
// RM_INVALID_ARGUMENT with code invalid_argument and `message`.
rm_status bad_argument(const std::string& message);
// RM_OUT_OF_MEMORY naming what could not be allocated.
rm_status out_of_memory(const std::string& what);

// Checks a (pointer, length) pair the caller passed as `what` (its name in c_api.h): a null
// pointer must come with length 0, and the block may not run past the end of the address space
// (e.g. a length of SIZE_MAX). invalid_argument otherwise. Says nothing about whether the memory
// is the caller's: that is the caller's contract.
Status check_block(const void* data, std::size_t len, const char* what);
// The text of a (pointer, length) pair after check_block; a null pointer is the empty text.
Result<std::string_view> text_of(const char* data, std::size_t len, const char* what);

// What rm_last_error() returns (this thread's; the one thread in wasm).
const std::string& last_error();

}  // namespace remotemedia::capi
