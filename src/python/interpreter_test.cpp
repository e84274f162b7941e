#include "python/python_api.h"

#include <gtest/gtest.h>

#include "python/interpreter.h"
#include "python/python_test_support.h"

namespace remotemedia::python {
namespace {

using testing::eval_str;
using testing::exec;

class InterpreterTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(testing::start_python()); }
};

TEST_F(InterpreterTest, StartsOnceAndRefusesLateConfiguration) {
  EXPECT_TRUE(interpreter_started());
  EXPECT_TRUE(ensure_interpreter().is_ok());
  Status late = configure_interpreter(default_interpreter_options());
  ASSERT_FALSE(late.is_ok());
  EXPECT_EQ(late.error().code, "python_already_started");
}

TEST_F(InterpreterTest, IsIsolatedFromTheHost) {
  EXPECT_EQ(eval_str("__import__('sys').flags.isolated"), "1");
  EXPECT_EQ(eval_str("__import__('sys').flags.no_site"), "1");
  EXPECT_EQ(eval_str("__import__('sys').flags.ignore_environment"), "1");
  EXPECT_EQ(eval_str("__import__('sys').dont_write_bytecode"), "True");
  EXPECT_EQ(eval_str("'site' in __import__('sys').modules"), "False");
  EXPECT_EQ(eval_str("__import__('sys').flags.utf8_mode"), "1");
}

TEST_F(InterpreterTest, SearchesOnlyTheConfiguredStdlib) {
  const InterpreterOptions& options = interpreter_options();
  ASSERT_EQ(options.module_search_paths.size(), 2u);
  EXPECT_EQ(eval_str("__import__('sys').path"),
            "['" + options.module_search_paths[0] + "', '" + options.module_search_paths[1] + "']");
}

TEST_F(InterpreterTest, HashesAreDeterministic) {
  EXPECT_EQ(eval_str("__import__('sys').flags.hash_randomization"), "0");
  // Hash seed 0: the value `PYTHONHASHSEED=0 python3.11 -c "print(hash('remotemedia'))"` prints
  // on a 64-bit host, on every run.
  if (sizeof(Py_hash_t) == 8) {
    EXPECT_EQ(eval_str("hash('remotemedia')"), "1217098068805752092");
  }
}

TEST_F(InterpreterTest, UsesTheDocumentedRecursionLimit) {
  EXPECT_EQ(eval_str("__import__('sys').getrecursionlimit()"),
            std::to_string(kDefaultRecursionLimit));
  EXPECT_EQ(exec("def _deep(n):\n    return _deep(n + 1)\n_deep(0)\n"),
            "RecursionError: maximum recursion depth exceeded");
}

TEST_F(InterpreterTest, RoutesStdoutToStderr) {
  EXPECT_EQ(eval_str("__import__('sys').stdout is __import__('sys').stderr"), "True");
  EXPECT_EQ(eval_str("__import__('sys').__stdout__ is __import__('sys').stderr"), "True");
}

TEST_F(InterpreterTest, ImportsTheEmbeddedPackageWithoutFiles) {
  EXPECT_EQ(exec("import remotemedia\nfrom remotemedia import Tensor, Audio\n"
                 "from remotemedia.nodes import TextProcessorNode, DataTransformNode\n"),
            "");
  EXPECT_EQ(eval_str("remotemedia.__spec__.origin"), "<remotemedia>/remotemedia/__init__.py");
  EXPECT_EQ(eval_str("hasattr(remotemedia, '__file__')"), "False");
  EXPECT_EQ(eval_str("Tensor.__module__ + '.' + Tensor.__qualname__"), "remotemedia.Tensor");
  EXPECT_EQ(eval_str("remotemedia.nodes.__path__"), "[]");
}

TEST_F(InterpreterTest, ImportsStdlibAndExtensionModules) {
  EXPECT_EQ(exec("import json, re, struct, statistics, decimal, fractions, collections, datetime\n"
                 "import array, math, hashlib, zlib\n"),
            "");
  EXPECT_EQ(eval_str("str(__import__('decimal').Decimal('1.10') * 3)"), "3.30");
}

}  // namespace
}  // namespace remotemedia::python
