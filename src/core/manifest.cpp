#include "core/manifest.h"

#include <string>
#include <unordered_map>

#include "core/json_path.h"
#include "core/wire_forms.h"

namespace remotemedia {
namespace {

constexpr const char* kSupportedVersion = "v1";

Error missing(const JsonPath& path, const std::string& field, const std::string& node_id = {}) {
  std::string where = path.with_key(field).str();
  return invalid_input(errc::missing_field,
                       "required field \"" + field + "\" is missing at " + where, where, node_id);
}

Error wrong_type(const JsonPath& path, const std::string& expected, const Value& got,
                 const std::string& node_id = {}) {
  return invalid_input(errc::invalid_field,
                       path.str() + " must be " + expected + ", got " + got.kind_name(), path.str(),
                       node_id);
}

// The string at `map[field]`, which must exist and be a non-empty string.
Result<std::string> required_string(const Map& map, const JsonPath& path, const std::string& field,
                                    const std::string& node_id = {}) {
  const Value* value = map.find(field);
  if (value == nullptr) return missing(path, field, node_id);
  const std::string* text = value->as_string();
  if (text == nullptr || text->empty()) {
    return wrong_type(path.with_key(field), "a non-empty string", *value, node_id);
  }
  return *text;
}

Result<NodeDecl> parse_node(Value& entry, const JsonPath& path) {
  Map* map = entry.as_map();
  if (map == nullptr) return wrong_type(path, "an object", entry);
  NodeDecl node;
  node.json_path = path.str();
  Result<std::string> id = required_string(*map, path, "id");
  if (!id) return id.take_error();
  node.id = std::move(*id);
  // Node ids are the keys of the result's "outputs" map, which must never look like a wire form.
  for (const char* marker : kWireFormMarkers) {
    if (node.id == marker) {
      std::string where = path.with_key("id").str();
      return invalid_input(errc::reserved_key,
                           "node id \"" + node.id +
                               "\" is reserved for the JSON wire forms (it would be a key of the "
                               "result's \"outputs\") at " +
                               where,
                           where);
    }
  }
  Result<std::string> type = required_string(*map, path, "node_type", node.id);
  if (!type) return type.take_error();
  node.node_type = std::move(*type);
  if (Value* params = map->find("params")) {
    if (!params->is_null()) {
      Map* params_map = params->as_map();
      if (params_map == nullptr) {
        return wrong_type(path.with_key("params"), "an object", *params, node.id);
      }
      node.params = std::move(*params_map);
    }
  }
  return node;
}

Result<ConnectionDecl> parse_connection(const Value& entry, const JsonPath& path) {
  const Map* map = entry.as_map();
  if (map == nullptr) return wrong_type(path, "an object with \"from\" and \"to\"", entry);
  ConnectionDecl connection;
  connection.json_path = path.str();
  Result<std::string> from = required_string(*map, path, "from");
  if (!from) return from.take_error();
  Result<std::string> to = required_string(*map, path, "to");
  if (!to) return to.take_error();
  connection.from = std::move(*from);
  connection.to = std::move(*to);
  return connection;
}

Result<Manifest> parse_manifest(Value& document, const JsonPath& path) {
  Map* map = document.as_map();
  if (map == nullptr) return wrong_type(path, "a manifest object", document);
  Manifest manifest;

  const Value* version = map->find("version");
  if (version == nullptr) return missing(path, "version");
  const std::string* version_text = version->as_string();
  if (version_text == nullptr || *version_text != kSupportedVersion) {
    std::string where = path.with_key("version").str();
    return invalid_input(errc::unsupported_version,
                         "manifest version must be \"v1\" (at " + where + ")", where);
  }

  const Value* metadata = map->find("metadata");
  if (metadata == nullptr) return missing(path, "metadata");
  if (metadata->as_map() == nullptr) {
    return wrong_type(path.with_key("metadata"), "an object", *metadata);
  }
  Result<std::string> name =
      required_string(*metadata->as_map(), path.with_key("metadata"), "name");
  if (!name) return name.take_error();
  manifest.name = std::move(*name);

  Value* nodes = map->find("nodes");
  if (nodes == nullptr) return missing(path, "nodes");
  List* node_list = nodes->as_list();
  if (node_list == nullptr) return wrong_type(path.with_key("nodes"), "a list", *nodes);
  if (node_list->empty()) {
    std::string where = path.with_key("nodes").str();
    return invalid_input(errc::empty_pipeline, "the pipeline has no nodes (at " + where + ")",
                         where);
  }
  if (node_list->size() > kMaxNodes) {
    std::string where = path.with_key("nodes").str();
    return invalid_input(errc::invalid_manifest,
                         "the pipeline has " + std::to_string(node_list->size()) +
                             " nodes; at most " + std::to_string(kMaxNodes) + " are allowed",
                         where);
  }
  // Node id -> its index, so that finding a duplicate is O(1) per node (a scan was O(n^2)).
  std::unordered_map<std::string, std::size_t> index_of_id;
  index_of_id.reserve(node_list->size());
  for (std::size_t i = 0; i < node_list->size(); ++i) {
    JsonPath node_path = path.with_key("nodes").index(i);
    Result<NodeDecl> node = parse_node((*node_list)[i], node_path);
    if (!node) return node.take_error();
    auto [earlier, added] = index_of_id.emplace(node->id, manifest.nodes.size());
    if (!added) {
      std::string where = node_path.with_key("id").str();
      return invalid_input(errc::duplicate_node_id,
                           "node id '" + node->id + "' is used twice (first at " +
                               manifest.nodes[earlier->second].json_path + ", again at " + where +
                               ")",
                           where, node->id);
    }
    manifest.nodes.push_back(std::move(*node));
  }

  if (const Value* connections = map->find("connections"); connections && !connections->is_null()) {
    const List* list = connections->as_list();
    if (list == nullptr) return wrong_type(path.with_key("connections"), "a list", *connections);
    if (list->size() > kMaxConnections) {
      return invalid_input(errc::invalid_manifest,
                           "the pipeline has " + std::to_string(list->size()) +
                               " connections; at most " + std::to_string(kMaxConnections) +
                               " are allowed",
                           path.with_key("connections").str());
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      Result<ConnectionDecl> connection =
          parse_connection((*list)[i], path.with_key("connections").index(i));
      if (!connection) return connection.take_error();
      manifest.connections.push_back(std::move(*connection));
    }
  }
  return manifest;
}

}  // namespace

Result<PipelineRequest> parse_request(Value document) {
  Map* top = document.as_map();
  if (top == nullptr) {
    return invalid_input(errc::invalid_manifest,
                         std::string("the document must be a JSON object (a manifest or an "
                                     "envelope with \"manifest\"), got ") +
                             document.kind_name(),
                         "$");
  }
  PipelineRequest request;
  Value* envelope_manifest = top->find("manifest");
  JsonPath manifest_path = envelope_manifest ? JsonPath().key("manifest") : JsonPath();
  if (envelope_manifest != nullptr) {
    if (Value* input = top->find("input_data"); input && !input->is_null()) {
      List* items = input->as_list();
      if (items == nullptr) {
        return wrong_type(JsonPath().key("input_data"), "a list of items", *input);
      }
      request.input_data = std::move(*items);
    }
  }
  Result<Manifest> manifest =
      parse_manifest(envelope_manifest ? *envelope_manifest : document, manifest_path);
  if (!manifest) return manifest.take_error();
  request.manifest = std::move(*manifest);
  return request;
}

}  // namespace remotemedia
