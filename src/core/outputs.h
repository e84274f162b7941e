// What one node call emits, held by the executor until the call returns: items with the output
// port each was emitted on, bounded by what the run may still hold.
#pragma once

#include <cstdint>
#include <vector>

#include "remotemedia/value.h"

namespace remotemedia {

// The bytes a value holds, as run limits count them: string, bytes, map-key, audio and tensor
// data bytes, plus 8 for every null, bool, int and float, summed through lists and maps.
std::uint64_t payload_bytes(const Value& value);

// Bounded: reset() sets how many more items and payload bytes the run may hold. push_back() of an
// item past either bound stores nothing, marks the outputs overflowed and returns false.
class Outputs {
 public:
  struct Emitted {
    Value item;
    std::size_t port = 0;
    std::uint64_t bytes = 0;  // payload_bytes(item)
  };

  bool push_back(std::size_t port, Value item);
  std::size_t size() const { return items_.size(); }
  std::vector<Emitted>::iterator begin() { return items_.begin(); }
  std::vector<Emitted>::iterator end() { return items_.end(); }

  // True once an item was refused; the refused item is gone. overflowed_on_bytes(): it was the
  // byte bound that refused it.
  bool overflowed() const { return overflowed_; }
  bool overflowed_on_bytes() const { return overflowed_on_bytes_; }
  // Payload bytes of the items held.
  std::uint64_t bytes() const { return bytes_; }

  // Empties the outputs (keeping capacity) and sets the bounds of the next call.
  void reset(std::uint64_t max_items, std::uint64_t max_bytes);

 private:
  std::vector<Emitted> items_;
  std::uint64_t bytes_ = 0;
  std::uint64_t max_items_ = UINT64_MAX;
  std::uint64_t max_bytes_ = UINT64_MAX;
  bool overflowed_ = false;
  bool overflowed_on_bytes_ = false;
};

}  // namespace remotemedia
