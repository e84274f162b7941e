#include "remotemedia/registry.h"

#include "nodes/math/math_nodes.h"

namespace remotemedia {

Status register_builtin_nodes(NodeRegistry& registry) {
  RM_RETURN_IF_ERROR(register_math_nodes(registry));
  return Status::ok();
}

}  // namespace remotemedia
