#include "entry/report_output.h"

#include <cstdio>

namespace remotemedia {

int write_report(const RunReport& report, bool with_metrics) {
  if (with_metrics) std::fprintf(stderr, "%s\n", metrics_json(report).c_str());
  std::fwrite(report.result_json.data(), 1, report.result_json.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
  if (!report.error_line.empty()) std::fprintf(stderr, "%s\n", report.error_line.c_str());
  return report.exit_code;
}

}  // namespace remotemedia
