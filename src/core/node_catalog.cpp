#include "core/node_catalog.h"

namespace remotemedia {

Value node_catalog(const NodeRegistry& registry) {
  List types;
  for (const NodeTypeSpec& spec : registry.types()) {
    List params;
    for (const ParamSpec& param : spec.params) {
      Map entry{{"name", Value(param.name)},
                {"type", Value(param_type_name(param.type))},
                {"required", Value(param.required)}};
      if (!param.required) entry.set("default", param.default_value);
      entry.set("description", Value(param.description));
      params.emplace_back(std::move(entry));
    }
    types.emplace_back(Map{{"name", Value(spec.name)},
                           {"family", Value(spec.family)},
                           {"description", Value(spec.description)},
                           {"params", Value(std::move(params))}});
  }
  return Map{{"node_types", Value(std::move(types))}};
}

}  // namespace remotemedia
