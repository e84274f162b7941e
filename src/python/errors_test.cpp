#include "python/python_api.h"

#include <gtest/gtest.h>

#include "python/bridge.h"
#include "python/errors.h"
#include "python/python_test_support.h"

namespace remotemedia::python {
namespace {

using testing::exec;

class ErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(testing::start_python()); }

  // Compiles `source` under `filename` the way the runtime compiles node code, runs it in the
  // scratch namespace and returns the exception it raised.
  static PythonException raised(const char* filename, const char* source) {
    PyRef name = PyRef::steal(PyUnicode_FromString(filename));
    PyRef text = PyRef::steal(PyUnicode_FromString(source));
    PyRef code = call_bridge("compile_source", {text.get(), name.get()});
    if (!code) return fetch_python_exception();
    PyRef result =
        PyRef::steal(PyEval_EvalCode(code.get(), testing::scratch(), testing::scratch()));
    EXPECT_TRUE(result.is_null()) << "expected an exception";
    return fetch_python_exception();
  }
};

TEST_F(ErrorsTest, CarriesTypeMessageAndTracebackWithSourceLines) {
  PythonException e = raised("nodes/calc.py",
                             "def divide(a, b):\n"
                             "    return a / b\n"
                             "divide(1, 0)\n");
  EXPECT_EQ(e.type, "ZeroDivisionError");
  EXPECT_EQ(e.message, "ZeroDivisionError: division by zero");
  EXPECT_EQ(e.traceback,
            "Traceback (most recent call last):\n"
            "  File \"nodes/calc.py\", line 3, in <module>\n"
            "    divide(1, 0)\n"
            "  File \"nodes/calc.py\", line 2, in divide\n"
            "    return a / b\n"
            "           ~~^~~\n"
            "ZeroDivisionError: division by zero");
  EXPECT_FALSE(PyErr_Occurred());
}

TEST_F(ErrorsTest, StdlibFramesHaveNoHostPaths) {
  PythonException e = raised("<node:j>", "import json\njson.loads('{')\n");
  EXPECT_EQ(e.type, "json.decoder.JSONDecodeError");
  EXPECT_NE(e.traceback.find("File \"<stdlib>/json/decoder.py\", line "), std::string::npos)
      << e.traceback;
  EXPECT_EQ(e.traceback.find("/usr/"), std::string::npos) << e.traceback;
}

TEST_F(ErrorsTest, QualifiesNonBuiltinTypesAndHandlesEmptyMessages) {
  EXPECT_EQ(raised("<node:a>", "raise ValueError\n").message, "ValueError");
  ASSERT_EQ(exec("import types\nmod = types.ModuleType('sensors')\n"
                 "exec('class Broken(Exception): pass', mod.__dict__)\n"),
            "");
  PythonException e = raised("<node:b>", "raise mod.Broken('no signal')\n");
  EXPECT_EQ(e.type, "sensors.Broken");
  EXPECT_EQ(e.message, "sensors.Broken: no signal");
}

TEST_F(ErrorsTest, SurvivesExceptionsWhoseStrFails) {
  PythonException e = raised("<node:c>",
                             "class Odd(Exception):\n"
                             "    def __str__(self):\n"
                             "        raise RuntimeError('no')\n"
                             "raise Odd()\n");
  EXPECT_EQ(e.message, "Odd: <exception str() failed>");
  EXPECT_FALSE(PyErr_Occurred());
}

TEST_F(ErrorsTest, ChainsShowEveryException) {
  PythonException e = raised("<node:d>",
                             "try:\n"
                             "    {}['k']\n"
                             "except KeyError as error:\n"
                             "    raise LookupError('wrapped') from error\n");
  EXPECT_EQ(e.message, "LookupError: wrapped");
  EXPECT_NE(e.traceback.find("KeyError: 'k'\n\nThe above exception was the direct cause"),
            std::string::npos)
      << e.traceback;
}

TEST_F(ErrorsTest, WithoutAnExceptionReportsSystemError) {
  PythonException e = fetch_python_exception();
  EXPECT_EQ(e.type, "SystemError");
}

TEST_F(ErrorsTest, BuildsErrorsWithDetailsInOrder) {
  PyErr_SetString(PyExc_ValueError, "bad value");
  Error error = python_error("node3");
  EXPECT_EQ(error.category, ErrorCategory::kRunFailure);
  EXPECT_EQ(error.code, "python_error");
  EXPECT_EQ(error.message, "ValueError: bad value");
  EXPECT_EQ(error.node_id, "node3");
  auto it = error.details.begin();
  ASSERT_EQ(error.details.size(), 2u);
  EXPECT_EQ(it->first, "exception_type");
  EXPECT_EQ(it->second, Value("ValueError"));
  EXPECT_EQ((++it)->first, "traceback");
  EXPECT_EQ(it->second, Value("ValueError: bad value"));

  PyErr_SetString(PyExc_ImportError, "nope");
  Error invalid =
      python_exception_error(ErrorCategory::kInvalidInput, "python_import_error", "n", "while x: ");
  EXPECT_EQ(invalid.category, ErrorCategory::kInvalidInput);
  EXPECT_EQ(invalid.message, "while x: ImportError: nope");
}

}  // namespace
}  // namespace remotemedia::python
