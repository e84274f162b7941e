#include "cli/nodes_table.h"

#include <algorithm>
#include <cstddef>

#include "core/json_writer.h"

namespace remotemedia {
namespace {

constexpr std::size_t kWidth = 100;

const std::string* text_of(const Map& map, const char* key) {
  const Value* value = map.find(key);
  return value != nullptr ? value->as_string() : nullptr;
}

// `text` wrapped at word boundaries to kWidth, each line starting with `indent` spaces.
std::string wrapped(const std::string& text, std::size_t indent) {
  std::string out;
  std::string line(indent, ' ');
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(at, end - at);
    if (line.size() > indent && line.size() + 1 + word.size() > kWidth) {
      out += line + "\n";
      line.assign(indent, ' ');
    }
    if (line.size() > indent) line += ' ';
    line += word;
    at = end + 1;
  }
  if (line.size() > indent) out += line + "\n";
  return out;
}

std::string port_text(const Value& port) {
  const Map* map = port.as_map();
  if (map == nullptr) return "?";
  std::string text = *text_of(*map, "name") + " (" + *text_of(*map, "kinds");
  if (const Value* rate = map->find("sample_rate"); rate != nullptr && rate->as_int() != nullptr) {
    text += " at " + std::to_string(*rate->as_int()) + " Hz";
  }
  if (const Value* channels = map->find("channels");
      channels != nullptr && channels->as_int() != nullptr) {
    text += *channels->as_int() == 1 ? " mono"
                                     : ", " + std::to_string(*channels->as_int()) + " channels";
  }
  return text + ")";
}

std::string ports_line(const char* label, const Value* ports) {
  std::string line = std::string("  ") + label + ": ";
  const List* list = ports != nullptr ? ports->as_list() : nullptr;
  if (list == nullptr || list->empty()) return line + "none\n";
  for (std::size_t i = 0; i < list->size(); ++i) line += (i ? "; " : "") + port_text((*list)[i]);
  return line + "\n";
}

// "default 2", "required", with the range or choices.
std::string param_terms(const Map& param) {
  std::string terms;
  const Value* required = param.find("required");
  if (required != nullptr && required->as_bool() != nullptr && *required->as_bool()) {
    terms = "required";
  } else if (const Value* fallback = param.find("default")) {
    terms = "default " + to_json(*fallback);
  }
  const Value* low = param.find("min");
  const Value* high = param.find("max");
  if (low != nullptr && high != nullptr) terms += ", " + to_json(*low) + ".." + to_json(*high);
  if (const Value* choices = param.find("choices")) terms += ", one of " + to_json(*choices);
  return terms;
}

}  // namespace

std::string nodes_table(const Value& catalog) {
  std::string out;
  const Map* root = catalog.as_map();
  const Value* types = root != nullptr ? root->find("node_types") : nullptr;
  if (types == nullptr || types->as_list() == nullptr) return out;
  for (const Value& type : *types->as_list()) {
    const Map& node = *type.as_map();
    const std::string& name = *text_of(node, "name");
    out += name + " (" + *text_of(node, "family") + ")\n";
    out += wrapped(*text_of(node, "description"), 2);
    const List* params = node.find("params")->as_list();
    Map example_params;
    if (params != nullptr && !params->empty()) {
      out += "  params:\n";
      std::size_t width = 0;
      for (const Value& p : *params) width = std::max(width, text_of(*p.as_map(), "name")->size());
      for (const Value& p : *params) {
        const Map& param = *p.as_map();
        const std::string& pname = *text_of(param, "name");
        std::string head = "    " + pname + std::string(width - pname.size(), ' ') + "  " +
                           *text_of(param, "type") + ", " + param_terms(param);
        out += head + "\n" + wrapped(*text_of(param, "description"), 6 + width);
        if (param.find("default") == nullptr) {
          example_params.insert(pname, Value("<" + *text_of(param, "type") + ">"));
        }
      }
    }
    out += ports_line("inputs", node.find("inputs"));
    out += ports_line("outputs", node.find("outputs"));
    Map example{{"id", Value("n")}, {"node_type", Value(name)}, {"params", Value(example_params)}};
    out += "  example: " + to_json(Value(std::move(example))) + "\n\n";
  }
  return out;
}

}  // namespace remotemedia
