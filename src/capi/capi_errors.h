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

// The text of a (pointer, length) pair; false for a null pointer with a non-zero length.
bool text_of(const char* data, std::size_t len, std::string_view* out);

// What rm_last_error() returns (this thread's; the one thread in wasm).
const std::string& last_error();

}  // namespace remotemedia::capi
