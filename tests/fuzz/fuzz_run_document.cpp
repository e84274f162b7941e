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
#include "entry/report_output.h"

namespace {

remotemedia::Runtime& runtime() {
  static remotemedia::Runtime* instance = [] {
    auto made = remotemedia::Runtime::create(remotemedia::RuntimeConfig{});
    if (!made.is_ok()) std::abort();
    return made->release();
  }();
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  remotemedia::CallOptions options;
  options.max_output_items = 10'000;
  options.max_output_bytes = 1u << 20;
  remotemedia::RunReport report = remotemedia::report_of(runtime().run(text, options), options);
  if (report.exit_code < 0 || report.exit_code > 2) std::abort();
  // The result must itself be one well-formed JSON document.
  if (!remotemedia::parse_json(report.result_json).is_ok()) {
    std::fprintf(stderr, "result is not JSON: %s\n", report.result_json.c_str());
    std::abort();
  }
  return 0;
}
