#include "core/run_document.h"

#include <chrono>

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/manifest.h"
#include "core/wire_forms.h"

namespace remotemedia {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Value error_value(const Error& error) {
  Map body{{"code", Value(error.code)}, {"message", Value(error.message)}};
  if (!error.node_id.empty()) body.set("node_id", Value(error.node_id));
  if (!error.path.empty()) body.set("path", Value(error.path));
  for (const Map::Entry& entry : error.details) body.set(entry.first, entry.second);
  return Map{{"status", Value("error")}, {"error", Value(std::move(body))}};
}

std::string human_line(const Error& error) {
  std::string line = "remotemedia: error [" + error.code + "]";
  if (!error.node_id.empty()) line += " in node '" + error.node_id + "'";
  line += ": " + error.message;
  // Keep it to one line: the message may carry a multi-line Python error.
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

}  // namespace

Value graph_info_value(const GraphInfo& info) {
  List order;
  for (const std::string& id : info.execution_order) order.emplace_back(id);
  return Map{{"node_count", Value(static_cast<std::int64_t>(info.node_count))},
             {"source_count", Value(static_cast<std::int64_t>(info.source_count))},
             {"sink_count", Value(static_cast<std::int64_t>(info.sink_count))},
             {"execution_order", Value(std::move(order))}};
}

RunReport report_error(const Error& error) {
  RunReport report;
  report.exit_code =
      error.category == ErrorCategory::kInvalidInput ? kExitInvalidInput : kExitRunFailure;
  report.result_json = to_json(error_value(error));
  report.error_line = human_line(error);
  return report;
}

RunReport run_document(std::string_view text, const NodeRegistry& registry,
                       const RunOptions& options) {
  RunTimings timings;
  Clock::time_point start = Clock::now();
  Result<Value> document = parse_json(text);
  if (!document) return report_error(document.error());
  Status decoded = decode_wire_forms(*document, "$");
  if (!decoded) return report_error(decoded.error());
  Result<PipelineRequest> request = parse_request(std::move(*document));
  if (!request) return report_error(request.error());
  timings.parse_ms = ms_since(start);

  start = Clock::now();
  BuildOptions build_options;
  build_options.base_dir = options.base_dir;
  build_options.collect_metrics = options.collect_metrics;
  build_options.limits = options.limits;
  Result<std::unique_ptr<Pipeline>> built =
      Pipeline::build(request->manifest, registry, build_options);
  if (!built) return report_error(built.error());
  Pipeline& pipeline = **built;
  timings.build_ms = ms_since(start);

  RunReport report;
  if (options.validate_only) {
    report.result_json =
        to_json(Map{{"status", Value("valid")}, {"graph_info", graph_info_value(pipeline.info())}});
    report.timings = timings;
    return report;
  }

  start = Clock::now();
  Status status = pipeline.open();
  for (Value& item : request->input_data) {
    if (!status.is_ok()) break;
    status = pipeline.push(std::move(item));
  }
  if (status.is_ok()) status = pipeline.finish();
  timings.run_ms = ms_since(start);
  if (!status.is_ok()) {
    report = report_error(status.error());
  } else {
    Map outputs;
    for (auto& [id, items] : pipeline.drain_outputs())
      outputs.set(std::move(id), Value(std::move(items)));
    report.result_json = to_json(Map{{"status", Value("success")},
                                     {"outputs", Value(std::move(outputs))},
                                     {"graph_info", graph_info_value(pipeline.info())}});
  }
  report.metrics = pipeline.metrics();
  report.timings = timings;
  return report;
}

std::string metrics_json(const RunReport& report) {
  List nodes;
  for (const NodeMetrics& m : report.metrics) {
    nodes.emplace_back(Map{{"id", Value(m.id)},
                           {"items_in", Value(static_cast<std::int64_t>(m.items_in))},
                           {"items_out", Value(static_cast<std::int64_t>(m.items_out))},
                           {"ms", Value(static_cast<double>(m.process_ns) / 1e6)}});
  }
  return to_json(Map{{"metrics", Value(Map{{"parse_ms", Value(report.timings.parse_ms)},
                                           {"build_ms", Value(report.timings.build_ms)},
                                           {"run_ms", Value(report.timings.run_ms)},
                                           {"nodes", Value(std::move(nodes))}})}});
}

}  // namespace remotemedia
