#include "remotemedia/node.h"

namespace remotemedia {

PipelineScope::~PipelineScope() {
  while (!resources_.empty()) resources_.pop_back();
}

std::shared_ptr<void> PipelineScope::find(std::string_view key) const {
  for (const auto& [name, resource] : resources_) {
    if (name == key) return resource;
  }
  return nullptr;
}

void PipelineScope::set(std::string key, std::shared_ptr<void> resource) {
  for (auto& [name, existing] : resources_) {
    if (name == key) {
      existing = std::move(resource);
      return;
    }
  }
  resources_.emplace_back(std::move(key), std::move(resource));
}

}  // namespace remotemedia
