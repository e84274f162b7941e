#include "entry/run_flags.h"

namespace remotemedia {
namespace {

constexpr const char* kLimitOptions[] = {"max_input_bytes", "max_output_items", "max_output_bytes"};

// "max_output_items" -> "--max-output-items".
std::string flag_of(const std::string& option) {
  std::string flag = "--" + option;
  for (char& c : flag) {
    if (c == '_') c = '-';
  }
  return flag;
}

}  // namespace

CallOptions cli_call_options() {
  CallOptions options;
  for (const char* option : kLimitOptions)
    options.option_names.emplace_back(option, flag_of(option));
  return options;
}

bool parse_positive_count(const std::string& text, std::uint64_t* out) {
  if (text.empty() || text.size() > 19) return false;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value == 0 || value >= (std::uint64_t{1} << 63)) return false;
  *out = value;
  return true;
}

FlagParse parse_limit_flag(const std::vector<std::string>& args, std::size_t* i, CallOptions* out,
                           std::string* error) {
  const std::string& flag = args[*i];
  const char* option = nullptr;
  for (const char* candidate : kLimitOptions) {
    if (flag == flag_of(candidate)) option = candidate;
  }
  if (option == nullptr) return FlagParse::kNotMine;
  std::uint64_t count = 0;
  if (*i + 1 >= args.size() || !parse_positive_count(args[*i + 1], &count)) {
    *error = flag + " needs a whole number of at least 1";
    return FlagParse::kBad;
  }
  Status set = set_call_option(*out, option, Value(static_cast<std::int64_t>(count)), "$");
  if (!set.is_ok()) {
    *error = set.error().message;
    return FlagParse::kBad;
  }
  *i += 1;
  return FlagParse::kParsed;
}

std::vector<std::string> limit_flag_args(const CallOptions& options) {
  return {"--max-input-bytes",  std::to_string(options.max_input_bytes),
          "--max-output-items", std::to_string(options.max_output_items),
          "--max-output-bytes", std::to_string(options.max_output_bytes)};
}

}  // namespace remotemedia
