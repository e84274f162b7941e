// The Python family: PythonNode (a user class from a module file or inline source) and the
// built-in Python nodes of the embedded remotemedia.nodes package (TextProcessorNode,
// DataTransformNode). Registering starts no interpreter: the first factory call does.
// Contract and type mapping: docs/python-nodes.md.
#pragma once

#include "remotemedia/node.h"
#include "remotemedia/registry.h"

namespace remotemedia {

NodeTypeSpec python_node_spec();
NodeTypeSpec text_processor_node_spec();
NodeTypeSpec data_transform_node_spec();

Status register_python_nodes(NodeRegistry& registry);

}  // namespace remotemedia
