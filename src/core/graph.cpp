#include "core/graph.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <string>

#include "core/json_path.h"

namespace remotemedia {
namespace {

// Index of the node called `id`, or nodes.size() when there is none.
std::size_t index_of(const Manifest& manifest, const std::string& id) {
  for (std::size_t i = 0; i < manifest.nodes.size(); ++i) {
    if (manifest.nodes[i].id == id) return i;
  }
  return manifest.nodes.size();
}

// Precondition: every node in `remaining` has an upstream in `remaining` (what Kahn's algorithm
// leaves behind). Walking upstream must then revisit a node; that loop is a cycle.
Error describe_cycle(const Manifest& manifest, const Graph& graph,
                     const std::vector<bool>& remaining) {
  std::size_t start = std::find(remaining.begin(), remaining.end(), true) - remaining.begin();
  std::vector<std::size_t> walk;
  std::vector<std::size_t> seen_at(manifest.nodes.size(), manifest.nodes.size());
  std::size_t current = start;
  while (seen_at[current] == manifest.nodes.size()) {
    seen_at[current] = walk.size();
    walk.push_back(current);
    for (std::size_t up : graph.upstream[current]) {
      if (remaining[up]) {
        current = up;
        break;
      }
    }
  }
  // walk[seen_at[current]..] is the cycle, against the direction of data flow.
  std::vector<std::size_t> cycle(walk.begin() + static_cast<std::ptrdiff_t>(seen_at[current]),
                                 walk.end());
  std::reverse(cycle.begin(), cycle.end());
  // Start the description at the cycle's earliest node in the manifest, so it reads the same
  // whichever node the walk began at.
  std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
  std::string text;
  for (std::size_t i : cycle) text += manifest.nodes[i].id + " -> ";
  text += manifest.nodes[cycle.front()].id;
  const NodeDecl& first = manifest.nodes[cycle.front()];
  return invalid_input(errc::cycle_detected, "the pipeline has a cycle: " + text, first.json_path,
                       first.id);
}

}  // namespace

Result<Graph> build_graph(const Manifest& manifest) {
  const std::size_t n = manifest.nodes.size();
  Graph graph;
  graph.downstream.resize(n);
  graph.upstream.resize(n);
  for (const ConnectionDecl& connection : manifest.connections) {
    std::size_t from = index_of(manifest, connection.from);
    std::size_t to = index_of(manifest, connection.to);
    for (auto [end, index] : {std::pair{"from", from}, std::pair{"to", to}}) {
      if (index == n) {
        const std::string& id = end == std::string("from") ? connection.from : connection.to;
        std::string where = JsonPath(connection.json_path).key(end).str();
        return invalid_input(
            errc::dangling_connection,
            "connection " + connection.json_path + " names unknown node '" + id + "'", where, id);
      }
    }
    std::vector<std::size_t>& targets = graph.downstream[from];
    if (std::find(targets.begin(), targets.end(), to) != targets.end()) {
      return invalid_input(errc::duplicate_connection,
                           "connection " + connection.from + " -> " + connection.to +
                               " appears twice (again at " + connection.json_path + ")",
                           connection.json_path, connection.from);
    }
    targets.push_back(to);
    graph.upstream[to].push_back(from);
  }

  // Kahn's algorithm; the min-heap of ready manifest indices makes manifest order break ties.
  std::vector<std::size_t> pending(n);
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < n; ++i) {
    pending[i] = graph.upstream[i].size();
    if (pending[i] == 0) ready.push(i);
  }
  while (!ready.empty()) {
    std::size_t i = ready.top();
    ready.pop();
    graph.order.push_back(i);
    for (std::size_t d : graph.downstream[i]) {
      if (--pending[d] == 0) ready.push(d);
    }
  }
  if (graph.order.size() != n) {
    std::vector<bool> remaining(n, false);
    for (std::size_t i = 0; i < n; ++i) remaining[i] = pending[i] > 0;
    return describe_cycle(manifest, graph, remaining);
  }
  return graph;
}

}  // namespace remotemedia
