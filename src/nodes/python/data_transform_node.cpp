#include "python/python_api.h"

#include "nodes/python/python_class_node.h"
#include "nodes/python/python_nodes.h"

namespace remotemedia {

NodeTypeSpec data_transform_node_spec() {
  NodeTypeSpec spec;
  spec.name = "DataTransformNode";
  spec.family = "python";
  spec.description =
      "Field-level transforms of map items, applied in order: rename, copy, set, default, "
      "delete, select, uppercase, lowercase, strip, scale, offset, round, to_int, to_float, "
      "to_str (remotemedia.nodes.DataTransformNode; docs/python-nodes.md).";
  spec.params = {
      ParamSpec::optional("transforms", ParamType::kList, Value(List()),
                          "list of {\"op\": ..., \"field\": \"a.b\", ...} applied in order"),
  };
  spec.create = [](const NodeConfig& config) {
    return create_builtin_python_node(config, "DataTransformNode");
  };
  return spec;
}

}  // namespace remotemedia
