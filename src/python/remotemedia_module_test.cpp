#include "python/python_api.h"

#include <gtest/gtest.h>

#include <cstring>

#include "python/convert.h"
#include "python/python_test_support.h"
#include "python/remotemedia_module.h"

namespace remotemedia::python {
namespace {

using testing::bind;
using testing::eval;
using testing::eval_str;
using testing::exec;

class RemotemediaModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::start_python());
    ASSERT_EQ(exec("import array\nfrom remotemedia import Tensor, Audio\n"), "");
  }

  static void bind_value(const char* name, const Value& value) {
    Result<PyRef> object = to_python(value, "n");
    ASSERT_TRUE(object.is_ok());
    bind(name, *object);
  }

  // The runtime value inside the object an expression gives.
  static Value value_of(const std::string& expression) {
    PyRef object = eval(expression);
    if (!object) return Value();
    Result<Value> value = from_python(object.get(), "n");
    EXPECT_TRUE(value.is_ok()) << (value ? "" : value.error().message);
    return value ? std::move(*value) : Value();
  }
};

Tensor tensor_of_type(DType dtype, std::vector<std::int64_t> shape) {
  Tensor tensor;
  tensor.dtype = dtype;
  tensor.shape = std::move(shape);
  tensor.data = Buffer::allocate(tensor.element_count() * dtype_size(dtype));
  return tensor;
}

TEST_F(RemotemediaModuleTest, TensorsExportFormatShapeAndStridesReadOnly) {
  Tensor tensor = tensor_of_type(DType::kFloat32, {2, 3});
  float* data = reinterpret_cast<float*>(tensor.data.mutable_data());
  for (int i = 0; i < 6; ++i) data[i] = static_cast<float>(i) * 0.5f;
  bind_value("t", Value(tensor));
  EXPECT_EQ(eval_str("(lambda m: (m.format, m.itemsize, m.ndim, m.shape, m.strides, m.readonly, "
                     "m.nbytes, m.c_contiguous))(memoryview(t))"),
            "('f', 4, 2, (2, 3), (12, 4), True, 24, True)");
  EXPECT_EQ(eval_str("memoryview(t).tolist()"), "[[0.0, 0.5, 1.0], [1.5, 2.0, 2.5]]");
  EXPECT_EQ(eval_str("t.tolist()"), "[[0.0, 0.5, 1.0], [1.5, 2.0, 2.5]]");
  EXPECT_EQ(eval_str("(t.dtype, t.shape, t.ndim, t.nbytes, len(t), repr(t))"),
            "('float32', (2, 3), 2, 24, 2, 'Tensor(dtype=float32, shape=(2, 3))')");
  EXPECT_EQ(eval_str("memoryview(t).cast('B').cast('f')[5]"), "2.5");
  EXPECT_EQ(eval_str("bytes(t) == t.tobytes() and len(bytes(t)) == 24"), "True");
}

TEST_F(RemotemediaModuleTest, EveryDtypeHasItsBufferFormat) {
  const std::pair<DType, const char*> formats[] = {
      {DType::kFloat32, "f"}, {DType::kFloat64, "d"}, {DType::kInt8, "b"},  {DType::kInt16, "h"},
      {DType::kInt32, "i"},   {DType::kInt64, "q"},   {DType::kUint8, "B"}, {DType::kUint16, "H"},
      {DType::kUint32, "I"},  {DType::kUint64, "Q"}};
  for (const auto& [dtype, format] : formats) {
    bind_value("t", Value(tensor_of_type(dtype, {3})));
    EXPECT_EQ(eval_str("memoryview(t).format"), format) << dtype_name(dtype);
    EXPECT_EQ(eval_str("memoryview(t).itemsize"), std::to_string(dtype_size(dtype)));
    EXPECT_EQ(eval_str("t.dtype"), dtype_name(dtype));
    // Through Python and back, the dtype survives.
    EXPECT_EQ(value_of("Tensor(memoryview(t))").as_tensor()->dtype, dtype);
  }
}

