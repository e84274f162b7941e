#include "entry/report_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace remotemedia {
namespace {

int g_result_fd = 1;

}  // namespace

void set_result_descriptor(int fd) {
  g_result_fd = fd;
}

int result_descriptor() {
  return g_result_fd;
}

bool write_stdout_line(const std::string& text) {
  // stdio may hold bytes for fd 1 written by earlier code; they must not land after the document.
  std::fflush(stdout);
  std::string line = text;
  line.push_back('\n');
  std::size_t done = 0;
  while (done < line.size()) {
    ssize_t n = write(g_result_fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int error = n < 0 ? errno : EIO;
      std::fprintf(stderr, "remotemedia: cannot write the result document: %s\n",
                   std::strerror(error));
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

int write_report(const RunReport& report, bool with_metrics) {
  if (with_metrics) std::fprintf(stderr, "%s\n", metrics_json(report).c_str());
  bool written = write_stdout_line(report.result_json);
  if (!report.error_line.empty()) std::fprintf(stderr, "%s\n", report.error_line.c_str());
  return written ? report.exit_code : kExitRunFailure;
}

}  // namespace remotemedia
