// The document rm_pipeline_drain hands out: {"<sink id>": [values], ...}, every sink in order.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "remotemedia/value.h"

namespace remotemedia::capi {

struct DrainedDocument {
  std::string json;
  // With binary refs: the payload of the value written as "binary": K is buffers[K]. The buffers
  // share the values' memory (no copy) and keep it alive.
  std::vector<Buffer> buffers;
};

// Without `binary_refs` values use their wire forms (docs/values.md). With it, tensor, audio and
// bytes values are written as their wire form with "binary": K in place of "data", K counting
// from 0 in document order.
DrainedDocument drained_document(std::vector<std::pair<std::string, List>> sinks, bool binary_refs);

}  // namespace remotemedia::capi
