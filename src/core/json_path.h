// JSON paths for error messages, in the common "$.nodes[2].params.factor" notation. Keys that are
// not plain identifiers are written as ["..."] so the path stays unambiguous.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace remotemedia {

class JsonPath {
 public:
  JsonPath() : path_("$") {}
  explicit JsonPath(std::string base) : path_(std::move(base)) {}

  JsonPath& key(std::string_view name);
  JsonPath& index(std::size_t i);
  // Copies with one more step, for handing a child path down.
  JsonPath with_key(std::string_view name) const { return JsonPath(*this).key(name); }
  JsonPath with_index(std::size_t i) const { return JsonPath(*this).index(i); }

  const std::string& str() const { return path_; }

 private:
  std::string path_;
};

}  // namespace remotemedia
