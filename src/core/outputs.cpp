#include "core/outputs.h"

#include <utility>

namespace remotemedia {

std::uint64_t payload_bytes(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kNull:
    case ValueKind::kBool:
    case ValueKind::kInt:
    case ValueKind::kFloat:
      return 8;
    case ValueKind::kString:
      return value.as_string()->size();
    case ValueKind::kBytes:
      return value.as_bytes()->data.size();
    case ValueKind::kAudio:
      return value.as_audio()->samples.size();
    case ValueKind::kTensor:
      return value.as_tensor()->data.size();
    case ValueKind::kList: {
      std::uint64_t total = 0;
      for (const Value& item : *value.as_list()) total += payload_bytes(item);
      return total;
    }
    case ValueKind::kMap: {
      std::uint64_t total = 0;
      for (const Map::Entry& entry : *value.as_map()) {
        total += entry.first.size() + payload_bytes(entry.second);
      }
      return total;
    }
  }
  return 0;
}

bool Outputs::push_back(std::size_t port, Value item) {
  if (overflowed_) return false;
  std::uint64_t size = payload_bytes(item);
  if (items_.size() >= max_items_ || size > max_bytes_ - bytes_) {
    overflowed_ = true;
    overflowed_on_bytes_ = items_.size() < max_items_;
    return false;
  }
  bytes_ += size;
  items_.push_back(Emitted{std::move(item), port, size});
  return true;
}

void Outputs::reset(std::uint64_t max_items, std::uint64_t max_bytes) {
  items_.clear();
  bytes_ = 0;
  max_items_ = max_items;
  max_bytes_ = max_bytes;
  overflowed_ = false;
  overflowed_on_bytes_ = false;
}

}  // namespace remotemedia
