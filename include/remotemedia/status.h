// Status and Result: the project's only error channel. The runtime builds with -fno-exceptions on
// every target, so every fallible operation returns one of these and callers must look at it.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <variant>

#include "remotemedia/error_codes.h"
#include "remotemedia/value.h"

namespace remotemedia {

// Which side of the contract failed. Decides the process exit code: invalid input is the caller's
// fault and never starts a node (exit 2); a run failure happened while nodes were running (exit 1).
enum class ErrorCategory { kInvalidInput, kRunFailure };

// A machine-readable error. `code` is one of the errc:: constants (remotemedia/error_codes.h);
// `message` is one human sentence. `node_id` and `path` (a JSON path such as "$.nodes[2].params")
// are empty when they do not apply. `details` carries extra fields (e.g. a Python traceback) that
// are appended to the error JSON in insertion order.
struct Error {
  ErrorCategory category = ErrorCategory::kRunFailure;
  std::string code;
  std::string message;
  std::string node_id;
  std::string path;
  Map details;
  // The call option that lifts the limit this error hit ("max_output_items"), or empty. Not part
  // of the message: front ends append it in their own spelling (CallOptions::option_names), so the
  // CLI says "--max-output-items" and the JS package "limits.maxOutputItems".
  std::string option;
};

Error invalid_input(std::string code, std::string message, std::string path = {},
                    std::string node_id = {});
Error run_failure(std::string code, std::string message, std::string node_id = {});

// Success, or exactly one Error. Cheap to return when ok (a null pointer).
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::make_unique<Error>(std::move(error))) {}  // NOLINT: implicit

  static Status ok() { return Status(); }
  bool is_ok() const { return error_ == nullptr; }
  explicit operator bool() const { return is_ok(); }
  // Precondition: !is_ok().
  const Error& error() const { return *error_; }
  Error& error() { return *error_; }
  Error take_error() { return std::move(*error_); }

 private:
  std::unique_ptr<Error> error_;
};

// A value of T, or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit
  Result(Status status) : state_(std::in_place_index<1>, status.take_error()) {}  // NOLINT

  bool is_ok() const { return state_.index() == 0; }
  explicit operator bool() const { return is_ok(); }
  // Preconditions: is_ok() for value(), !is_ok() for error().
  T& value() { return *std::get_if<0>(&state_); }
  const T& value() const { return *std::get_if<0>(&state_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return *std::get_if<1>(&state_); }
  Error take_error() { return std::move(*std::get_if<1>(&state_)); }
  Status status() && { return is_ok() ? Status() : Status(take_error()); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace remotemedia

// Propagates a failed Status out of the calling function (which returns Status or Result<T>).
#define RM_RETURN_IF_ERROR(expr)                \
  do {                                          \
    ::remotemedia::Status rm_status_ = (expr);  \
    if (!rm_status_.is_ok()) return rm_status_; \
  } while (false)
