#include "nodes/math/scalar_arithmetic.h"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>

namespace remotemedia {
namespace {

template <typename T>
Tensor tensor_of(DType dtype, std::vector<T> values) {
  Tensor t{dtype,
           {static_cast<std::int64_t>(values.size())},
           Buffer::copy_of(values.data(), values.size() * sizeof(T))};
  return t;
}

template <typename T>
std::vector<T> elements(const Value& v) {
  const Tensor& t = *v.as_tensor();
  std::vector<T> out(t.element_count());
  std::memcpy(out.data(), t.data.data(), t.data.size());
  return out;
}

TEST(ScalarArithmetic, IntsStayIntsAndMixWithFloatsAsFloats) {
  EXPECT_EQ(*apply_scalar(ArithmeticOp::kMultiply, Value(5), Value(2), "n"), Value(10));
  EXPECT_EQ(*apply_scalar(ArithmeticOp::kAdd, Value(5), Value(0.5), "n"), Value(5.5));
  EXPECT_EQ(*apply_scalar(ArithmeticOp::kMultiply, Value(1.5), Value(2), "n"), Value(3.0));
}

TEST(ScalarArithmetic, Int64OverflowIsAnError) {
  Result<Value> r = apply_scalar(ArithmeticOp::kMultiply,
                                 Value(std::numeric_limits<std::int64_t>::max()), Value(2), "n");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.error().code, "arithmetic_overflow");
  EXPECT_EQ(r.error().node_id, "n");
}

TEST(ScalarArithmetic, Float32TensorCastsTheScalarToFloat32) {
  Result<Value> r =
      apply_scalar(ArithmeticOp::kMultiply, Value(tensor_of<float>(DType::kFloat32, {1.0f, -2.5f})),
                   Value(0.1), "n");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->as_tensor()->dtype, DType::kFloat32);
  EXPECT_EQ(elements<float>(*r), (std::vector<float>{0.1f, -2.5f * 0.1f}));
}

TEST(ScalarArithmetic, IntegerTensorsWrapLikeNumpy) {
  Result<Value> r =
      apply_scalar(ArithmeticOp::kAdd, Value(tensor_of<std::int16_t>(DType::kInt16, {32767, -1})),
                   Value(1), "n");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(elements<std::int16_t>(*r), (std::vector<std::int16_t>{-32768, 0}));
}

TEST(ScalarArithmetic, IntegerScalarOutOfDtypeRangeIsAnError) {
  Result<Value> r = apply_scalar(
      ArithmeticOp::kAdd, Value(tensor_of<std::uint8_t>(DType::kUint8, {1})), Value(-1), "n");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.error().code, "type_error");
}

TEST(ScalarArithmetic, IntegerTensorWithFloatScalarPromotesToFloat64) {
  Result<Value> r =
      apply_scalar(ArithmeticOp::kMultiply, Value(tensor_of<std::int32_t>(DType::kInt32, {3, -4})),
                   Value(0.5), "n");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->as_tensor()->dtype, DType::kFloat64);
  EXPECT_EQ(elements<double>(*r), (std::vector<double>{1.5, -2.0}));
}

TEST(ScalarArithmetic, PromotionBeyondTheArrayLimitIsRefusedBeforeAllocating) {
  // 2^28 int8 elements are 256 MiB; as float64 they would be 2 GiB, over kMaxArrayBytes (and,
  // on wasm32, a byte count that wraps). The check runs before any element is read, so the
  // tensor needs no real data here.
  Tensor big;
  big.dtype = DType::kInt8;
  big.shape = {std::int64_t{1} << 28};
  Result<Value> r = apply_scalar(ArithmeticOp::kMultiply, Value(big), Value(0.5), "n");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.error().code, "value_too_large");
  EXPECT_EQ(r.error().node_id, "n");
}

TEST(ScalarArithmetic, SharedBuffersAreCopiedUniqueOnesWrittenInPlace) {
  Tensor t = tensor_of<float>(DType::kFloat32, {1.0f});
  Value original(t);  // shares t's buffer
  Result<Value> r = apply_scalar(ArithmeticOp::kAdd, Value(t), Value(1), "n");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(elements<float>(original), (std::vector<float>{1.0f})) << "input must not change";

  Value lone(tensor_of<float>(DType::kFloat32, {1.0f}));
  const std::uint8_t* before = lone.as_tensor()->data.data();
  Result<Value> in_place = apply_scalar(ArithmeticOp::kAdd, std::move(lone), Value(1), "n");
  EXPECT_EQ(in_place->as_tensor()->data.data(), before);
}

TEST(ScalarArithmetic, AudioSamplesAreScaledAndMetadataKept) {
  float samples[] = {0.5f, -0.25f};
  Audio a{22050, 2, 0, Buffer::copy_of(samples, sizeof samples)};
  Result<Value> r = apply_scalar(ArithmeticOp::kMultiply, Value(a), Value(2), "n");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->as_audio()->sample_rate, 22050);
  EXPECT_EQ(r->as_audio()->channels, 2);
  EXPECT_EQ(r->as_audio()->data()[0], 1.0f);
  EXPECT_EQ(r->as_audio()->data()[1], -0.5f);
}

TEST(ScalarArithmetic, OtherKindsAreTypeErrors) {
  for (Value v : {Value("s"), Value(true), Value(), Value(List{Value(1)}), Value(Map{})}) {
    Result<Value> r = apply_scalar(ArithmeticOp::kAdd, v, Value(1), "node7");
    ASSERT_FALSE(r.is_ok()) << v.kind_name();
    EXPECT_EQ(r.error().code, "type_error");
    EXPECT_NE(r.error().message.find(v.kind_name()), std::string::npos);
  }
}

}  // namespace
}  // namespace remotemedia
