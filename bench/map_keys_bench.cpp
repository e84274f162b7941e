// How JSON objects scale with their key count (issue 8, item 17): parses one object of 20,000 and
// one of 200,000 keys (the runtime's JSON reader, whose duplicate-key check is a Map lookup per
// key) and prints the times and their ratio. Linear behaviour gives a ratio near 10; the old
// linear-scan Map gave about 100 (26 s for 100,000 keys).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/json_reader.h"

namespace remotemedia {
namespace {

constexpr int kRepetitions = 5;

std::string object_with_keys(int count) {
  std::string text = "{";
  for (int i = 0; i < count; ++i) {
    if (i > 0) text += ", ";
    text += "\"key" + std::to_string(i) + "\": " + std::to_string(i);
  }
  return text + "}";
}

// Median seconds to parse `text`; exits if it does not parse to a map of `count` keys.
double median_parse_seconds(const std::string& text, int count) {
  std::vector<double> times;
  for (int i = 0; i < kRepetitions; ++i) {
    auto start = std::chrono::steady_clock::now();
    Result<Value> value = parse_json(text);
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!value || value->as_map() == nullptr ||
        value->as_map()->size() != static_cast<std::size_t>(count)) {
      std::fprintf(stderr, "map_keys_bench: parsing %d keys failed\n", count);
      std::exit(1);
    }
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace
}  // namespace remotemedia

int main() {
  using remotemedia::median_parse_seconds;
  using remotemedia::object_with_keys;
  const int small = 20000;
  const int large = 200000;
  double t_small = median_parse_seconds(object_with_keys(small), small);
  double t_large = median_parse_seconds(object_with_keys(large), large);
  std::printf("| keys | parse (ms) |\n|---:|---:|\n");
  std::printf("| %d | %.1f |\n| %d | %.1f |\n", small, t_small * 1e3, large, t_large * 1e3);
  std::printf("ratio %d/%d keys: %.1f (linear: about 10)\n", large, small, t_large / t_small);
  return 0;
}
