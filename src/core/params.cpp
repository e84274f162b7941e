#include "core/params.h"

#include <cmath>

#include "core/json_path.h"
#include "core/json_writer.h"

namespace remotemedia {
namespace {

bool has_type(const Value& value, ParamType type) {
  switch (type) {
    case ParamType::kBool:
      return value.kind() == ValueKind::kBool;
    case ParamType::kInt:
      return value.kind() == ValueKind::kInt;
    case ParamType::kNumber:
      return value.is_number();
    case ParamType::kString:
      return value.kind() == ValueKind::kString;
    case ParamType::kList:
      return value.kind() == ValueKind::kList;
    case ParamType::kMap:
      return value.kind() == ValueKind::kMap;
    case ParamType::kAny:
      return true;
  }
  return false;
}

std::string declared_names(const NodeTypeSpec& spec) {
  if (spec.params.empty()) return "it takes no params";
  std::string names = "known params: ";
  for (std::size_t i = 0; i < spec.params.size(); ++i) {
    if (i > 0) names += ", ";
    names += spec.params[i].name;
  }
  return names;
}

}  // namespace

Value param_bound(double bound) {
  if (std::floor(bound) == bound && std::fabs(bound) < 9e15) {
    return Value(static_cast<std::int64_t>(bound));
  }
  return Value(bound);
}

const char* param_type_name(ParamType type) {
  switch (type) {
    case ParamType::kBool:
      return "bool";
    case ParamType::kInt:
      return "int";
    case ParamType::kNumber:
      return "number";
    case ParamType::kString:
      return "string";
    case ParamType::kList:
      return "list";
    case ParamType::kMap:
      return "map";
    case ParamType::kAny:
      return "any";
  }
  return "unknown";
}

Result<Map> validate_params(const NodeTypeSpec& spec, const Map& given, const std::string& node_id,
                            const std::string& params_path) {
  for (const Map::Entry& entry : given) {
    bool declared = false;
    for (const ParamSpec& param : spec.params) declared = declared || param.name == entry.first;
    if (!declared) {
      std::string where = JsonPath(params_path).key(entry.first).str();
      return invalid_input(
          errc::unknown_param,
          spec.name + " has no param \"" + entry.first + "\"; " + declared_names(spec), where,
          node_id);
    }
  }
  Map validated;
  for (const ParamSpec& param : spec.params) {
    std::string where = JsonPath(params_path).key(param.name).str();
    const Value* value = given.find(param.name);
    if (value == nullptr) {
      if (param.is_required) {
        return invalid_input(
            errc::missing_param,
            spec.name + " needs param \"" + param.name + "\" (" + param_type_name(param.type) + ")",
            where, node_id);
      }
      validated.set(param.name, param.default_value);
      continue;
    }
    if (!has_type(*value, param.type)) {
      return invalid_input(errc::invalid_param,
                           "param \"" + param.name + "\" must be " + param_type_name(param.type) +
                               ", got " + value->kind_name(),
                           where, node_id);
    }
    if (!param.choices.empty()) {
      bool allowed = false;
      for (const Value& choice : param.choices) allowed = allowed || choice == *value;
      if (!allowed) {
        return invalid_input(errc::invalid_param,
                             "param \"" + param.name + "\" must be one of " +
                                 to_json(Value(param.choices)) + ", got " + to_json(*value),
                             where, node_id);
      }
    }
    if (param.bounded && value->is_number() &&
        (value->number() < param.min || value->number() > param.max)) {
      return invalid_input(errc::invalid_param,
                           "param \"" + param.name + "\" must be in " +
                               to_json(param_bound(param.min)) + ".." +
                               to_json(param_bound(param.max)) + ", got " + to_json(*value),
                           where, node_id);
    }
    validated.set(param.name, *value);
  }
  return validated;
}

ParamSpec ParamSpec::required(std::string name, ParamType type, std::string description) {
  ParamSpec param;
  param.name = std::move(name);
  param.type = type;
  param.is_required = true;
  param.description = std::move(description);
  return param;
}

ParamSpec ParamSpec::optional(std::string name, ParamType type, Value default_value,
                              std::string description) {
  ParamSpec param;
  param.name = std::move(name);
  param.type = type;
  param.default_value = std::move(default_value);
  param.description = std::move(description);
  return param;
}

ParamSpec&& ParamSpec::one_of(List values) && {
  choices = std::move(values);
  return std::move(*this);
}

ParamSpec&& ParamSpec::in_range(double low, double high) && {
  bounded = true;
  min = low;
  max = high;
  return std::move(*this);
}

}  // namespace remotemedia
