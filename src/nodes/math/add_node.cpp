#include "nodes/math/math_nodes.h"
#include "nodes/math/scalar_arithmetic.h"

namespace remotemedia {

NodeTypeSpec add_node_spec() {
  NodeTypeSpec spec;
  spec.name = "AddNode";
  spec.family = "math";
  spec.description = "Adds `addend` to numbers, tensors and audio samples.";
  spec.params = {ParamSpec::optional("addend", ParamType::kNumber, Value(0), "the scalar operand")};
  spec.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    return make_scalar_arithmetic_node(ArithmeticOp::kAdd, config.id,
                                       *config.params.find("addend"));
  };
  return spec;
}

}  // namespace remotemedia
