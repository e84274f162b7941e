// Element-wise arithmetic of a value with a scalar, shared by MultiplyNode and AddNode.
//
// Type rules (NumPy 2 / NEP 50 promotion, so Python nodes using numpy agree):
//   int  op int    -> int; overflowing int64 is an `arithmetic_overflow` error
//   int/float mix  -> float
//   tensor op int  -> same dtype; for integer dtypes the scalar must fit the dtype and results
//                     wrap around; for float dtypes the scalar is first cast to the dtype
//   float tensor op float   -> same dtype, scalar cast to the dtype
//   integer tensor op float -> float64 tensor
//   audio op number         -> float32 samples, scalar cast to float32
// Anything else is a `type_error`. Buffers are modified in place when the item holds the only
// reference, so a linear pipeline never copies samples.
#pragma once

#include <string>

#include <memory>

#include "remotemedia/node.h"
#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

enum class ArithmeticOp { kMultiply, kAdd };

// Precondition: scalar.is_number(). Errors name `node_id`.
Result<Value> apply_scalar(ArithmeticOp op, Value item, const Value& scalar,
                           const std::string& node_id);

// A node that emits apply_scalar(op, item, scalar) for every item (MultiplyNode, AddNode).
std::unique_ptr<Node> make_scalar_arithmetic_node(ArithmeticOp op, std::string node_id,
                                                  Value scalar);

}  // namespace remotemedia
