#include "cli/command_support.h"

#include "entry/report_output.h"

namespace remotemedia {

int command_failure(const Error& error) {
  return write_report(report_error(error), false);
}

int command_usage_error(const std::string& message) {
  return command_failure(invalid_input(errc::usage_error, message));
}

int print_text(std::string text) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return write_stdout_line(text) ? kExitSuccess : kExitRunFailure;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace remotemedia
