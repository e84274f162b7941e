#include "remotemedia/status.h"

namespace remotemedia {

Error invalid_input(std::string code, std::string message, std::string path, std::string node_id) {
  Error error;
  error.category = ErrorCategory::kInvalidInput;
  error.code = std::move(code);
  error.message = std::move(message);
  error.path = std::move(path);
  error.node_id = std::move(node_id);
  return error;
}

Error run_failure(std::string code, std::string message, std::string node_id) {
  Error error;
  error.category = ErrorCategory::kRunFailure;
  error.code = std::move(code);
  error.message = std::move(message);
  error.node_id = std::move(node_id);
  return error;
}

}  // namespace remotemedia
