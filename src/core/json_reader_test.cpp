#include "core/json_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace remotemedia {
namespace {

TEST(JsonReader, KeepsIntsAndFloatsApart) {
  Result<Value> v = parse_json(R"([1, -7, 1.0, 1e2, 9223372036854775807, -9223372036854775808])");
  ASSERT_TRUE(v.is_ok()) << v.error().message;
  const List& list = *v->as_list();
  EXPECT_EQ(list[0], Value(1));
  EXPECT_EQ(list[1], Value(-7));
  EXPECT_EQ(list[2], Value(1.0));
  EXPECT_EQ(list[3], Value(100.0));
  EXPECT_EQ(list[4], Value(std::int64_t{9223372036854775807}));
  EXPECT_EQ(*list[5].as_int(), INT64_MIN);
}

TEST(JsonReader, RefusesIntegersBeyondInt64) {
  for (const char* text : {"9223372036854775808", "[1, 123456789012345678901234567890]"}) {
    Result<Value> v = parse_json(text);
    ASSERT_FALSE(v.is_ok()) << text;
    EXPECT_EQ(v.error().code, "invalid_json");
    EXPECT_NE(v.error().message.find("64-bit"), std::string::npos) << v.error().message;
  }
}

TEST(JsonReader, RefusesANulByteAnywhere) {
  using namespace std::string_literals;
  // After the value, between tokens and inside a string: each would otherwise end the input early.
  for (const std::string& text : {"{\"a\": 1}\0garbage"s, "[1,\0 2]"s, "\"a\0b\""s, "\0"s}) {
    Result<Value> v = parse_json(text);
    ASSERT_FALSE(v.is_ok()) << text.size();
    EXPECT_EQ(v.error().code, "invalid_json");
    EXPECT_NE(v.error().message.find("NUL byte at offset"), std::string::npos) << v.error().message;
  }
}

TEST(JsonReader, KeepsKeyOrder) {
  Result<Value> v = parse_json(R"({"z": 1, "a": 2, "m": {"y": 3, "b": 4}})");
  ASSERT_TRUE(v.is_ok());
  std::string keys;
  for (const auto& entry : *v->as_map()) keys += entry.first;
  EXPECT_EQ(keys, "zam");
}

TEST(JsonReader, RefusesDuplicateKeysWithTheirPath) {
  Result<Value> v = parse_json(R"({"nodes": [{"id": "a", "id": "b"}]})");
  ASSERT_FALSE(v.is_ok());
  EXPECT_EQ(v.error().path, "$.nodes[0].id");
  EXPECT_NE(v.error().message.find("duplicate key \"id\""), std::string::npos) << v.error().message;
}

TEST(JsonReader, FindsADuplicateAmongManyKeys) {
  std::string text = "{";
  for (int i = 0; i < 5000; ++i)
    text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  std::string ok = text + "\"last\": 0}";
  Result<Value> v = parse_json(ok);
  ASSERT_TRUE(v.is_ok());
  EXPECT_EQ(v->as_map()->size(), 5001u);
  EXPECT_EQ(*v->as_map()->find("k4321"), Value(4321));
  Result<Value> dup = parse_json(text + "\"k2500\": 0}");
  ASSERT_FALSE(dup.is_ok());
  EXPECT_EQ(dup.error().path, "$.k2500");
}

TEST(JsonReader, ReportsLineAndColumnOfSyntaxErrors) {
  Result<Value> v = parse_json("{\n  \"a\": [1, 2,,]\n}");
  ASSERT_FALSE(v.is_ok());
  EXPECT_EQ(v.error().category, ErrorCategory::kInvalidInput);
  EXPECT_NE(v.error().message.find("line 2, column 14"), std::string::npos) << v.error().message;
}

TEST(JsonReader, RefusesEmptyInputTrailingGarbageAndBadUtf8) {
  EXPECT_FALSE(parse_json("").is_ok());
  EXPECT_FALSE(parse_json("{} {}").is_ok());
  EXPECT_FALSE(parse_json("\"\xff\"").is_ok());
  EXPECT_FALSE(parse_json("[1e999]").is_ok());
  EXPECT_FALSE(parse_json("NaN").is_ok());
}

TEST(JsonReader, DecodesEscapesAndSurrogatePairs) {
  Result<Value> v = parse_json(R"("a\n\u00e9\ud83d\ude00")");
  ASSERT_TRUE(v.is_ok());
  EXPECT_EQ(*v->as_string(), "a\n\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(JsonReader, BoundsNestingDepth) {
  std::string ok(kMaxJsonDepth, '[');
  ok += std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(parse_json(ok).is_ok());
  std::string deep(100000, '[');
  Result<Value> v = parse_json(deep + std::string(100000, ']'));
  ASSERT_FALSE(v.is_ok());
  EXPECT_NE(v.error().message.find("nesting deeper than"), std::string::npos);
}

}  // namespace
}  // namespace remotemedia
