// The pipeline's topology, from a manifest's connections: who feeds whom through which ports, and
// in what order nodes run. Indices are positions in Manifest::nodes.
#pragma once

#include <cstddef>
#include <vector>

#include "core/manifest.h"
#include "remotemedia/ports.h"

namespace remotemedia {

// One connection, resolved: node `from`'s output port `from_port` feeds node `to`'s input port
// `to_port`. `connection` indexes Manifest::connections.
struct Link {
  std::size_t from = 0;
  std::size_t from_port = 0;
  std::size_t to = 0;
  std::size_t to_port = 0;
  std::size_t connection = 0;
};

struct Graph {
  // links[i]: node i's outgoing connections, in the order they appear in the manifest.
  std::vector<std::vector<Link>> links;
  // downstream[i]: the nodes node i sends to, in the order their connections appear (a node fed
  // through two ports appears twice).
  std::vector<std::vector<std::size_t>> downstream;
  std::vector<std::vector<std::size_t>> upstream;
  // Topological order; among nodes whose upstreams have all run, the earliest in the manifest goes
  // first. Every node's upstreams come before it.
  std::vector<std::size_t> order;

  bool is_source(std::size_t i) const { return upstream[i].empty(); }
  bool is_sink(std::size_t i) const { return downstream[i].empty(); }
};

// A connection endpoint is a node id (its one port on that side) or "id.port". `ports[i]` are
// node i's ports. Errors, all invalid input at the connection's JSON path:
// `dangling_connection` (an endpoint names no node), `unknown_port` (no such port, or a node with
// several ports on that side named without one), `duplicate_connection`, `port_mismatch` (what
// one end emits can never be accepted by the other: port_mismatch() in ports.h),
// `cycle_detected` (the message spells out one cycle).
Result<Graph> build_graph(const Manifest& manifest, const std::vector<NodePorts>& ports);
// Every node with NodePorts::defaults().
Result<Graph> build_graph(const Manifest& manifest);

}  // namespace remotemedia
