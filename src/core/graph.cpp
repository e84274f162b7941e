#include "core/graph.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/json_path.h"

namespace remotemedia {
namespace {

// Node ids -> manifest index, built once per graph: every endpoint lookup is then O(1).
class NodeIndex {
 public:
  explicit NodeIndex(const Manifest& manifest) : none_(manifest.nodes.size()) {
    index_.reserve(manifest.nodes.size());
    for (std::size_t i = 0; i < manifest.nodes.size(); ++i) index_.emplace(manifest.nodes[i].id, i);
  }
  // Index of the node called `id`, or nodes.size() when there is none.
  std::size_t of(std::string_view id) const {
    auto found = index_.find(std::string(id));
    return found == index_.end() ? none_ : found->second;
  }

 private:
  std::unordered_map<std::string, std::size_t> index_;
  std::size_t none_;
};

// The identity of a link, for the duplicate-connection check (O(1) per connection).
struct LinkKey {
  std::size_t from, from_port, to, to_port;
  bool operator==(const LinkKey& other) const {
    return from == other.from && from_port == other.from_port && to == other.to &&
           to_port == other.to_port;
  }
};
struct LinkKeyHash {
  std::size_t operator()(const LinkKey& key) const {
    std::size_t h = std::hash<std::size_t>{}(key.from);
    for (std::size_t part : {key.from_port, key.to, key.to_port}) {
      h ^= std::hash<std::size_t>{}(part) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    }
    return h;
  }
};

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

namespace {

// A resolved connection endpoint, or why it names nothing.
struct Endpoint {
  std::size_t node = 0;
  std::size_t port = 0;
};

std::string port_names(const std::vector<PortSpec>& ports) {
  std::string names;
  for (const PortSpec& port : ports) names += (names.empty() ? "" : ", ") + port.name;
  return names;
}

// `text` is "id" or "id.port"; `end` is "from" (output ports) or "to" (input ports).
Result<Endpoint> resolve_endpoint(const Manifest& manifest, const NodeIndex& nodes,
                                  const std::vector<NodePorts>& ports,
                                  const ConnectionDecl& connection, const char* end) {
  const bool output = std::string_view(end) == "from";
  const std::string& text = output ? connection.from : connection.to;
  const std::string where = JsonPath(connection.json_path).key(end).str();
  const char* side = output ? "output" : "input";
  std::size_t node = nodes.of(text);
  if (node < manifest.nodes.size()) {
    const std::vector<PortSpec>& side_ports = output ? ports[node].outputs : ports[node].inputs;
    if (side_ports.size() == 1) return Endpoint{node, 0};
    return invalid_input(errc::unknown_port,
                         "node '" + text + "' has several " + side + " ports (" +
                             port_names(side_ports) + "): name one, as '" + text + "." +
                             (side_ports.empty() ? std::string("port") : side_ports[0].name) + "'",
                         where, text);
  }
  std::size_t dot = text.rfind('.');
  if (dot != std::string::npos) {
    std::string id = text.substr(0, dot);
    std::string port_name = text.substr(dot + 1);
    node = nodes.of(id);
    if (node < manifest.nodes.size()) {
      const std::vector<PortSpec>& side_ports = output ? ports[node].outputs : ports[node].inputs;
      std::size_t port =
          output ? ports[node].output_index(port_name) : ports[node].input_index(port_name);
      if (port < side_ports.size()) return Endpoint{node, port};
      return invalid_input(errc::unknown_port,
                           "node '" + id + "' has no " + side + " port '" + port_name + "' (" +
                               side + " ports: " + port_names(side_ports) + ")",
                           where, id);
    }
  }
  return invalid_input(errc::dangling_connection,
                       "connection " + connection.json_path + " names unknown node '" + text + "'",
                       where, text);
}

}  // namespace

Result<Graph> build_graph(const Manifest& manifest) {
  return build_graph(manifest,
                     std::vector<NodePorts>(manifest.nodes.size(), NodePorts::defaults()));
}

Result<Graph> build_graph(const Manifest& manifest, const std::vector<NodePorts>& ports) {
  const std::size_t n = manifest.nodes.size();
  Graph graph;
  graph.links.resize(n);
  graph.downstream.resize(n);
  graph.upstream.resize(n);
  const NodeIndex nodes(manifest);
  std::unordered_set<LinkKey, LinkKeyHash> seen_links;
  seen_links.reserve(manifest.connections.size());
  for (std::size_t c = 0; c < manifest.connections.size(); ++c) {
    const ConnectionDecl& connection = manifest.connections[c];
    Result<Endpoint> from = resolve_endpoint(manifest, nodes, ports, connection, "from");
    if (!from) return from.take_error();
    Result<Endpoint> to = resolve_endpoint(manifest, nodes, ports, connection, "to");
    if (!to) return to.take_error();
    Link link{from->node, from->port, to->node, to->port, c};
    if (!seen_links.insert(LinkKey{link.from, link.from_port, link.to, link.to_port}).second) {
      return invalid_input(errc::duplicate_connection,
                           "connection " + connection.from + " -> " + connection.to +
                               " appears twice (again at " + connection.json_path + ")",
                           connection.json_path, connection.from);
    }
    const PortSpec& out = ports[link.from].outputs[link.from_port];
    const PortSpec& in = ports[link.to].inputs[link.to_port];
    std::string mismatch = port_mismatch(out, in);
    if (!mismatch.empty()) {
      const std::string& from_id = manifest.nodes[link.from].id;
      const std::string& to_id = manifest.nodes[link.to].id;
      return invalid_input(errc::port_mismatch,
                           "connection " + from_id + "." + out.name + " -> " + to_id + "." +
                               in.name + " can never carry an item: " + mismatch,
                           connection.json_path, from_id);
    }
    graph.links[link.from].push_back(link);
    graph.downstream[link.from].push_back(link.to);
    graph.upstream[link.to].push_back(link.from);
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
