#include "remotemedia/registry.h"

#include <string>

namespace remotemedia {

Status NodeRegistry::add(NodeTypeSpec spec) {
  if (find(spec.name) != nullptr) {
    return invalid_input(errc::duplicate_node_type,
                         "node type '" + spec.name + "' is registered twice");
  }
  types_.push_back(std::move(spec));
  return Status::ok();
}

const NodeTypeSpec* NodeRegistry::find(std::string_view name) const {
  for (const NodeTypeSpec& spec : types_) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

}  // namespace remotemedia
