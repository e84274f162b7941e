#include "nodes/math/math_nodes.h"

namespace remotemedia {
namespace {

class PassThroughNode final : public Node {
 public:
  Status process(Value item, NodeContext& ctx) override {
    ctx.emit(std::move(item));
    return Status::ok();
  }
};

}  // namespace

NodeTypeSpec pass_through_node_spec() {
  NodeTypeSpec spec;
  spec.name = "PassThroughNode";
  spec.family = "math";
  spec.description = "Emits every item unchanged.";
  spec.create = [](const NodeConfig&) -> Result<std::unique_ptr<Node>> {
    return std::unique_ptr<Node>(new PassThroughNode());
  };
  return spec;
}

}  // namespace remotemedia
