#include "core/wire_forms.h"

#include <gtest/gtest.h>

#include "core/json_reader.h"
#include "core/json_writer.h"

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
        BadForm{R"({"__audio__": true, "sample_rate": 8000, "channels": 1, "start_frame": -1,
                    "data": ""})",
                "$.start_frame"},
        BadForm{R"({"__audio__": true, "sample_rate": 8000, "channels": 1, "start_frame": 1.5,
                    "data": ""})",
                "$.start_frame"},
        BadForm{R"({"a": {"__float__": "NaN"}})", "$.a"}));

TEST(WireForms, AudioCarriesItsPositionOnTheTimelineOnlyWhenItHasOne) {
  const std::string placed =
      R"({"__audio__": true, "sample_rate": 8000, "channels": 1, "start_frame": 4000, "data": "AACAPw=="})";
  Result<Value> v = decode(placed);
  ASSERT_TRUE(v.is_ok()) << v.error().message;
  EXPECT_EQ(v->as_audio()->start_frame, 4000);
  EXPECT_EQ(to_json(*v), placed);
  Result<Value> origin =
      decode(R"({"__audio__": true, "sample_rate": 8000, "channels": 1, "data": "AACAPw=="})");
  ASSERT_TRUE(origin.is_ok());
  EXPECT_EQ(origin->as_audio()->start_frame, 0);
  EXPECT_EQ(to_json(*origin),
            R"({"__audio__": true, "sample_rate": 8000, "channels": 1, "data": "AACAPw=="})");
}

// Issue 8, item 3: sizes are checked in 64 bits against one limit, so a shape whose byte size
// wraps a 32-bit size_t is refused on wasm32 exactly as natively.
TEST(WireForms, RefusesTensorsOverTheArrayLimitWithTheSameErrorEverywhere) {
  Result<Value> v = decode(
      R"({"__numpy__": true, "array": {"meta": {"dtype": "float64", "shape": [536870913]}, "data": "AAAAAAAAAAA="}})");
  ASSERT_FALSE(v.is_ok());
  EXPECT_EQ(v.error().code, "value_too_large");
  EXPECT_EQ(v.error().path, "$.array.meta.shape");
  EXPECT_EQ(v.error().message,
            "tensor shape is too large: float64 elements in this shape need more than "
            "2147483647 bytes (the limit on every target) at $.array.meta.shape");
  v = decode(
      R"({"__numpy__": true, "array": {"meta": {"dtype": "uint8", "shape": [2147483648, 0]}, "data": ""}})");
  ASSERT_FALSE(v.is_ok());
  EXPECT_EQ(v.error().code, "value_too_large");
  v = decode(
      R"({"__numpy__": true, "array": {"meta": {"dtype": "uint8", "shape": [2147483647, 0]}, "data": ""}})");
  EXPECT_TRUE(v.is_ok()) << v.error().message;
}

TEST(WireForms, NamesTheMarkerKeyOfAMapThatWouldBeDecoded) {
  EXPECT_EQ(wire_form_marker_in(Map{{"a", Value(1)}, {"__floats__", Value(1)}}), nullptr);
  EXPECT_STREQ(wire_form_marker_in(Map{{"x", Value(1)}, {"__numpy__", Value(true)}}), "__numpy__");
  EXPECT_STREQ(wire_form_marker_in(Map{{"__float__", Value("nan")}}), "__float__");
  EXPECT_STREQ(wire_form_marker_in(Map{{"__audio__", Value(1)}, {"__bytes__", Value(1)}}),
               "__audio__");
  // Every map wire_form_marker_in names is one decode_wire_forms decodes or refuses.
  Value plain(Map{{"__bytes__", Value(1)}});
  EXPECT_FALSE(decode_wire_forms(plain, "$").is_ok());
}

}  // namespace
}  // namespace remotemedia
