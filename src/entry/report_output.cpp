#include "entry/report_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/reserved_descriptors.h"

namespace remotemedia {
namespace {

int g_result_fd = 1;

}  // namespace

int exit_code_of(const Error& error) {
  return error.category == ErrorCategory::kInvalidInput ? kExitInvalidInput : kExitRunFailure;
}

std::string human_error_line(const Error& error, const CallOptions& options) {
  std::string line = "remotemedia: error [" + error.code + "]";
  if (!error.node_id.empty()) line += " in node '" + error.node_id + "'";
  if (const Value* index = error.details.find("input_index");
      index != nullptr && index->as_int() != nullptr) {
    line += " at input item " + std::to_string(*index->as_int());
  }
  line += ": " + error_message(error, options);
  // Keep it to one line: the message may carry a multi-line Python error.
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

std::string human_error_line_of_document(const std::string& document) {
  Result<Value> parsed = parse_json(document);
  const Map* root = parsed ? parsed->as_map() : nullptr;
  const Value* body = root != nullptr ? root->find("error") : nullptr;
  const Map* fields = body != nullptr ? body->as_map() : nullptr;
  if (fields == nullptr) return "";
  auto text = [fields](const char* key) {
    const Value* value = fields->find(key);
    const std::string* s = value != nullptr ? value->as_string() : nullptr;
    return s != nullptr ? *s : std::string();
  };
  Error error;
  error.code = text("code");
  error.message = text("message");  // the option's spelling is already in it
  error.node_id = text("node_id");
  if (const Value* index = fields->find("input_index")) error.details.set("input_index", *index);
  if (error.code.empty()) return "";
  return human_error_line(error, CallOptions{});
}

RunReport report_of(RunResult result, const CallOptions& options) {
  RunReport report;
  report.result_json = std::move(result.document);
  report.metrics = std::move(result.metrics);
  if (result.failed) {
    report.exit_code = exit_code_of(result.error);
    report.error_line = human_error_line(result.error, options);
  }
  return report;
}

RunReport report_error(const Error& error, const CallOptions& options) {
  return report_of(error_result(error, options), options);
}

std::string metrics_json(const RunMetrics& metrics) {
  List nodes;
  for (const NodeMetrics& m : metrics.nodes) {
    nodes.emplace_back(Map{{"id", Value(m.id)},
                           {"items_in", Value(static_cast<std::int64_t>(m.items_in))},
                           {"items_out", Value(static_cast<std::int64_t>(m.items_out))},
                           {"ms", Value(static_cast<double>(m.process_ns) / 1e6)}});
  }
  return to_json(
      Map{{"metrics",
           Value(Map{
               {"parse_ms", Value(metrics.parse_ms)},
               {"build_ms", Value(metrics.build_ms)},
               {"run_ms", Value(metrics.run_ms)},
               {"resources",
                Value(Map{{"built", Value(static_cast<std::int64_t>(metrics.resources_built))},
                          {"reused", Value(static_cast<std::int64_t>(metrics.resources_reused))}})},
               {"nodes", Value(std::move(nodes))}})}});
}

void set_result_descriptor(int fd) {
  g_result_fd = fd;
  reserve_descriptor(fd);  // node code may not close or replace it
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
  if (with_metrics) std::fprintf(stderr, "%s\n", metrics_json(report.metrics).c_str());
  bool written = write_stdout_line(report.result_json);
  if (!report.error_line.empty()) std::fprintf(stderr, "%s\n", report.error_line.c_str());
  return written ? report.exit_code : kExitRunFailure;
}

}  // namespace remotemedia
