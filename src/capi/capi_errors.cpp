#include "capi/capi_errors.h"

#include <cstdint>

#include "entry/report_output.h"

namespace remotemedia::capi {
namespace {

// wasm32-wasi has one thread and no TLS runtime in this toolchain; elsewhere each thread has its
// own last error.
#ifdef __wasi__
std::string g_last_error;
#else
thread_local std::string g_last_error;
#endif

rm_status status_of(const Error& error) {
  if (error.code == errc::invalid_argument) return RM_INVALID_ARGUMENT;
  if (error.code == errc::pipeline_state || error.code == errc::pipeline_failed) {
    return RM_WRONG_STATE;
  }
  if (error.code == errc::out_of_memory) return RM_OUT_OF_MEMORY;
  return error.category == ErrorCategory::kInvalidInput ? RM_INVALID_INPUT : RM_RUN_FAILURE;
}

}  // namespace

rm_status fail(const Error& error, const CallOptions& options) {
  g_last_error = error_document(error, options);
  return status_of(error);
}

rm_status fail(Status status, const CallOptions& options) {
  return fail(status.error(), options);
}

rm_status bad_argument(const std::string& message) {
  return fail(invalid_input(errc::invalid_argument, message));
}

rm_status out_of_memory(const std::string& what) {
  return fail(run_failure(errc::out_of_memory, "cannot allocate " + what));
}

Status check_block(const void* data, std::size_t len, const char* what) {
  if (data == nullptr && len != 0) {
    return invalid_input(errc::invalid_argument,
                         std::string(what) + " is null but its length is not 0");
  }
  if (len > SIZE_MAX - reinterpret_cast<std::uintptr_t>(data)) {
    return invalid_input(
        errc::invalid_argument,
        std::string(what) + "'s length (" + std::to_string(len) + ") runs past the end of memory");
  }
  return Status::ok();
}

Result<std::string_view> text_of(const char* data, std::size_t len, const char* what) {
  RM_RETURN_IF_ERROR(check_block(data, len, what));
  return len == 0 ? std::string_view() : std::string_view(data, len);
}

const std::string& last_error() {
  return g_last_error;
}

}  // namespace remotemedia::capi
