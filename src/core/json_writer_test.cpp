#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/json_reader.h"
#include "core/wire_forms.h"

namespace remotemedia {
namespace {

TEST(JsonWriter, WritesPythonJsonDumpsLayout) {
  Value v(Map{{"b", Value(1)}, {"a", Value(List{Value(1.5), Value(), Value(true), Value("x")})}});
  EXPECT_EQ(to_json(v), R"({"b": 1, "a": [1.5, null, true, "x"]})");
  EXPECT_EQ(to_json(Value(List{})), "[]");
  EXPECT_EQ(to_json(Value(Map{})), "{}");
  EXPECT_EQ(to_json(Value(20.0)), "20.0");
}

TEST(JsonWriter, EscapesLikePythonWithEnsureAsciiOff) {
  EXPECT_EQ(to_json(Value("q\"b\\n\n\t\x01\x7f\xc3\xa9")),
            "\"q\\\"b\\\\n\\n\\t\\u0001\x7f\xc3\xa9\"");
}

TEST(JsonWriter, NeverEmitsIllFormedUtf8) {
  EXPECT_EQ(to_json(Value("a\xff\xc3\xa9\xed\xa0\x80z")),
            "\"a\xef\xbf\xbd\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz\"");
  EXPECT_EQ(to_json(Value("\xf0\x9f\x98")), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"")
      << "truncated sequence";
}

TEST(JsonWriter, WritesWireForms) {
  Tensor t{DType::kFloat32, {2}, Buffer::allocate(8)};
  reinterpret_cast<float*>(t.data.mutable_data())[0] = 1.0f;
  EXPECT_EQ(to_json(Value(t)),
            R"({"__numpy__": true, "array": {"meta": {"dtype": "float32", "shape": [2]}, )"
            R"("data": "AACAPwAAAAA="}})");
  EXPECT_EQ(to_json(Value(Bytes{Buffer::copy_of("hi", 2)})),
            R"({"__bytes__": true, "data": "aGk="})");
  Audio a{16000, 1, 0, Buffer::allocate(4)};
  EXPECT_EQ(to_json(Value(a)),
            R"({"__audio__": true, "sample_rate": 16000, "channels": 1, "data": "AAAAAA=="})");
  EXPECT_EQ(to_json(Value(std::numeric_limits<double>::infinity())), R"({"__float__": "inf"})");
  EXPECT_EQ(to_json(Value(std::nan(""))), R"({"__float__": "nan"})");
}

// Every value kind survives JSON -> Value -> JSON unchanged, byte for byte.
TEST(JsonWriter, RoundTripsEveryKindLosslessly) {
  const std::string text =
      R"([null, false, 0, -12, 0.1, 1e-05, 1e+16, "s", {"k": [1, {"z": 2}]}, )"
      R"({"__bytes__": true, "data": "AAEC"}, )"
      R"({"__audio__": true, "sample_rate": 8000, "channels": 2, "data": "AACAPwAAgL8="}, )"
      R"({"__numpy__": true, "array": {"meta": {"dtype": "int16", "shape": [2, 1]}, "data": "AQD//w=="}}, )"
      R"({"__float__": "-inf"}])";
  Result<Value> parsed = parse_json(text);
  ASSERT_TRUE(parsed.is_ok()) << parsed.error().message;
  ASSERT_TRUE(decode_wire_forms(*parsed, "$").is_ok());
  EXPECT_EQ(to_json(*parsed), text);
}

}  // namespace
}  // namespace remotemedia
