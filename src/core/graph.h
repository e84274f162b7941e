// The pipeline's topology, from a manifest's connections: who feeds whom and in what order nodes
// run. Indices are positions in Manifest::nodes.
#pragma once

#include <cstddef>
#include <vector>

#include "core/manifest.h"

namespace remotemedia {

struct Graph {
  // downstream[i]: the nodes node i sends to, in the order their connections appear.
  std::vector<std::vector<std::size_t>> downstream;
  std::vector<std::vector<std::size_t>> upstream;
  // Topological order; among nodes whose upstreams have all run, the earliest in the manifest goes
  // first. Every node's upstreams come before it.
  std::vector<std::size_t> order;

  bool is_source(std::size_t i) const { return upstream[i].empty(); }
  bool is_sink(std::size_t i) const { return downstream[i].empty(); }
};

// Errors: `dangling_connection` (an endpoint names no node), `duplicate_connection`,
// `cycle_detected` (the message spells out one cycle).
Result<Graph> build_graph(const Manifest& manifest);

}  // namespace remotemedia
