// The one entry every front end (native CLI, wasm command) uses: a JSON document in, the result
// document and an exit code out. Front ends only move bytes; all pipeline logic lives behind this.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/pipeline.h"
#include "remotemedia/registry.h"

namespace remotemedia {

struct RunOptions {
  std::string base_dir = ".";
  RunLimits limits;
  bool collect_metrics = false;
  // Stop after building the pipeline: parse, validate, build nodes, run none of them.
  bool validate_only = false;
};

struct RunTimings {
  double parse_ms = 0;
  double build_ms = 0;
  double run_ms = 0;
};

struct RunReport {
  int exit_code = 0;        // 0 success, 1 run failure, 2 invalid input
  std::string result_json;  // exactly one JSON document, no trailing newline
  std::string error_line;   // one human line for stderr; empty on success
  // Filled when RunOptions::collect_metrics; never part of result_json.
  std::vector<NodeMetrics> metrics;
  RunTimings timings;
};

constexpr int kExitSuccess = 0;
constexpr int kExitRunFailure = 1;
constexpr int kExitInvalidInput = 2;

RunReport run_document(std::string_view text, const NodeRegistry& registry,
                       const RunOptions& options);

// The "graph_info" member of result documents.
Value graph_info_value(const GraphInfo& info);

// The report for an error found outside run_document (unreadable file, bad CLI usage).
RunReport report_error(const Error& error);

// {"metrics": {...}}: timings and per-node counters, for stderr.
std::string metrics_json(const RunReport& report);

}  // namespace remotemedia
