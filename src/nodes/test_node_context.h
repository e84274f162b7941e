// A NodeContext for driving one node outside a pipeline (node tests, benchmarks).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "remotemedia/node.h"

namespace remotemedia {

// A NodeContext for running one node outside a pipeline: emitted items go to `emitted` (with
// their output port), unbounded; progress reports are kept; stop() raises the stop flag.
class TestNodeContext final : public NodeContext {
 public:
  struct Emitted {
    std::size_t port;
    Value item;
  };

  const std::string& node_id() const override { return id_; }
  const std::string& json_path() const override { return path_; }
  std::size_t input_port() const override { return input_port_; }
  bool emit_to(std::size_t port, Value item) override {
    emitted.push_back(Emitted{port, std::move(item)});
    return true;
  }
  bool stop_requested() const override { return stop_; }
  void report_progress(std::uint64_t done, std::uint64_t total) override {
    progress.emplace_back(done, total);
  }
  const ResourceLoader* resources() const override { return resources_; }
  void set_resources(const ResourceLoader* resources) { resources_ = resources; }

  void set_input_port(std::size_t port) { input_port_ = port; }
  void stop() { stop_ = true; }
  // The items emitted on `port`, in order.
  List items_on(std::size_t port = 0) const {
    List items;
    for (const Emitted& e : emitted) {
      if (e.port == port) items.push_back(e.item);
    }
    return items;
  }

  std::vector<Emitted> emitted;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> progress;

 private:
  std::string id_ = "n";
  std::string path_ = "$.nodes[0]";
  std::size_t input_port_ = 0;
  bool stop_ = false;
  const ResourceLoader* resources_ = nullptr;
};

}  // namespace remotemedia
