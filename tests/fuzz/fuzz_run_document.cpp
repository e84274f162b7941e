// Fuzzes the whole front end and the math nodes: JSON parsing, wire-form decoding, manifest
// parsing, validation, graph building and execution. Any crash, sanitizer report, or a result
// that breaks the output contract (one JSON document, exit code 0/1/2) is a finding. The run
// limits are set low so that fan-out inputs reach `output_limit` quickly instead of timing out;
// run_document.dict (passed with -dict=) holds wire-form markers, shapes at and past the array
// limits, int64 edges and fan-out fragments.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/json_reader.h"
#include "core/run_document.h"

namespace {

const remotemedia::NodeRegistry& registry() {
  static remotemedia::NodeRegistry* instance = [] {
    auto* r = new remotemedia::NodeRegistry();
    if (!remotemedia::register_builtin_nodes(*r).is_ok()) std::abort();
    return r;
  }();
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  remotemedia::RunOptions options;
  options.limits.max_output_items = 10'000;
  options.limits.max_output_bytes = 1u << 20;
  remotemedia::RunReport report = remotemedia::run_document(text, registry(), options);
  if (report.exit_code < 0 || report.exit_code > 2) std::abort();
  // The result must itself be one well-formed JSON document.
  if (!remotemedia::parse_json(report.result_json).is_ok()) {
    std::fprintf(stderr, "result is not JSON: %s\n", report.result_json.c_str());
    std::abort();
  }
  return 0;
}
