#include "cli/tap_sinks.h"

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "remotemedia/error_codes.h"

namespace remotemedia {
namespace {

// True when `nodes` (the manifest's list) has a node with id `id`.
bool has_node(const List& nodes, const std::string& id) {
  for (const Value& node : nodes) {
    const Map* map = node.as_map();
    const Value* node_id = map != nullptr ? map->find("id") : nullptr;
    if (node_id != nullptr && node_id->as_string() != nullptr && *node_id->as_string() == id) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<std::string> with_taps(const std::string& document, const std::vector<std::string>& taps) {
  if (taps.empty()) return document;
  Result<Value> parsed = parse_json(document);
  if (!parsed || parsed->as_map() == nullptr) return document;
  Value* manifest_value = parsed->as_map()->find("manifest");
  Map* manifest = manifest_value != nullptr ? manifest_value->as_map() : parsed->as_map();
  Value* nodes = manifest != nullptr ? manifest->find("nodes") : nullptr;
  Value* connections = manifest != nullptr ? manifest->find("connections") : nullptr;
  if (nodes == nullptr || nodes->as_list() == nullptr) return document;
  if (connections == nullptr) {
    manifest->set("connections", Value(List{}));
    connections = manifest->find("connections");
  }
  if (connections->as_list() == nullptr) return document;
  for (const std::string& tap : taps) {
    const std::size_t dot = tap.rfind('.');
    const bool known =
        has_node(*nodes->as_list(), tap) ||
        (dot != std::string::npos && has_node(*nodes->as_list(), tap.substr(0, dot)));
    if (!known) {
      return invalid_input(errc::invalid_argument,
                           "--tap '" + tap + "': the pipeline has no node of that id");
    }
    const std::string id = "tap:" + tap;
    if (has_node(*nodes->as_list(), id)) continue;  // tapped twice: one sink
    nodes->as_list()->push_back(
        Value(Map{{"id", Value(id)}, {"node_type", Value("PassThroughNode")}}));
    connections->as_list()->push_back(Value(Map{{"from", Value(tap)}, {"to", Value(id)}}));
  }
  return to_json(*parsed);
}

}  // namespace remotemedia
