// The CLI's --input FILE: a run's input items from a file of their own, so that data need not live
// inside the pipeline file.
#pragma once

#include <string>
#include <string_view>

#include "remotemedia/status.h"

namespace remotemedia {

// The items of an input file: one JSON array, or JSON lines (one item per non-blank line), in the
// wire forms of docs/values.md. `name` goes into errors: `invalid_json` naming the file and line.
// The list as JSON text.
Result<std::string> input_items(std::string_view text, const std::string& name);

// `document` (a manifest, or an envelope whose input_data is replaced) with `items` (JSON text of
// a list) as its input_data. A document that is not a JSON object comes back unchanged: the run
// then reports what is wrong with it, at its own JSON paths.
std::string with_input_data(const std::string& document, const std::string& items);

}  // namespace remotemedia
