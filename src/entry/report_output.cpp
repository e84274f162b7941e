#include "entry/report_output.h"

#include <cstdio>

namespace remotemedia {

void write_stdout_line(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

int write_report(const RunReport& report, bool with_metrics) {
  if (with_metrics) std::fprintf(stderr, "%s\n", metrics_json(report).c_str());
  write_stdout_line(report.result_json);
  if (!report.error_line.empty()) std::fprintf(stderr, "%s\n", report.error_line.c_str());
  return report.exit_code;
}

}  // namespace remotemedia
