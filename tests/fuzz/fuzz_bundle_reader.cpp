// Fuzzes the .rmpkg reader from memory: ZIP parsing, entry-name and type checks, size and ratio
// limits, inflation, checksums, signature and manifest checks. Any crash or sanitizer report is a
// finding, and so is an accepted bundle that breaks the reader's promises (an unsafe entry name,
// a file missing from meta/checksums.json, a runtime_target other than the two documented).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pkg/bundle_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pkg = remotemedia::pkg;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  pkg::ReadOptions options;
  options.limits.max_total_bytes = 64u << 20;  // keep single runs fast and memory bounded
  remotemedia::Result<pkg::Bundle> bundle = pkg::read_bundle(bytes, options);
  if (!bundle.is_ok()) {
    const std::string& code = bundle.error().code;
    if (code.rfind("bundle_", 0) != 0) std::abort();
    if (bundle.error().category != remotemedia::ErrorCategory::kInvalidInput) std::abort();
    return 0;
  }
  for (const auto& [name, contents] : bundle->files) {
    if (!pkg::validate_entry_name(name).is_ok()) std::abort();
  }
  if (bundle->files.count(pkg::kManifestName) == 0 || bundle->files.count(pkg::kChecksumsName) == 0)
    std::abort();
  if (bundle->runtime_target != "native" && bundle->runtime_target != "wasm32-wasi") std::abort();
  return 0;
}
