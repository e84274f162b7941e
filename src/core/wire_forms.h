// The JSON wire forms of the value kinds JSON has no literal for (docs/values.md):
//   tensor  {"__numpy__": true, "array": {"meta": {"dtype": "float32", "shape": [N]}, "data":
//   "<b64>"}} audio   {"__audio__": true, "sample_rate": 16000, "channels": 1, "data": "<b64
//   float32 LE>"} bytes   {"__bytes__": true, "data": "<b64>"} float   {"__float__": "nan" | "inf"
//   | "-inf"}
// A map holding any of these marker keys must be a complete, valid form.
#pragma once

#include <string>

#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

// The reserved marker keys, in the order decode_wire_forms tries them.
inline constexpr const char* kWireFormMarkers[] = {"__numpy__", "__audio__", "__bytes__",
                                                   "__float__"};

// The first marker key `map` holds (so decode_wire_forms would decode or refuse it), or null.
// A runtime map with such a key cannot be written as JSON without changing meaning: producers
// (e.g. Python node outputs) refuse it with `reserved_key`.
const char* wire_form_marker_in(const Map& map);

// Replaces every wire-form map inside `value` by the value it encodes. `path` names `value` in
// the document, for errors (`invalid_wire_form`; `value_too_large` for a tensor or audio value
// over the array limits in value.h). On failure `value` is partly decoded.
Status decode_wire_forms(Value& value, const std::string& path);

}  // namespace remotemedia
