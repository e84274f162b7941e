#include "nodes/python/python_nodes.h"

namespace remotemedia {

Status register_python_nodes(NodeRegistry& registry) {
  RM_RETURN_IF_ERROR(registry.add(python_node_spec()));
  RM_RETURN_IF_ERROR(registry.add(text_processor_node_spec()));
  RM_RETURN_IF_ERROR(registry.add(data_transform_node_spec()));
  return Status::ok();
}

}  // namespace remotemedia
