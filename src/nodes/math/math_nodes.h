// The math family: PassThroughNode, MultiplyNode, AddNode.
#pragma once

#include "remotemedia/node.h"
#include "remotemedia/registry.h"

namespace remotemedia {

NodeTypeSpec pass_through_node_spec();
NodeTypeSpec multiply_node_spec();
NodeTypeSpec add_node_spec();

Status register_math_nodes(NodeRegistry& registry);

}  // namespace remotemedia
