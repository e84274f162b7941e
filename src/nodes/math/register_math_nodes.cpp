#include "nodes/math/math_nodes.h"

namespace remotemedia {

Status register_math_nodes(NodeRegistry& registry) {
  RM_RETURN_IF_ERROR(registry.add(pass_through_node_spec()));
  RM_RETURN_IF_ERROR(registry.add(multiply_node_spec()));
  RM_RETURN_IF_ERROR(registry.add(add_node_spec()));
  return Status::ok();
}

}  // namespace remotemedia
