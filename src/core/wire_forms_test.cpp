#include "core/wire_forms.h"

#include <gtest/gtest.h>

#include "core/json_reader.h"

namespace remotemedia {
namespace {

Result<Value> decode(const std::string& text) {
  Result<Value> parsed = parse_json(text);
  if (!parsed) return parsed;
  Status status = decode_wire_forms(*parsed, "$");
  if (!status) return status;
  return parsed;
}

TEST(WireForms, DecodesTensorsNestedInsideContainers) {
  Result<Value> v = decode(
      R"({"x": [{"__numpy__": true, "array": {"meta": {"dtype": "float64", "shape": []}, "data": "AAAAAAAA8D8="}}]})");
  ASSERT_TRUE(v.is_ok()) << v.error().message;
  const Tensor* t = (*v->as_map()->find("x")->as_list())[0].as_tensor();
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->dtype, DType::kFloat64);
  EXPECT_TRUE(t->shape.empty());
  EXPECT_EQ(*reinterpret_cast<const double*>(t->data.data()), 1.0);
}

struct BadForm {
  const char* text;
  const char* path;
};

class WireFormsRejects : public ::testing::TestWithParam<BadForm> {};

TEST_P(WireFormsRejects, WithCodeAndPath) {
  Result<Value> v = decode(GetParam().text);
  ASSERT_FALSE(v.is_ok()) << GetParam().text;
  EXPECT_EQ(v.error().code, "invalid_wire_form");
  EXPECT_EQ(v.error().path, GetParam().path) << v.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Damaged, WireFormsRejects,
    ::testing::Values(
        BadForm{
            R"([{"__numpy__": true, "array": {"meta": {"dtype": "float32", "shape": [3]}, "data": "AAAAAA=="}}])",
            "$[0].array.data"},
        BadForm{
            R"({"__numpy__": true, "array": {"meta": {"dtype": "complex", "shape": [0]}, "data": ""}})",
            "$.array.meta.dtype"},
        BadForm{
            R"({"__numpy__": true, "array": {"meta": {"dtype": "uint8", "shape": [-1]}, "data": ""}})",
            "$.array.meta.shape"},
        BadForm{R"({"__numpy__": false, "array": {}})", "$"},
        BadForm{R"({"__numpy__": true})", "$"},
        BadForm{R"({"__bytes__": true, "data": "!!"})", "$.data"},
        BadForm{R"({"__bytes__": true, "data": "", "extra": 1})", "$"},
        BadForm{R"({"__audio__": true, "sample_rate": 0, "channels": 1, "data": ""})",
                "$.sample_rate"},
        BadForm{R"({"__audio__": true, "sample_rate": 8000, "channels": 2, "data": "AAAAAA=="})",
                "$.data"},
        BadForm{R"({"a": {"__float__": "NaN"}})", "$.a"}));

}  // namespace
}  // namespace remotemedia
