#include "core/json_reader.h"

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/json_path.h"

namespace remotemedia {
namespace {

using Json = nlohmann::json;

// Builds the Value tree from nlohmann's SAX events. Returning false from an event stops the
// parser; the first error is kept in `error`.
class ValueBuilder {
 public:
  bool null() { return add(Value()); }
  bool boolean(bool v) { return add(Value(v)); }
  bool number_integer(Json::number_integer_t v) { return add(Value(static_cast<std::int64_t>(v))); }
  bool number_unsigned(Json::number_unsigned_t v) {
    if (v > static_cast<Json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max())) {
      return fail("integer " + std::to_string(v) + " does not fit in a signed 64-bit int");
    }
    return add(Value(static_cast<std::int64_t>(v)));
  }
  bool number_float(Json::number_float_t v, const Json::string_t& literal) {
    if (literal.find_first_of(".eE") == std::string::npos) {
      return fail("integer " + literal + " does not fit in a signed 64-bit int");
    }
    return add(Value(static_cast<double>(v)));
  }
  bool string(Json::string_t& v) { return add(Value(std::move(v))); }
  bool binary(Json::binary_t& /*v*/) { return fail("binary values are not JSON"); }

  bool start_object(std::size_t /*size*/) { return open(Value(Map())); }
  bool key(Json::string_t& k) {
    Frame& top = stack_.back();
    if (top.value.as_map()->find(k) != nullptr) {
      top.key = k;
      return fail("duplicate key \"" + k + "\"");
    }
    top.key = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*size*/) { return open(Value(List())); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) {
    if (error_.empty()) {
      // nlohmann's text reads "[json.exception.parse_error.101] parse error at line 1, column 5:
      // ...".
      std::string text = ex.what();
      std::size_t bracket = text.find("] ");
      error_ = bracket == std::string::npos ? text : text.substr(bracket + 2);
    }
    return false;
  }

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& error_path() const { return error_path_; }
  Value take_root() { return std::move(root_); }

 private:
  struct Frame {
    Value value;
    std::string key;  // the pending key while inside an object
  };

  std::string current_path() const {
    JsonPath path;
    for (const Frame& frame : stack_) {
      if (const List* list = frame.value.as_list()) {
        path.index(list->size());
      } else {
        path.key(frame.key);
      }
    }
    return path.str();
  }

  bool fail(std::string message) {
    error_ = std::move(message);
    error_path_ = current_path();
    return false;
  }

  bool add(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return true;
    }
    Frame& top = stack_.back();
    if (List* list = top.value.as_list()) {
      list->push_back(std::move(v));
    } else {
      top.value.as_map()->insert(std::move(top.key), std::move(v));
      top.key.clear();
    }
    return true;
  }

  bool open(Value container) {
    if (stack_.size() >= kMaxJsonDepth) {
      return fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    stack_.push_back(Frame{std::move(container), {}});
    return true;
  }

  bool close() {
    Value done = std::move(stack_.back().value);
    stack_.pop_back();
    return add(std::move(done));
  }

  std::vector<Frame> stack_;
  Value root_;
  std::string error_;
  std::string error_path_;
};

}  // namespace

Result<Value> parse_json(std::string_view text) {
  // JSON has no place for a raw NUL byte (not between tokens, not unescaped in a string), and
  // nlohmann's lexer would take one for the end of the input, accepting `<doc>\0<anything>`.
  if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return invalid_input(errc::invalid_json,
                         "malformed JSON: a NUL byte at offset " + std::to_string(nul));
  }
  ValueBuilder builder;
  bool ok = Json::sax_parse(text.begin(), text.end(), &builder);
  if (!ok || builder.failed()) {
    std::string message = builder.failed() ? builder.error() : "malformed JSON";
    if (!builder.error_path().empty()) message += " at " + builder.error_path();
    return invalid_input(errc::invalid_json, "malformed JSON: " + message, builder.error_path());
  }
  return builder.take_root();
}

}  // namespace remotemedia