TEST_F(RemotemediaModuleTest, ScalarsAreZeroDimensional) {
  Tensor scalar = tensor_of_type(DType::kFloat64, {});
  bind_value("s", Value(scalar));
  EXPECT_EQ(eval_str("(memoryview(s).ndim, memoryview(s).shape, s.shape, s.tolist())"),
            "(0, (), (), 0.0)");
  EXPECT_NE(exec("len(s)").find("TypeError"), std::string::npos);
  EXPECT_TRUE(value_of("Tensor(memoryview(s))").as_tensor()->shape.empty());
}

TEST_F(RemotemediaModuleTest, WritingIsRefused) {
  bind_value("t", Value(tensor_of_type(DType::kFloat32, {4})));
  EXPECT_EQ(exec("memoryview(t)[0] = 1.0"), "TypeError: cannot modify read-only memory");
  PyRef t = eval("t");
  Py_buffer view;
  ASSERT_NE(PyObject_GetBuffer(t.get(), &view, PyBUF_WRITABLE), 0);
  std::string error = fetch_python_exception().message;
  EXPECT_EQ(error.rfind("BufferError: remotemedia.Tensor memory is read-only", 0), 0u) << error;
}

TEST_F(RemotemediaModuleTest, ConstructorsAdoptBufferExportersWithoutCopying) {
  ASSERT_EQ(exec("src = array.array('f', [1.0, 2.0, 3.0, 4.0])\nt = Tensor(src, shape=(2, 2))\n"),
            "");
  Py_buffer view;
  PyRef src = eval("src");
  ASSERT_EQ(PyObject_GetBuffer(src.get(), &view, PyBUF_SIMPLE), 0);
  const void* source_memory = view.buf;
  PyBuffer_Release(&view);

  Value value = value_of("t");
  ASSERT_NE(value.as_tensor(), nullptr);
  EXPECT_EQ(value.as_tensor()->data.data(), source_memory) << "adopted, not copied";
  EXPECT_EQ(value.as_tensor()->shape, (std::vector<std::int64_t>{2, 2}));
  // The runtime never writes adopted memory: writers get a copy.
  EXPECT_FALSE(value.as_tensor()->data.is_unique());
  EXPECT_NE(value.as_tensor()->data.writable().data(), source_memory);
  // The export pins the array (it cannot be resized while the runtime holds it).
  EXPECT_NE(exec("src.append(5.0)").find("BufferError"), std::string::npos);
  ASSERT_EQ(exec("del t"), "");
  value = Value();
  EXPECT_EQ(exec("src.append(5.0)"), "") << "released with the last runtime reference";
}

TEST_F(RemotemediaModuleTest, ConstructorsAcceptBytesMemoryviewsAndRuntimeObjects) {
  EXPECT_EQ(eval_str("Tensor(b'\\x00\\x00\\x80?\\x00\\x00\\x00@', dtype='float32').tolist()"),
            "[1.0, 2.0]");
  EXPECT_EQ(eval_str("Tensor(bytearray(6)).shape"), "(6,)");
  EXPECT_EQ(eval_str("Tensor(bytes(8), dtype='int16', shape=[2, 2]).shape"), "(2, 2)");
  EXPECT_EQ(eval_str("Tensor(memoryview(array.array('d', [1, 2, 3]))[1:]).tolist()"), "[2.0, 3.0]");
  EXPECT_EQ(eval_str("Tensor(array.array('q', [-1, 2])).dtype"), "int64");
  EXPECT_EQ(eval_str("Tensor(array.array('B', [1, 2])).dtype"), "uint8");
  EXPECT_EQ(eval_str("Tensor(Tensor(array.array('f', [1, 2])), dtype='int32').dtype"), "int32");
  EXPECT_EQ(eval_str("Tensor(memoryview(bytes(24)).cast('f', shape=[2, 3])).shape"), "(2, 3)");
}

