// Throughput of MultiplyNode -> AddNode over 1,000,000 numbers, measured three ways in one run:
//   executor  - items pushed straight into a built pipeline (the runtime's own cost)
//   document  - Runtime::run() on a JSON envelope: parse + validate + run + serialise
//   tensor    - the same million numbers as one float32 tensor item
// Prints a table of medians over several repetitions.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "core/json_reader.h"
#include "core/manifest.h"
#include "core/pipeline.h"
#include "remotemedia/runtime.h"

namespace remotemedia {
namespace {

constexpr int kItems = 1000000;
constexpr int kRepetitions = 5;

constexpr const char* kManifest = R"({"version": "v1", "metadata": {"name": "calculator"},
  "nodes": [{"id": "multiply", "node_type": "MultiplyNode", "params": {"factor": 2}},
            {"id": "add", "node_type": "AddNode", "params": {"addend": 10}}],
  "connections": [{"from": "multiply", "to": "add"}]})";

double median_seconds(const std::function<void()>& body) {
  std::vector<double> times;
  for (int i = 0; i < kRepetitions; ++i) {
    auto start = std::chrono::steady_clock::now();
    body();
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "benchmark setup failed: %s\n", what);
    std::exit(1);
  }
}

Manifest calculator_manifest() {
  Result<Value> doc = parse_json(kManifest);
  require(doc.is_ok(), "manifest JSON");
  Result<PipelineRequest> request = parse_request(std::move(*doc));
  require(request.is_ok(), "manifest");
  return std::move(request->manifest);
}

void run_executor(const NodeRegistry& registry, const Manifest& manifest) {
  Result<std::unique_ptr<Pipeline>> pipeline = Pipeline::build(manifest, registry, {});
  require(pipeline.is_ok() && (*pipeline)->open().is_ok(), "build/open");
  for (std::int64_t i = 0; i < kItems; ++i) require((*pipeline)->push(Value(i)).is_ok(), "push");
  require((*pipeline)->finish().is_ok(), "finish");
  require((*pipeline)->outputs()[0].second.size() == kItems, "output count");
}

void run_tensor(const NodeRegistry& registry, const Manifest& manifest) {
  Tensor tensor{DType::kFloat32, {kItems}, Buffer::allocate(kItems * sizeof(float))};
  Result<std::unique_ptr<Pipeline>> pipeline = Pipeline::build(manifest, registry, {});
  require(pipeline.is_ok() && (*pipeline)->open().is_ok(), "build/open");
  require((*pipeline)->push(Value(std::move(tensor))).is_ok(), "push");
  require((*pipeline)->finish().is_ok(), "finish");
}

std::string envelope() {
  std::string text = std::string(R"({"manifest": )") + kManifest + R"(, "input_data": [)";
  for (int i = 0; i < kItems; ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(i);
  }
  return text + "]}";
}

}  // namespace
}  // namespace remotemedia

int main() {
  using namespace remotemedia;
  Result<std::unique_ptr<Runtime>> runtime = Runtime::create(RuntimeConfig{});
  require(runtime.is_ok(), "runtime");
  const NodeRegistry& registry = (*runtime)->registry();
  Manifest manifest = calculator_manifest();
  std::string document = envelope();

  double executor = median_seconds([&] { run_executor(registry, manifest); });
  double whole = median_seconds([&] {
    RunResult result = (*runtime)->run(document, {});
    require(!result.failed, "Runtime::run");
  });
  double tensor = median_seconds([&] { run_tensor(registry, manifest); });

  std::printf("MultiplyNode -> AddNode over %d numbers (median of %d runs)\n\n", kItems,
              kRepetitions);
  std::printf("| path | time (ms) | items/s |\n|---|---:|---:|\n");
  std::printf("| executor, one item per number | %.1f | %.3g |\n", executor * 1e3,
              kItems / executor);
  std::printf("| Runtime::run, JSON in and out | %.1f | %.3g |\n", whole * 1e3, kItems / whole);
  std::printf("| executor, one float32 tensor | %.2f | %.3g |\n", tensor * 1e3, kItems / tensor);
  return 0;
}
