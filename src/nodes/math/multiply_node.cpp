#include "nodes/math/math_nodes.h"
#include "nodes/math/scalar_arithmetic.h"

namespace remotemedia {

NodeTypeSpec multiply_node_spec() {
  NodeTypeSpec spec;
  spec.name = "MultiplyNode";
  spec.family = "math";
  spec.description = "Multiplies numbers, tensors and audio samples by `factor`.";
  spec.params = {ParamSpec::optional("factor", ParamType::kNumber, Value(2), "the scalar operand")};
  spec.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    return make_scalar_arithmetic_node(ArithmeticOp::kMultiply, config.id,
                                       *config.params.find("factor"));
  };
  return spec;
}

}  // namespace remotemedia
