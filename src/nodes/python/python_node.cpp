#include "python/python_api.h"

#include <utility>

#include "core/json_path.h"
#include "nodes/python/constructor_args.h"
#include "nodes/python/python_class_node.h"
#include "nodes/python/python_nodes.h"
#include "python/resource_scope.h"
#include "python/sub_interpreter.h"
#include "python/user_modules.h"

namespace remotemedia {
namespace {

Result<std::unique_ptr<Node>> create_python_node(const NodeConfig& config) {
  JsonPath params_path = JsonPath(config.json_path).key("params");
  const Value& module = *config.params.find("module");
  const Value& source = *config.params.find("source");
  const std::string& class_name = *config.params.find("class")->as_string();
  if (module.is_null() == source.is_null()) {
    return invalid_input(
        errc::invalid_param,
        module.is_null() ? "PythonNode needs \"module\" (a .py file relative to the manifest) "
                           "or \"source\" (inline Python code)"
                         : "PythonNode takes \"module\" or \"source\", not both",
        module.is_null() ? params_path.str() : params_path.with_key("source").str(), config.id);
  }
  Result<std::shared_ptr<python::SubInterpreter>> interpreter =
      python::pipeline_interpreter(config.scope, config.id);
  if (!interpreter) return interpreter.take_error();
  // Declared before every Python reference below, so those are released inside the interpreter.
  python::InterpreterGuard in_interpreter(interpreter->get());
  // The module's top-level code may read the pipeline's resources too.
  python::ResourceScope resources(config.resources, &config.id, &config.json_path);

  std::string label;
  Result<python::PyRef> loaded = python::PyRef();
  if (!module.is_null()) {
    label = "module '" + *module.as_string() + "'";
    loaded = python::load_module_file(config.base_dir, *module.as_string(), config.id,
                                      params_path.with_key("module").str());
  } else {
    label = "the inline source";
    loaded = python::load_module_source(*source.as_string(), config.id,
                                        params_path.with_key("source").str());
  }
  if (!loaded) return loaded.take_error();
  std::string class_path = params_path.with_key("class").str();
  Result<python::PyRef> cls =
      python::find_class(loaded->get(), class_name, label, config.id, class_path);
  if (!cls) return cls.take_error();
  RM_RETURN_IF_ERROR(check_node_class(cls->get(), "class '" + class_name + "' of " + label,
                                      config.id, class_path));
  const Value& args = *config.params.find("args");
  RM_RETURN_IF_ERROR(check_constructor_args(cls->get(), *args.as_map(),
                                            "class '" + class_name + "' of " + label, config.id,
                                            params_path.with_key("args")));
  return make_python_class_node(config.id, std::move(*interpreter), std::move(*cls),
                                *args.as_map());
}

}  // namespace

NodeTypeSpec python_node_spec() {
  NodeTypeSpec spec;
  spec.name = "PythonNode";
  spec.family = "python";
  spec.description =
      "Runs a Python class: built with `args` as keyword arguments; process(item) returns an "
      "output, None, or a generator of outputs; optional initialize(), flush(), cleanup().";
  spec.params = {
      ParamSpec::optional("module", ParamType::kString, Value(),
                          "a .py file, relative to the manifest's directory (give this or "
                          "`source`)"),
      ParamSpec::optional("source", ParamType::kString, Value(),
                          "inline Python source (or `module`)"),
      ParamSpec::required("class", ParamType::kString, "the node class defined by the module"),
      ParamSpec::optional("args", ParamType::kMap, Value(Map()), "keyword arguments for the class"),
  };
  spec.create = create_python_node;
  return spec;
}

}  // namespace remotemedia
