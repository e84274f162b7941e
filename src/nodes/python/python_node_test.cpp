#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/params.h"
#include "nodes/node_test_support.h"
#include "nodes/python/python_nodes.h"
#include "python/sub_interpreter.h"

namespace remotemedia {
namespace {

Map inline_params(const std::string& source, const std::string& cls, Map args = {}) {
  return Map{{"source", Value(source)}, {"class", Value(cls)}, {"args", Value(std::move(args))}};
}

// A fresh directory with files, for module-path tests.
class ModuleDir {
 public:
  ModuleDir() {
    char pattern[] = "/tmp/rm_python_node_XXXXXX";
    const char* made = mkdtemp(pattern);
    EXPECT_NE(made, nullptr);
    path_ = made != nullptr ? made : "/tmp";
  }
  ~ModuleDir() {
    std::string command = "rm -rf '" + path_ + "'";
    EXPECT_EQ(std::system(command.c_str()), 0);
  }
  void write(const std::string& relative, const std::string& text) {
    std::size_t slash = relative.rfind('/');
    if (slash != std::string::npos) {
      std::string command = "mkdir -p '" + path_ + "/" + relative.substr(0, slash) + "'";
      ASSERT_EQ(std::system(command.c_str()), 0);
    }
    std::FILE* file = std::fopen((path_ + "/" + relative).c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::fwrite(text.data(), 1, text.size(), file);
    std::fclose(file);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Error build_error(const Map& params, const std::string& base_dir = ".") {
  Result<std::unique_ptr<Node>> node = build_node(python_node_spec(), params, base_dir);
  EXPECT_FALSE(node.is_ok());
  return node ? Error() : node.error();
}

Error run_error(const Map& params, const List& items) {
  Result<std::unique_ptr<Node>> node = build_node(python_node_spec(), params);
  EXPECT_TRUE(node.is_ok()) << (node ? "" : node.error().message);
  if (!node) return Error();
  List out;
  Status status = run_items(**node, items, out);
  EXPECT_FALSE(status.is_ok());
  return status ? Error() : status.error();
}

constexpr const char* kScale =
    "class Scale:\n"
    "    def __init__(self, factor=2):\n"
    "        self.factor = factor\n"
    "    def process(self, item):\n"
    "        return item * self.factor\n";

TEST(PythonNode, ProcessesItemsWithArgsAsKeywords) {
  EXPECT_EQ(run_ok(python_node_spec(), inline_params(kScale, "Scale"), {Value(2), Value(1.5)}),
            (List{Value(4), Value(3.0)}));
  EXPECT_EQ(run_ok(python_node_spec(), inline_params(kScale, "Scale", Map{{"factor", Value(3)}}),
                   {Value("ab")}),
            (List{Value("ababab")}));
}

TEST(PythonNode, NoneEmitsNothingAndGeneratorsEmitEachItem) {
  const char* source =
      "class Split:\n"
      "    def process(self, item):\n"
      "        if item == '':\n"
      "            return None\n"
      "        return (part for part in item.split(','))\n";
  EXPECT_EQ(run_ok(python_node_spec(), inline_params(source, "Split"), {Value("a,b"), Value("")}),
            (List{Value("a"), Value("b")}));
}

TEST(PythonNode, LifeCycleRunsInOrder) {
  const char* source =
      "calls = []\n"
      "class Life:\n"
      "    def __init__(self, tag):\n"
      "        calls.append('init:' + tag)\n"
      "    def initialize(self):\n"
      "        calls.append('initialize')\n"
      "    def process(self, item):\n"
      "        calls.append('process')\n"
      "    def flush(self):\n"
      "        calls.append('flush')\n"
      "        return list(calls)\n"
      "    def cleanup(self):\n"
      "        calls.append('cleanup')\n";
  EXPECT_EQ(run_ok(python_node_spec(), inline_params(source, "Life", Map{{"tag", Value("t")}}),
                   {Value(1)}),
            (List{Value("init:t"), Value("initialize"), Value("process"), Value("flush")}));
}

TEST(PythonNode, FlushMustReturnAnIterable) {
  const char* source =
      "class F:\n"
      "    def process(self, item):\n"
      "        pass\n"
      "    def flush(self):\n"
      "        return 'abc'\n";
  Error error = run_error(inline_params(source, "F"), {});
  EXPECT_EQ(error.code, "python_type_error");
  EXPECT_NE(error.message.find("not 'str'"), std::string::npos) << error.message;
}

TEST(PythonNode, ExceptionsFailTheRunWithTraceback) {
  const char* source =
      "class Boom:\n"
      "    def process(self, item):\n"
      "        raise KeyError(item)\n";
  Error error = run_error(inline_params(source, "Boom"), {Value("k")});
  EXPECT_EQ(error.category, ErrorCategory::kRunFailure);
  EXPECT_EQ(error.code, "python_error");
  EXPECT_EQ(error.message, "KeyError: 'k'");
  EXPECT_EQ(error.node_id, "n");
  ASSERT_NE(error.details.find("traceback"), nullptr);
  EXPECT_EQ(*error.details.find("traceback"), Value("Traceback (most recent call last):\n"
                                                    "  File \"<node:n>\", line 3, in process\n"
                                                    "    raise KeyError(item)\n"
                                                    "KeyError: 'k'"));
}

TEST(PythonNode, ArgsAreCheckedAgainstTheConstructorWhenBuilt) {
  const char* source =
      "class Labeled:\n"
      "    def __init__(self, label, scale=1.0, *, mode='x'):\n"
      "        pass\n"
      "    def process(self, item):\n"
      "        return item\n"
      "class Open:\n"
      "    def __init__(self, **options):\n"
      "        pass\n"
      "    def process(self, item):\n"
      "        return item\n"
      "class Plain:\n"
      "    def process(self, item):\n"
      "        return item\n";
  Error misspelled = build_error(inline_params(source, "Labeled", Map{{"lable", Value("a")}}));
  EXPECT_EQ(misspelled.code, "invalid_param");
  EXPECT_EQ(misspelled.path, "$.nodes[0].params.args.lable");
  EXPECT_NE(misspelled.message.find("takes: label, scale, mode"), std::string::npos)
      << misspelled.message;
  Error missing = build_error(inline_params(source, "Labeled", Map{{"mode", Value("y")}}));
  EXPECT_EQ(missing.code, "invalid_param");
  EXPECT_EQ(missing.path, "$.nodes[0].params.args");
  EXPECT_NE(missing.message.find("'label'"), std::string::npos) << missing.message;
  EXPECT_EQ(build_error(inline_params(source, "Plain", Map{{"x", Value(1)}})).path,
            "$.nodes[0].params.args.x");
  for (const auto& [cls, args] :
       {std::pair<const char*, Map>{"Labeled", Map{{"label", Value("a")}, {"mode", Value("y")}}},
        {"Open", Map{{"anything", Value(1)}}},
        {"Plain", Map{}}}) {
    Result<std::unique_ptr<Node>> node =
        build_node(python_node_spec(), inline_params(source, cls, args));
    EXPECT_TRUE(node.is_ok()) << cls << ": " << (node ? "" : node.error().message);
  }
}

TEST(PythonNode, ConstructorAndInitializeFailuresFailOpen) {
  const char* raising =
      "class R:\n"
      "    def __init__(self, limit=1):\n"
      "        raise ValueError('limit too low')\n"
      "    def process(self, item):\n"
      "        return item\n";
  Error error = run_error(inline_params(raising, "R", Map{{"limit", Value(0)}}), {});
  EXPECT_EQ(error.code, "python_error");
  EXPECT_NE(error.message.find("ValueError: limit too low"), std::string::npos) << error.message;
  const char* source =
      "class I:\n"
      "    def initialize(self):\n"
      "        raise OSError('no device')\n"
      "    def process(self, item):\n"
      "        return item\n";
  EXPECT_EQ(run_error(inline_params(source, "I"), {}).message, "OSError: no device");
}

TEST(PythonNode, RecursionRaisesRecursionError) {
  const char* source =
      "def f(n):\n"
      "    return f(n + 1)\n"
      "class R:\n"
      "    def process(self, item):\n"
      "        return f(0)\n";
  Error error = run_error(inline_params(source, "R"), {Value(1)});
  EXPECT_EQ(error.message, "RecursionError: maximum recursion depth exceeded");
}

TEST(PythonNode, TensorsPassThroughWithoutCopies) {
  Tensor tensor;
  tensor.shape = {3};
  tensor.data = Buffer::allocate(12);
  List out =
      run_ok(python_node_spec(),
             inline_params("class P:\n    def process(self, item):\n        return item\n", "P"),
             {Value(tensor)});
  ASSERT_EQ(out.size(), 1u);
  ASSERT_NE(out[0].as_tensor(), nullptr);
  EXPECT_EQ(out[0].as_tensor()->data.data(), tensor.data.data());
}

TEST(PythonNode, ModuleAndSourceAreExclusive) {
  Map both = inline_params(kScale, "Scale");
  both.set("module", Value("x.py"));
  Error error = build_error(both);
  EXPECT_EQ(error.code, "invalid_param");
  EXPECT_EQ(error.path, "$.nodes[0].params.source");
  Error neither = build_error(Map{{"class", Value("Scale")}});
  EXPECT_EQ(neither.code, "invalid_param");
  EXPECT_EQ(neither.path, "$.nodes[0].params");
  EXPECT_EQ(build_error(Map{{"source", Value(kScale)}}).code, "missing_param");
}

TEST(PythonNode, LoadsModulesRelativeToTheBaseDir) {
  ModuleDir dir;
  dir.write("nodes/scale.py", kScale);
  Map params{{"module", Value("nodes/scale.py")}, {"class", Value("Scale")}};
  Result<std::unique_ptr<Node>> node = build_node(python_node_spec(), params, dir.path());
  ASSERT_TRUE(node.is_ok()) << node.error().message;
  List out;
  ASSERT_TRUE(run_items(**node, {Value(5)}, out).is_ok());
  EXPECT_EQ(out, (List{Value(10)}));
  // "./" and inner ".." that stay inside are fine.
  params.set("module", Value("./nodes/../nodes/scale.py"));
  EXPECT_TRUE(build_node(python_node_spec(), params, dir.path()).is_ok());
}

// Builds the PythonNode `params` in `scope`, as Pipeline::build does.
std::unique_ptr<Node> build_in(PipelineScope& scope, const Map& params, const std::string& dir) {
  Result<Map> validated = validate_params(python_node_spec(), params, "n", "$.nodes[0].params");
  EXPECT_TRUE(validated.is_ok());
  if (!validated) return nullptr;
  Result<std::unique_ptr<Node>> node = python_node_spec().create(
      NodeConfig{"n", "PythonNode", *validated, "$.nodes[0]", dir, &scope, nullptr});
  EXPECT_TRUE(node.is_ok()) << (node ? "" : node.error().message);
  return node ? std::move(*node) : nullptr;
}

Value process_one(Node& node, Value item) {
  TestNodeContext ctx;
  EXPECT_TRUE(node.process(std::move(item), ctx).is_ok());
  return ctx.emitted.empty() ? Value() : ctx.emitted[0].item;
}

TEST(PythonNode, ModulesLiveInTheirPipelinesInterpreter) {
  ModuleDir dir;
  dir.write("nodes/m.py",
            "opened = []\nclass M:\n    def __init__(self):\n        opened.append(1)\n"
            "    def process(self, item):\n        return ['old', len(opened)]\n");
  Map file_params{{"module", Value("nodes/m.py")}, {"class", Value("M")}};
  Map probe = inline_params(
      "import sys\nclass P:\n    def process(self, item):\n"
      "        return [k for k in ('m', 'm_2') if k in sys.modules]\n",
      "P");
  const int live_before = python::live_sub_interpreters();
  auto first = std::make_unique<PipelineScope>();
  std::unique_ptr<Node> a = build_in(*first, file_params, dir.path());
  std::unique_ptr<Node> b = build_in(*first, file_params, dir.path());
  ASSERT_TRUE(a && b);
  TestNodeContext ctx;
  ASSERT_TRUE(a->open(ctx).is_ok());
  ASSERT_TRUE(b->open(ctx).is_ok());
  // One module per scope: both nodes see both constructions.
  EXPECT_EQ(process_one(*a, Value(0)), (Value(List{Value("old"), Value(2)})));

  dir.write("nodes/m.py", "class M:\n    def process(self, item):\n        return 'new'\n");
  PipelineScope second;
  std::unique_ptr<Node> c = build_in(second, file_params, dir.path());
  std::unique_ptr<Node> p = build_in(second, probe, dir.path());
  ASSERT_TRUE(c && p);
  ASSERT_TRUE(c->open(ctx).is_ok());
  ASSERT_TRUE(p->open(ctx).is_ok());
  EXPECT_EQ(process_one(*c, Value(0)), Value("new"));
  // Each pipeline has an interpreter (and sys.modules) of its own: the name is free again.
  EXPECT_EQ(process_one(*p, Value(0)), (Value(List{Value("m")})));
  EXPECT_EQ(python::live_sub_interpreters(), live_before + 2);

  // The first pipeline ends, and its interpreter with it; the second's is untouched.
  EXPECT_TRUE(a->close(ctx).is_ok());
  EXPECT_TRUE(b->close(ctx).is_ok());
  a.reset();
  b.reset();
  first.reset();
  EXPECT_EQ(python::live_sub_interpreters(), live_before + 1);
  EXPECT_EQ(process_one(*p, Value(0)), (Value(List{Value("m")})));
  EXPECT_TRUE(c->close(ctx).is_ok());
  EXPECT_TRUE(p->close(ctx).is_ok());
  c.reset();
  p.reset();
  EXPECT_EQ(python::live_sub_interpreters(), live_before + 1);  // `second` still holds it
}

TEST(PythonNode, APatchInOnePipelineIsNotSeenByTheNext) {
  Map poison = inline_params(
      "import builtins, json, sys\nclass P:\n    def process(self, item):\n"
      "        json.dumps = lambda *a, **k: 'PWNED'\n        builtins.len = lambda o: -7\n"
      "        sys.modules['planted'] = sys\n        return json.dumps(1)\n",
      "P");
  Map check = inline_params(
      "import json, sys\nclass C:\n    def process(self, item):\n"
      "        return [json.dumps(1), len('ab'), 'planted' in sys.modules]\n",
      "C");
  TestNodeContext ctx;
  PipelineScope first;
  std::unique_ptr<Node> a = build_in(first, poison, ".");
  ASSERT_TRUE(a && a->open(ctx).is_ok());
  EXPECT_EQ(process_one(*a, Value(0)), Value("PWNED"));
  PipelineScope second;
  std::unique_ptr<Node> b = build_in(second, check, ".");
  ASSERT_TRUE(b && b->open(ctx).is_ok());
  EXPECT_EQ(process_one(*b, Value(0)), (Value(List{Value("1"), Value(2), Value(false)})));
  EXPECT_TRUE(a->close(ctx).is_ok());
  EXPECT_TRUE(b->close(ctx).is_ok());
}

TEST(PythonNode, ABufferAdoptedFromAPipelineOutlivesIt) {
  Map params = inline_params(
      "import array, remotemedia\nclass T:\n    def process(self, item):\n"
      "        return remotemedia.Tensor(array.array('f', [1.5, 2.5]))\n",
      "T");
  const int live_before = python::live_sub_interpreters();
  Value kept;
  {
    TestNodeContext ctx;
    PipelineScope scope;
    std::unique_ptr<Node> node = build_in(scope, params, ".");
    ASSERT_TRUE(node && node->open(ctx).is_ok());
    kept = process_one(*node, Value(0));
    EXPECT_TRUE(node->close(ctx).is_ok());
  }
  // The array's export keeps its interpreter until the last Buffer on it goes.
  ASSERT_NE(kept.as_tensor(), nullptr);
  EXPECT_EQ(python::live_sub_interpreters(), live_before + 1);
  const auto* data = reinterpret_cast<const float*>(kept.as_tensor()->data.data());
  EXPECT_EQ(data[0], 1.5f);
  EXPECT_EQ(data[1], 2.5f);
  kept = Value();
  EXPECT_EQ(python::live_sub_interpreters(), live_before);
}

TEST(PythonNode, RefusesMissingAbsoluteAndEscapingPaths) {
  ModuleDir dir;
  dir.write("nodes/scale.py", kScale);
  for (const char* path :
       {"nodes/missing.py", "/etc/hostname", "../scale.py", "nodes/../../scale.py", "nodes", ""}) {
    Error error = build_error(Map{{"module", Value(path)}, {"class", Value("Scale")}}, dir.path());
    EXPECT_EQ(error.code, "python_module_not_found") << path;
    EXPECT_EQ(error.category, ErrorCategory::kInvalidInput);
    EXPECT_EQ(error.path, "$.nodes[0].params.module");
  }
}

TEST(PythonNode, ReportsMissingClassesAndMethods) {
  EXPECT_EQ(build_error(inline_params(kScale, "Nope")).code, "python_class_not_found");
  EXPECT_EQ(build_error(inline_params("Thing = 3\n", "Thing")).code, "python_class_not_found");
  Error no_process = build_error(inline_params("class A:\n    pass\n", "A"));
  EXPECT_EQ(no_process.code, "python_method_missing");
  EXPECT_EQ(no_process.path, "$.nodes[0].params.class");
  EXPECT_EQ(build_error(inline_params("class A:\n    process = 1\n", "A")).code,
            "python_method_missing");
  EXPECT_EQ(
      build_error(inline_params("class A:\n    def process(self, i): pass\n    flush = 2\n", "A"))
          .code,
      "python_method_missing");
}

TEST(PythonNode, ImportFailuresCarryTheTraceback) {
  Error error = build_error(inline_params("import no_such_module_here\n", "A"));
  EXPECT_EQ(error.code, "python_import_error");
  EXPECT_EQ(error.category, ErrorCategory::kInvalidInput);
  EXPECT_EQ(error.path, "$.nodes[0].params.source");
  EXPECT_EQ(error.message,
            "the inline source raised while importing: ModuleNotFoundError: No module named "
            "'no_such_module_here'");
  ASSERT_NE(error.details.find("traceback"), nullptr);
  EXPECT_NE(error.details.find("traceback")->as_string()->find("File \"<node:n>\", line 1"),
            std::string::npos);
  EXPECT_EQ(build_error(inline_params("def broken(:\n", "A")).code, "python_import_error");
}

TEST(PythonNode, UnconvertibleOutputsNameTheNode) {
  Error error = run_error(
      inline_params("class S:\n    def process(self, item):\n        yield {1, 2}\n", "S"),
      {Value(1)});
  EXPECT_EQ(error.code, "python_type_error");
  EXPECT_NE(error.message.find("a value yielded by process()"), std::string::npos);
}

}  // namespace
}  // namespace remotemedia
