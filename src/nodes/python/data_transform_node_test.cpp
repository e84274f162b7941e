#include <gtest/gtest.h>

#include "core/json_reader.h"
#include "nodes/node_test_support.h"
#include "nodes/python/python_nodes.h"

namespace remotemedia {
namespace {

Value json(const char* text) {
  Result<Value> value = parse_json(text);
  EXPECT_TRUE(value.is_ok()) << text;
  return value ? std::move(*value) : Value();
}

Map transforms(const char* list_json) {
  return Map{{"transforms", json(list_json)}};
}

TEST(DataTransformNode, AppliesTransformsInOrder) {
  List out = run_ok(data_transform_node_spec(),
                    transforms(R"([{"op": "rename", "field": "t", "to": "temp.c"},
                                   {"op": "scale", "field": "temp.c", "factor": 2},
                                   {"op": "offset", "field": "temp.c", "amount": 0.5},
                                   {"op": "round", "field": "temp.c"},
                                   {"op": "lowercase", "field": "name"},
                                   {"op": "set", "field": "tags", "value": []},
                                   {"op": "default", "field": "unit", "value": "C"},
                                   {"op": "to_float", "field": "n"},
                                   {"op": "to_str", "field": "id"},
                                   {"op": "delete", "field": "junk"}])"),
                    {json(R"({"id": 1, "name": "ABC", "t": 20.1, "n": "2", "junk": 0})")});
  EXPECT_EQ(out, (List{json(R"({"id": "1", "name": "abc", "n": 2.0,
                                "temp": {"c": 41}, "tags": [], "unit": "C"})")}));
}

TEST(DataTransformNode, MissingFieldsAreLeftAlone) {
  List out = run_ok(data_transform_node_spec(), transforms(R"([{"op": "uppercase", "field": "a.b"},
                                   {"op": "copy", "field": "x", "to": "y"}])"),
                    {json(R"({"a": 1})")});
  EXPECT_EQ(out, (List{json(R"({"a": 1})")}));
}

TEST(DataTransformNode, SelectKeepsListedFieldsInOrder) {
  List out = run_ok(data_transform_node_spec(),
                    transforms(R"([{"op": "select", "fields": ["b", "a.y", "zz"]}])"),
                    {json(R"({"a": {"x": 1, "y": 2}, "b": 3, "c": 4})")});
  EXPECT_EQ(out, (List{json(R"({"b": 3, "a": {"y": 2}})")}));
}

TEST(DataTransformNode, ItemsDoNotShareParamValues) {
  List out =
      run_ok(data_transform_node_spec(), transforms(R"([{"op": "set", "field": "meta", "value": {}},
                                   {"op": "copy", "field": "v", "to": "meta.v"}])"),
             {json(R"({"v": 1})"), json(R"({"v": 2})")});
  EXPECT_EQ(out,
            (List{json(R"({"v": 1, "meta": {"v": 1}})"), json(R"({"v": 2, "meta": {"v": 2}})")}));
}

TEST(DataTransformNode, BadTransformsAreInvalidParams) {
  for (const char* bad :
       {R"([{"op": "explode", "field": "a"}])", R"([{"op": "rename", "field": "a"}])",
        R"([{"op": "scale", "field": "a", "factor": "2"}])",
        R"([{"op": "delete", "field": "a", "extra": 1}])", R"([3])"}) {
    Result<std::unique_ptr<Node>> node = build_node(data_transform_node_spec(), transforms(bad));
    ASSERT_FALSE(node.is_ok()) << bad;
    EXPECT_EQ(node.error().code, "invalid_param") << bad;
    EXPECT_EQ(node.error().path, "$.nodes[0].params.transforms");
    EXPECT_NE(node.error().message.find("transforms[0]"), std::string::npos)
        << node.error().message;
  }
}

TEST(DataTransformNode, NonMapItemsFailTheRun) {
  Result<std::unique_ptr<Node>> node = build_node(data_transform_node_spec(), {});
  ASSERT_TRUE(node.is_ok());
  List out;
  Status status = run_items(**node, {Value("text")}, out);
  ASSERT_FALSE(status.is_ok());
  EXPECT_EQ(status.error().message, "TypeError: DataTransformNode needs dict items, got str");
}

}  // namespace
}  // namespace remotemedia
