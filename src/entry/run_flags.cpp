#include "entry/run_flags.h"

namespace remotemedia {

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

FlagParse parse_limit_flag(const std::vector<std::string>& args, std::size_t* i,
                           DocumentLimits* out, std::string* error) {
  const std::string& flag = args[*i];
  std::uint64_t* target = nullptr;
  if (flag == "--max-input-bytes") {
    target = &out->max_input_bytes;
  } else if (flag == "--max-output-items") {
    target = &out->limits.max_output_items;
  } else if (flag == "--max-output-bytes") {
    target = &out->limits.max_output_bytes;
  } else {
    return FlagParse::kNotMine;
  }
  if (*i + 1 >= args.size() || !parse_positive_count(args[*i + 1], target)) {
    *error = flag + " needs a whole number of at least 1";
    return FlagParse::kBad;
  }
  *i += 1;
  return FlagParse::kParsed;
}

std::vector<std::string> limit_flag_args(const DocumentLimits& limits) {
  return {"--max-input-bytes",  std::to_string(limits.max_input_bytes),
          "--max-output-items", std::to_string(limits.limits.max_output_items),
          "--max-output-bytes", std::to_string(limits.limits.max_output_bytes)};
}

}  // namespace remotemedia