TEST_F(RemotemediaModuleTest, ConstructorErrorsAreClear) {
  EXPECT_NE(exec("Tensor([1.0, 2.0])").find("TypeError: Tensor() needs a bytes-like object"),
            std::string::npos);
  EXPECT_NE(exec("Tensor(memoryview(bytes(8))[::2])").find("C-contiguous"), std::string::npos);
  EXPECT_NE(exec("Tensor(bytes(8), dtype='complex64')").find("unknown dtype"), std::string::npos);
  EXPECT_NE(exec("Tensor(bytes(8), dtype=4)").find("dtype must be a str"), std::string::npos);
  EXPECT_NE(exec("Tensor(bytes(7), dtype='float32')").find("whole float32"), std::string::npos);
  EXPECT_NE(exec("Tensor(bytes(8), shape=(3,))").find("shape holds 3"), std::string::npos);
  EXPECT_NE(exec("Tensor(bytes(8), shape=(-8,))").find("negative"), std::string::npos);
  EXPECT_NE(exec("Audio(array.array('d', [1.0]), 8000)").find("float32 samples"),
            std::string::npos);
  EXPECT_NE(exec("Audio(array.array('f', [1.0] * 3), 8000, 2)").find("do not split"),
            std::string::npos);
  EXPECT_NE(exec("Audio(array.array('f'), 0)").find("sample_rate must be positive"),
            std::string::npos);
}

TEST_F(RemotemediaModuleTest, MisalignedMemoryIsCopied) {
  ASSERT_EQ(exec("raw = bytes(9)\nt = Tensor(memoryview(raw)[1:], dtype='float32')\n"), "");
  Value value = value_of("t");
  ASSERT_NE(value.as_tensor(), nullptr);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(value.as_tensor()->data.data()) % 4, 0u);
  EXPECT_EQ(value.as_tensor()->shape, (std::vector<std::int64_t>{2}));
}

TEST_F(RemotemediaModuleTest, AudioExportsInterleavedFloat32Samples) {
  Audio audio;
  audio.sample_rate = 16000;
  audio.channels = 2;
  audio.samples = Buffer::allocate(4 * sizeof(float));
  reinterpret_cast<float*>(audio.samples.mutable_data())[3] = 1.0f;
  bind_value("a", Value(audio));
  EXPECT_EQ(eval_str("(a.sample_rate, a.channels, a.frames, len(a), a.dtype, a.shape, repr(a))"),
            "(16000, 2, 2, 4, 'float32', (4,), 'Audio(sample_rate=16000, channels=2, frames=2)')");
  EXPECT_EQ(eval_str("(lambda m: (m.format, m.shape, m.readonly, m.tolist()))(memoryview(a))"),
            "('f', (4,), True, [0.0, 0.0, 0.0, 1.0])");
  EXPECT_EQ(eval_str("isinstance(a, Audio) and not isinstance(a, Tensor)"), "True");

  Value made = value_of("Audio(array.array('f', [0.5, -0.5]), 8000)");
  ASSERT_NE(made.as_audio(), nullptr);
  EXPECT_EQ(made.as_audio()->sample_rate, 8000);
  EXPECT_EQ(made.as_audio()->channels, 1);
  EXPECT_EQ(made.as_audio()->data()[1], -0.5f);
  // Shares the runtime buffer of another Audio or a float32 Tensor.
  Value shared = value_of("Audio(a, 16000, 2)");
  EXPECT_EQ(shared.as_audio()->samples.data(), audio.samples.data());
}

TEST_F(RemotemediaModuleTest, AudioKeepsItsPlaceOnTheTimelineBothWays) {
  Audio audio;
  audio.sample_rate = 8000;
  audio.start_frame = 4000;
  audio.samples = Buffer::allocate(8000 * sizeof(float));
  bind_value("a", Value(audio));
  EXPECT_EQ(
      eval_str("(a.start_frame, a.start, a.end, repr(a))"),
      "(4000, 0.5, 1.5, 'Audio(sample_rate=8000, channels=1, frames=8000, start_frame=4000)')");
  Value placed = value_of("Audio(a, 8000, start_frame=a.start_frame + a.frames)");
  ASSERT_NE(placed.as_audio(), nullptr);
  EXPECT_EQ(placed.as_audio()->start_frame, 12000);
  EXPECT_NE(exec("Audio(a, 8000, 1, -1)").find("start_frame must be at least 0"),
            std::string::npos);
}

TEST_F(RemotemediaModuleTest, TypesAreNotSubclassableOrMutable) {
  EXPECT_NE(exec("class T(Tensor): pass").find("TypeError"), std::string::npos);
  EXPECT_NE(exec("Tensor.extra = 1").find("TypeError"), std::string::npos);
}

}  // namespace
}  // namespace remotemedia::python
