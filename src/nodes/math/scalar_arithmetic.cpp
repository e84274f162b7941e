#include "nodes/math/scalar_arithmetic.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

namespace remotemedia {
namespace {

const char* op_name(ArithmeticOp op) {
  return op == ArithmeticOp::kMultiply ? "multiply" : "add";
}

template <typename T>
T combine(ArithmeticOp op, T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    // Unsigned arithmetic wraps without undefined behaviour; converting back keeps the low bits.
    using U = std::make_unsigned_t<T>;
    U r = op == ArithmeticOp::kMultiply ? static_cast<U>(static_cast<U>(a) * static_cast<U>(b))
                                        : static_cast<U>(static_cast<U>(a) + static_cast<U>(b));
    return static_cast<T>(r);
  } else {
    return op == ArithmeticOp::kMultiply ? a * b : a + b;
  }
}

// Applies `scalar` to `count` elements of T stored at `data`, in place.
template <typename T>
void apply_in_place(ArithmeticOp op, std::uint8_t* data, std::size_t count, T scalar) {
  // memcpy-free typed access: Buffer storage is 64-byte aligned.
  T* values = reinterpret_cast<T*>(data);
  if (op == ArithmeticOp::kMultiply) {
    for (std::size_t i = 0; i < count; ++i)
      values[i] = combine(ArithmeticOp::kMultiply, values[i], scalar);
  } else {
    for (std::size_t i = 0; i < count; ++i)
      values[i] = combine(ArithmeticOp::kAdd, values[i], scalar);
  }
}

template <typename T>
bool fits(std::int64_t v) {
  if constexpr (std::is_signed_v<T>) {
    return v >= std::numeric_limits<T>::min() && v <= std::numeric_limits<T>::max();
  } else {
    return v >= 0 && static_cast<std::uint64_t>(v) <= std::numeric_limits<T>::max();
  }
}

template <typename T>
Status apply_integer_tensor(ArithmeticOp op, Tensor& tensor, std::int64_t scalar,
                            const std::string& node_id) {
  if (!fits<T>(scalar)) {
    return run_failure(errc::type_error,
                       "scalar " + std::to_string(scalar) + " is out of range for a " +
                           dtype_name(tensor.dtype) + " tensor",
                       node_id);
  }
  tensor.data = std::move(tensor.data).writable();
  apply_in_place<T>(op, tensor.data.mutable_data(), tensor.element_count(), static_cast<T>(scalar));
  return Status::ok();
}

// Integer tensor with a float scalar: the result is a new float64 tensor, which may be up to 8
// times larger than its input and so break the array limits (value.h): `value_too_large`.
template <typename T>
Result<Tensor> promote_to_float64(ArithmeticOp op, const Tensor& tensor, double scalar,
                                  const std::string& node_id) {
  Tensor result;
  result.dtype = DType::kFloat64;
  result.shape = tensor.shape;
  std::uint64_t bytes = 0;
  std::string problem = tensor_shape_problem(result.dtype, result.shape, &bytes);
  if (!problem.empty() || bytes != tensor.element_count() * sizeof(double)) {
    return run_failure(errc::value_too_large,
                       std::string(op_name(op)) + " with a float promotes the " +
                           dtype_name(tensor.dtype) + " tensor to float64, and " +
                           (problem.empty() ? "its data does not match its shape" : problem),
                       node_id);
  }
  std::size_t count = tensor.element_count();
  result.data = Buffer::allocate(static_cast<std::size_t>(bytes));
  const T* in = reinterpret_cast<const T*>(tensor.data.data());
  double* out = reinterpret_cast<double*>(result.data.mutable_data());
  for (std::size_t i = 0; i < count; ++i) out[i] = combine(op, static_cast<double>(in[i]), scalar);
  return result;
}

template <typename T>
Status apply_tensor_typed(ArithmeticOp op, Tensor& tensor, const Value& scalar,
                          const std::string& node_id) {
  if constexpr (std::is_floating_point_v<T>) {
    tensor.data = std::move(tensor.data).writable();
    apply_in_place<T>(op, tensor.data.mutable_data(), tensor.element_count(),
                      static_cast<T>(scalar.number()));
    return Status::ok();
  } else {
    if (const std::int64_t* i = scalar.as_int())
      return apply_integer_tensor<T>(op, tensor, *i, node_id);
    Result<Tensor> promoted = promote_to_float64<T>(op, tensor, *scalar.as_float(), node_id);
    if (!promoted) return promoted.take_error();
    tensor = std::move(*promoted);
    return Status::ok();
  }
}

Status apply_tensor(ArithmeticOp op, Tensor& tensor, const Value& scalar,
                    const std::string& node_id) {
  switch (tensor.dtype) {
    case DType::kFloat32:
      return apply_tensor_typed<float>(op, tensor, scalar, node_id);
    case DType::kFloat64:
      return apply_tensor_typed<double>(op, tensor, scalar, node_id);
    case DType::kInt8:
      return apply_tensor_typed<std::int8_t>(op, tensor, scalar, node_id);
    case DType::kInt16:
      return apply_tensor_typed<std::int16_t>(op, tensor, scalar, node_id);
    case DType::kInt32:
      return apply_tensor_typed<std::int32_t>(op, tensor, scalar, node_id);
    case DType::kInt64:
      return apply_tensor_typed<std::int64_t>(op, tensor, scalar, node_id);
    case DType::kUint8:
      return apply_tensor_typed<std::uint8_t>(op, tensor, scalar, node_id);
    case DType::kUint16:
      return apply_tensor_typed<std::uint16_t>(op, tensor, scalar, node_id);
    case DType::kUint32:
      return apply_tensor_typed<std::uint32_t>(op, tensor, scalar, node_id);
    case DType::kUint64:
      return apply_tensor_typed<std::uint64_t>(op, tensor, scalar, node_id);
  }
  return Status::ok();
}

Result<Value> apply_int(ArithmeticOp op, std::int64_t a, std::int64_t b,
                        const std::string& node_id) {
  std::int64_t r = 0;
  bool overflow = op == ArithmeticOp::kMultiply ? __builtin_mul_overflow(a, b, &r)
                                                : __builtin_add_overflow(a, b, &r);
  if (overflow) {
    return run_failure(errc::arithmetic_overflow,
                       std::string(op_name(op)) + " of " + std::to_string(a) + " and " +
                           std::to_string(b) + " overflows a 64-bit int",
                       node_id);
  }
  return Value(r);
}

}  // namespace

