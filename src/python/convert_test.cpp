#include "python/python_api.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "core/json_reader.h"
#include "python/convert.h"
#include "python/python_test_support.h"

namespace remotemedia::python {
namespace {

using testing::bind;
using testing::eval;
using testing::eval_str;

class ConvertTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(testing::start_python()); }

  // Value -> Python -> Value.
  static Value round_trip(const Value& value) {
    Result<PyRef> object = to_python(value, "n");
    EXPECT_TRUE(object.is_ok());
    if (!object) return Value("<to_python failed>");
    Result<Value> back = from_python(object->get(), "n");
    EXPECT_TRUE(back.is_ok()) << (back ? "" : back.error().message);
    return back ? std::move(*back) : Value("<from_python failed>");
  }

  // Python expression -> Value; fails the test on error.
  static Value from(const std::string& expression) {
    PyRef object = eval(expression);
    if (!object) return Value("<eval failed>");
    Result<Value> value = from_python(object.get(), "n");
    EXPECT_TRUE(value.is_ok()) << expression << ": " << (value ? "" : value.error().message);
    return value ? std::move(*value) : Value("<from_python failed>");
  }

  // The error converting a Python expression.
  static Error error_from(const std::string& expression) {
    PyRef object = eval(expression);
    if (!object) return Error();
    Result<Value> value = from_python(object.get(), "node7", "the result of process()");
    EXPECT_FALSE(value.is_ok()) << expression;
    return value ? Error() : value.error();
  }
};

Tensor float_tensor(std::vector<float> values, std::vector<std::int64_t> shape) {
  Tensor tensor;
  tensor.dtype = DType::kFloat32;
  tensor.shape = std::move(shape);
  tensor.data = Buffer::copy_of(values.data(), values.size() * sizeof(float));
  return tensor;
}

TEST_F(ConvertTest, ScalarsRoundTrip) {
  for (const Value& v :
       {Value(), Value(true), Value(false), Value(0),
        Value(std::numeric_limits<std::int64_t>::min()),
        Value(std::numeric_limits<std::int64_t>::max()), Value(1.5), Value(-0.0), Value(1e300),
        Value(std::numeric_limits<double>::infinity()), Value(""),
        Value("h\xc3\xa9llo \xf0\x9f\x98\x80"), Value(std::string("nul\0inside", 10))}) {
    EXPECT_EQ(round_trip(v), v) << v.kind_name();
  }
  Value nan = round_trip(Value(std::nan("")));
  ASSERT_NE(nan.as_float(), nullptr);
  EXPECT_TRUE(std::isnan(*nan.as_float()));
}

TEST_F(ConvertTest, ContainersRoundTripKeepingMapOrder) {
  Value value(Map{{"z", Value(1)},
                  {"a", Value(List{Value(1), Value(List{Value("x")}), Value(Map{})})},
                  {"m", Value(Map{{"k", Value()}})},
                  {"b", Value(Bytes{Buffer::copy_of("\x00\x01\xff", 3)})}});
  Value back = round_trip(value);
  EXPECT_EQ(back, value);
  ASSERT_NE(back.as_map(), nullptr);
  std::string keys;
  for (const Map::Entry& entry : *back.as_map()) keys += entry.first;
  EXPECT_EQ(keys, "zamb");
}

