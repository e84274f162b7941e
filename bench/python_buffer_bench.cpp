// The cost of handing a 1,000,000-sample float32 buffer to a Python node and reading its result,
// measured two ways in one run:
//   zero-copy  the runtime Tensor value goes to the PythonNode as a remotemedia.Tensor sharing its
//              buffer; the node's result Tensor comes back sharing Python's memory
//   wire       the same tensor crosses as JSON + base64 text (the `__numpy__` wire form) both
//              ways: the runtime serialises it, Python json-parses and base64-decodes it, runs
//              the same node code, and encodes its result the same way for the runtime to parse
// Each run ends with the runtime holding the result tensor and reading from it; both paths must
// give the same result (checked outside the timings). Prints medians over several runs, and the
// ratio.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/params.h"
#include "core/wire_forms.h"
#include "nodes/python/python_nodes.h"
#include "nodes/test_node_context.h"

namespace remotemedia {
namespace {

constexpr std::size_t kSamples = 1000000;
constexpr int kWarmup = 2;
constexpr int kRepetitions = 15;

// One module, two node classes per workload: the node itself and its wire-path wrapper, which
// decodes JSON + base64, calls the very same process(), and encodes the result.
constexpr const char* kSource = R"PY(
import base64
import json

from remotemedia import Tensor


class View:
    """Hands the samples straight back: a new Tensor over a memoryview of the input."""

    def process(self, item):
        return Tensor(memoryview(item))


class Copy:
    """Reads every sample into its own buffer and returns that."""

    def process(self, item):
        return Tensor(bytearray(memoryview(item)), dtype=item.dtype, shape=item.shape)


class Wire:
    def __init__(self, node):
        self.node = globals()[node]()

    def process(self, text):
        array = json.loads(text)["array"]
        meta = array["meta"]
        item = Tensor(base64.b64decode(array["data"]), dtype=meta["dtype"], shape=meta["shape"])
        result = self.node.process(item)
        return json.dumps({"__numpy__": True, "array": {
            "meta": {"dtype": result.dtype, "shape": list(result.shape)},
            "data": base64.b64encode(memoryview(result)).decode("ascii")}})
)PY";

void require(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "python_buffer_bench: %s\n", what.c_str());
    std::exit(1);
  }
}

std::unique_ptr<Node> open_node(const std::string& cls, Map args) {
  NodeTypeSpec spec = python_node_spec();
  Map params{{"source", Value(kSource)}, {"class", Value(cls)}, {"args", Value(std::move(args))}};
  Result<Map> validated = validate_params(spec, params, "bench", "$.nodes[0].params");
  require(validated.is_ok(), "params");
  Result<std::unique_ptr<Node>> node =
      spec.create(NodeConfig{"bench", spec.name, *validated, "$.nodes[0]", ".", nullptr, nullptr});
  require(node.is_ok(), node ? "" : node.error().message);
  TestNodeContext ctx;
  Status opened = (*node)->open(ctx);
  require(opened.is_ok(), opened ? "" : opened.error().message);
  return std::move(*node);
}

// The runtime taking the result: a float32 tensor of kSamples elements; its first and last
// samples are read in place.
float take_result(const Value& value) {
  const Tensor* tensor = value.as_tensor();
  require(
      tensor != nullptr && tensor->dtype == DType::kFloat32 && tensor->element_count() == kSamples,
      "result is not the tensor");
  const float* data = reinterpret_cast<const float*>(tensor->data.data());
  return data[0] + data[kSamples - 1];
}

// Every sample, summed: checks (outside the timings) that both paths give the same result.
double sum_of(const Value& value) {
  const float* data = reinterpret_cast<const float*>(value.as_tensor()->data.data());
  double sum = 0;
  for (std::size_t i = 0; i < kSamples; ++i) sum += static_cast<double>(data[i]);
  return sum;
}

Value call(Node& node, Value item) {
  TestNodeContext ctx;
  Status status = node.process(std::move(item), ctx);
  require(status.is_ok(), status ? "" : status.error().message);
  require(ctx.emitted.size() == 1, "one output expected");
  return std::move(ctx.emitted[0].item);
}