Result<Value> apply_scalar(ArithmeticOp op, Value item, const Value& scalar,
                           const std::string& node_id) {
  switch (item.kind()) {
    case ValueKind::kInt:
      if (const std::int64_t* s = scalar.as_int())
        return apply_int(op, *item.as_int(), *s, node_id);
      return Value(combine(op, item.number(), scalar.number()));
    case ValueKind::kFloat:
      return Value(combine(op, *item.as_float(), scalar.number()));
    case ValueKind::kTensor: {
      Status status = apply_tensor(op, *item.as_tensor(), scalar, node_id);
      if (!status.is_ok()) return status;
      return item;
    }
    case ValueKind::kAudio: {
      Audio& audio = *item.as_audio();
      audio.samples = std::move(audio.samples).writable();
      apply_in_place<float>(op, audio.samples.mutable_data(), audio.sample_count(),
                            static_cast<float>(scalar.number()));
      return item;
    }
    default:
      return run_failure(errc::type_error,
                         std::string("cannot ") + op_name(op) + " a " + item.kind_name() +
                             " (expected a number, tensor or audio)",
                         node_id);
  }
}

namespace {

class ScalarArithmeticNode final : public Node {
 public:
  ScalarArithmeticNode(ArithmeticOp op, std::string id, Value scalar)
      : op_(op), id_(std::move(id)), scalar_(std::move(scalar)) {}

  Status process(Value item, NodeContext& ctx) override {
    Result<Value> result = apply_scalar(op_, std::move(item), scalar_, id_);
    if (!result) return result.take_error();
    ctx.emit(std::move(*result));
    return Status::ok();
  }

 private:
  ArithmeticOp op_;
  std::string id_;
  Value scalar_;
};

}  // namespace

std::unique_ptr<Node> make_scalar_arithmetic_node(ArithmeticOp op, std::string node_id,
                                                  Value scalar) {
  return std::make_unique<ScalarArithmeticNode>(op, std::move(node_id), std::move(scalar));
}

}  // namespace remotemedia
