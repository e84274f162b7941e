#include "core/node_catalog.h"

#include "core/params.h"

namespace remotemedia {
namespace {

Value ports_value(const std::vector<PortSpec>& ports) {
  List list;
  for (const PortSpec& port : ports) {
    Map entry{{"name", Value(port.name)}, {"kinds", Value(port.kinds.describe())}};
    if (port.audio.sample_rate != 0) entry.set("sample_rate", Value(port.audio.sample_rate));
    if (port.audio.channels != 0) entry.set("channels", Value(port.audio.channels));
    if (!port.description.empty()) entry.set("description", Value(port.description));
    list.emplace_back(std::move(entry));
  }
  return Value(std::move(list));
}

}  // namespace

Value node_catalog(const NodeRegistry& registry) {
  List types;
  for (const NodeTypeSpec& spec : registry.types()) {
    List params;
    for (const ParamSpec& param : spec.params) {
      Map entry{{"name", Value(param.name)},
                {"type", Value(param_type_name(param.type))},
                {"required", Value(param.is_required)}};
      if (!param.is_required) entry.set("default", param.default_value);
      entry.set("description", Value(param.description));
      if (!param.choices.empty()) entry.set("choices", Value(param.choices));
      if (param.bounded) {
        entry.set("min", param_bound(param.min));
        entry.set("max", param_bound(param.max));
      }
      params.emplace_back(std::move(entry));
    }
    // Ports as declared for the params' defaults (a param may change them, e.g. a rate).
    Map defaults;
    for (const ParamSpec& param : spec.params) defaults.set(param.name, param.default_value);
    NodePorts ports = spec.ports ? spec.ports(defaults) : NodePorts::defaults();
    types.emplace_back(Map{{"name", Value(spec.name)},
                           {"family", Value(spec.family)},
                           {"description", Value(spec.description)},
                           {"params", Value(std::move(params))},
                           {"inputs", ports_value(ports.inputs)},
                           {"outputs", ports_value(ports.outputs)}});
  }
  return Map{{"node_types", Value(std::move(types))}};
}

}  // namespace remotemedia
