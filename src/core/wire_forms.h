// The JSON wire forms of the value kinds JSON has no literal for (docs/values.md):
//   tensor  {"__numpy__": true, "array": {"meta": {"dtype": "float32", "shape": [N]}, "data":
//   "<b64>"}} audio   {"__audio__": true, "sample_rate": 16000, "channels": 1, "data": "<b64
//   float32 LE>"} bytes   {"__bytes__": true, "data": "<b64>"} float   {"__float__": "nan" | "inf"
//   | "-inf"}
// A map whose first key is one of these markers must be a complete, valid form.
#pragma once

#include <string>

#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

// Replaces every wire-form map inside `value` by the value it encodes. `path` names `value` in
// the document, for errors (`invalid_wire_form`). On failure `value` is partly decoded.
Status decode_wire_forms(Value& value, const std::string& path);

}  // namespace remotemedia