TEST_F(ConvertTest, PythonTypesMapToValueKinds) {
  EXPECT_EQ(from("True"), Value(true));  // bool before int
  EXPECT_EQ(from("7"), Value(7));
  EXPECT_EQ(from("-2**63"), Value(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(from("2.5"), Value(2.5));
  EXPECT_EQ(from("'s'"), Value("s"));
  EXPECT_EQ(from("b'ab'"), Value(Bytes{Buffer::copy_of("ab", 2)}));
  EXPECT_EQ(from("bytearray(b'ab')"), Value(Bytes{Buffer::copy_of("ab", 2)}));
  EXPECT_EQ(from("(1, [2], ())"), Value(List{Value(1), Value(List{Value(2)}), Value(List{})}));
  EXPECT_EQ(from("{'b': None, 'a': 1}"), Value(Map{{"b", Value()}, {"a", Value(1)}}));
  EXPECT_EQ(from("__import__('enum').IntEnum('E', 'A')(1)"), Value(1));
}

TEST_F(ConvertTest, TensorsAndAudioShareTheirBuffers) {
  Tensor tensor = float_tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  Result<PyRef> object = to_python(Value(tensor), "n");
  ASSERT_TRUE(object.is_ok());
  Result<Value> back = from_python(object->get(), "n");
  ASSERT_TRUE(back.is_ok());
  ASSERT_NE(back->as_tensor(), nullptr);
  EXPECT_EQ(back->as_tensor()->data.data(), tensor.data.data()) << "no copy either way";
  EXPECT_EQ(*back, Value(tensor));

  Audio audio;
  audio.sample_rate = 16000;
  audio.channels = 2;
  audio.samples = float_tensor({0.5f, -1, 0.25f, 1}, {4}).data;
  Value audio_back = round_trip(Value(audio));
  ASSERT_NE(audio_back.as_audio(), nullptr);
  EXPECT_EQ(audio_back.as_audio()->samples.data(), audio.samples.data());
  EXPECT_EQ(audio_back, Value(audio));
}

TEST_F(ConvertTest, BigIntsAreErrors) {
  Error error = error_from("2**63");
  EXPECT_EQ(error.code, "python_type_error");
  EXPECT_EQ(error.category, ErrorCategory::kRunFailure);
  EXPECT_EQ(error.node_id, "node7");
  EXPECT_NE(error.message.find("64-bit"), std::string::npos) << error.message;
}

TEST_F(ConvertTest, UnsupportedTypesNameNodeTypeAndPlace) {
  Error error = error_from("{'a': [1, {2, 3}]}");
  EXPECT_EQ(error.code, "python_type_error");
  // The node is named once, in node_id (the human line adds "in node 'node7'"), not again here.
  EXPECT_EQ(error.node_id, "node7");
  EXPECT_EQ(error.message.find("node 'node7'"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("'set'"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("the result of process() at ['a'][1]"), std::string::npos)
      << error.message;
  EXPECT_NE(error_from("{1: 'x'}").message.find("key of type 'int'"), std::string::npos);
  EXPECT_NE(error_from("object()").message.find("'object'"), std::string::npos);
  EXPECT_NE(error_from("'\\ud800'").message.find("surrogate"), std::string::npos);
  EXPECT_NE(error_from("memoryview(b'x')").message.find("remotemedia.Tensor"), std::string::npos);
}

TEST_F(ConvertTest, DeepAndCyclicNestingAreErrors) {
  // kMaxJsonDepth nested lists, as many as a JSON document may hold, then one more.
  ASSERT_EQ(testing::exec("nested = []\nfor _ in range(" + std::to_string(kMaxJsonDepth - 1) +
                          "):\n    nested = [nested]\n"),
            "");
  EXPECT_EQ(from("nested").kind(), ValueKind::kList) << "the JSON limit itself is fine";
  EXPECT_NE(error_from("[nested]").message.find("deeper than 256"), std::string::npos);
  ASSERT_EQ(testing::exec("cyclic = []\ncyclic.append(cyclic)\n"), "");
  EXPECT_NE(error_from("cyclic").message.find("deeper than"), std::string::npos);
}

TEST_F(ConvertTest, ValuesReachPythonAsNativeTypes) {
  Result<PyRef> object = to_python(Value(Map{{"i", Value(1)},
                                             {"f", Value(1.0)},
                                             {"b", Value(false)},
                                             {"n", Value()},
                                             {"s", Value("x")},
                                             {"l", Value(List{})},
                                             {"y", Value(Bytes{Buffer::copy_of("q", 1)})}}),
                                   "n");
  ASSERT_TRUE(object.is_ok());
  bind("converted", *object);
  EXPECT_EQ(eval_str("[type(v).__name__ for v in converted.values()]"),
            "['int', 'float', 'bool', 'NoneType', 'str', 'list', 'bytes']");
}

// Issue 8, item 18: a dict that would print as a wire form is refused, naming where it is.
TEST_F(ConvertTest, DictsWithWireFormMarkerKeysAreRefused) {
  Error error = error_from("{'__float__': 'nan'}");
  EXPECT_EQ(error.code, "reserved_key");
  EXPECT_EQ(error.node_id, "node7");
  EXPECT_NE(error.message.find("the result of process() is a dict with the key \"__float__\""),
            std::string::npos)
      << error.message;
  error = error_from("[1, {'a': {'x': 1, '__numpy__': True}}]");
  EXPECT_EQ(error.code, "reserved_key");
  EXPECT_NE(error.message.find("at [1]['a'] is a dict with the key \"__numpy__\""),
            std::string::npos)
      << error.message;
  EXPECT_EQ(error_from("{'__bytes__': True, 'data': ''}").code, "reserved_key");
  EXPECT_EQ(error_from("{'__audio__': 1}").code, "reserved_key");
  // Near misses are ordinary keys.
  EXPECT_EQ(from("{'__float': 1, 'float__': 2, '__FLOAT__': 3}"),
            Value(Map{{"__float", Value(1)}, {"float__", Value(2)}, {"__FLOAT__", Value(3)}}));
}

TEST_F(ConvertTest, LargeDictsKeepTheirOrder) {
  Value value = from("{('k%d' % (999 - i)): i for i in range(1000)}");
  const Map* map = value.as_map();
  ASSERT_NE(map, nullptr);
  ASSERT_EQ(map->size(), 1000u);
  EXPECT_EQ(map->entry_at(0).first, "k999");
  EXPECT_EQ(map->entry_at(999).first, "k0");
  EXPECT_EQ(*map->find("k500"), Value(499));
}

}  // namespace
}  // namespace remotemedia::python
