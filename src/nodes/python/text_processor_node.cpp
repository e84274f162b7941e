#include "python/python_api.h"

#include "nodes/python/python_class_node.h"
#include "nodes/python/python_nodes.h"

namespace remotemedia {

NodeTypeSpec text_processor_node_spec() {
  NodeTypeSpec spec;
  spec.name = "TextProcessorNode";
  spec.family = "python";
  spec.description =
      "Text operations on a string item (or an item's \"text\" field): emits {\"original_text\", "
      "\"results\"} with one result per operation (remotemedia.nodes.TextProcessorNode).";
  spec.params = {
      ParamSpec::optional("operations", ParamType::kList,
                          Value(List{Value("uppercase"), Value("word_count")}),
                          "operations in result order: uppercase, lowercase, title, capitalize, "
                          "swapcase, reverse, strip, word_count, char_count, line_count, words"),
  };
  spec.create = [](const NodeConfig& config) {
    return create_builtin_python_node(config, "TextProcessorNode");
  };
  return spec;
}

}  // namespace remotemedia