Value zero_copy_run(Node& node, const Value& tensor) {
  Value result = call(node, tensor);
  take_result(result);
  return result;
}

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// Where the wire path's time goes, per run: runtime encode, Python (decode + node + encode),
// runtime decode.
struct WireStages {
  std::vector<double> encode, python, decode;
};

Value wire_run(Node& node, const Value& tensor, WireStages* stages = nullptr) {
  Clock::time_point t0 = Clock::now();
  Value text_in(to_json(tensor));
  Clock::time_point t1 = Clock::now();
  Value text = call(node, std::move(text_in));
  Clock::time_point t2 = Clock::now();
  require(text.as_string() != nullptr, "wire result is not text");
  Result<Value> parsed = parse_json(*text.as_string());
  require(parsed.is_ok(), "wire result JSON");
  Status decoded = decode_wire_forms(*parsed, "$");
  require(decoded.is_ok(), "wire result wire form");
  take_result(*parsed);
  Clock::time_point t3 = Clock::now();
  if (stages != nullptr) {
    stages->encode.push_back(ms_between(t0, t1));
    stages->python.push_back(ms_between(t1, t2));
    stages->decode.push_back(ms_between(t2, t3));
  }
  return std::move(*parsed);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double median_ms(const std::function<void()>& body) {
  for (int i = 0; i < kWarmup; ++i) body();
  std::vector<double> times;
  for (int i = 0; i < kRepetitions; ++i) {
    Clock::time_point start = Clock::now();
    body();
    times.push_back(ms_between(start, Clock::now()));
  }
  return median(times);
}

int run() {
  Tensor tensor;
  tensor.dtype = DType::kFloat32;
  tensor.shape = {static_cast<std::int64_t>(kSamples)};
  tensor.data = Buffer::allocate(kSamples * sizeof(float));
  float* samples = reinterpret_cast<float*>(tensor.data.mutable_data());
  for (std::size_t i = 0; i < kSamples; ++i) samples[i] = static_cast<float>(i % 1000) * 0.25f;
  const Value item(tensor);
  std::size_t wire_bytes = to_json(item).size();

  std::printf(
      "python_buffer_bench: %zu float32 samples (%.1f MB) to a Python node and back, "
      "median of %d runs (after %d warm-up)\n",
      kSamples, static_cast<double>(kSamples * sizeof(float)) / 1e6, kRepetitions, kWarmup);
  std::printf("wire form: %zu bytes of JSON each way\n\n", wire_bytes);
  std::printf("%-44s %14s %16s %10s\n", "node", "zero-copy ms", "JSON+base64 ms", "ratio");
  WireStages stages;

  struct Workload {
    const char* cls;
    const char* label;
  };
  for (const Workload& workload :
       {Workload{"View", "View: return Tensor(memoryview(item))"},
        Workload{"Copy", "Copy: bytearray(memoryview(item)) -> Tensor"}}) {
    std::unique_ptr<Node> direct = open_node(workload.cls, {});
    std::unique_ptr<Node> wire = open_node("Wire", Map{{"node", Value(workload.cls)}});
    double direct_ms = median_ms([&] { zero_copy_run(*direct, item); });
    double wire_ms = median_ms([&] { wire_run(*wire, item, &stages); });
    double direct_sum = sum_of(zero_copy_run(*direct, item));
    require(direct_sum == 249750000.0 / 2 && sum_of(wire_run(*wire, item)) == direct_sum,
            "the two paths disagree on the result");
    std::printf("%-44s %14.4f %16.1f %9.0fx\n", workload.label, direct_ms, wire_ms,
                wire_ms / direct_ms);
    TestNodeContext ctx;
    require(direct->close(ctx).is_ok() && wire->close(ctx).is_ok(), "close");
  }
  std::printf(
      "\nwire path, median per stage over both nodes: runtime to_json %.1f ms, Python (json + "
      "base64 decode, node, encode) %.1f ms, runtime parse + decode %.1f ms\n",
      median(stages.encode), median(stages.python), median(stages.decode));
  std::printf(
      "\neach run: runtime value in -> Python process() -> runtime value out, its first "
      "and last samples read;\nratio = JSON+base64 / zero-copy (same node code, same "
      "result bytes, checked)\n");
  return 0;
}

}  // namespace
}  // namespace remotemedia

int main() {
  return remotemedia::run();
}
