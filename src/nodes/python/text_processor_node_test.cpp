#include <gtest/gtest.h>

#include "nodes/node_test_support.h"
#include "nodes/python/python_nodes.h"

namespace remotemedia {
namespace {

Map ops(std::initializer_list<const char*> names) {
  List list;
  for (const char* name : names) list.emplace_back(name);
  return Map{{"operations", Value(std::move(list))}};
}

TEST(TextProcessorNode, ReportsEachOperationInOrder) {
  List out = run_ok(text_processor_node_spec(),
                    ops({"reverse", "uppercase", "lowercase", "title", "word_count", "char_count"}),
                    {Value("ab cd")});
  Value want(Map{{"original_text", Value("ab cd")},
                 {"results", Value(Map{{"reverse", Value("dc ba")},
                                       {"uppercase", Value("AB CD")},
                                       {"lowercase", Value("ab cd")},
                                       {"title", Value("Ab Cd")},
                                       {"word_count", Value(2)},
                                       {"char_count", Value(5)}})}});
  EXPECT_EQ(out, (List{want}));
}

TEST(TextProcessorNode, ReadsTheTextFieldOfMaps) {
  List out = run_ok(text_processor_node_spec(), ops({"word_count"}),
                    {Value(Map{{"text", Value("one two three")}, {"id", Value(1)}})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(*out[0].as_map()->find("original_text"), Value("one two three"));
  EXPECT_EQ(*out[0].as_map()->find("results"), Value(Map{{"word_count", Value(3)}}));
}

TEST(TextProcessorNode, DefaultsToUppercaseAndWordCount) {
  List out = run_ok(text_processor_node_spec(), {}, {Value("a b")});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(*out[0].as_map()->find("results"),
            Value(Map{{"uppercase", Value("A B")}, {"word_count", Value(2)}}));
}

TEST(TextProcessorNode, UnknownOperationsAreInvalidParams) {
  Result<std::unique_ptr<Node>> node = build_node(text_processor_node_spec(), ops({"shout"}));
  ASSERT_FALSE(node.is_ok());
  EXPECT_EQ(node.error().code, "invalid_param");
  EXPECT_EQ(node.error().path, "$.nodes[0].params.operations");
  EXPECT_NE(node.error().message.find("'shout'"), std::string::npos);
  EXPECT_FALSE(build_node(text_processor_node_spec(), Map{{"operations", Value(List{})}}).is_ok());
}

TEST(TextProcessorNode, OtherItemsFailTheRun) {
  Result<std::unique_ptr<Node>> node = build_node(text_processor_node_spec(), {});
  ASSERT_TRUE(node.is_ok());
  List out;
  Status status = run_items(**node, {Value(3)}, out);
  ASSERT_FALSE(status.is_ok());
  EXPECT_EQ(status.error().code, "python_error");
  EXPECT_NE(status.error().message.find("TypeError: TextProcessorNode needs a str item"),
            std::string::npos);
}

}  // namespace
}  // namespace remotemedia
