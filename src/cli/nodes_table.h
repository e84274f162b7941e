// `remotemedia nodes` for people: the node catalog (core/node_catalog.h) as text, one block per
// node type with its description, params (type, default or "required", range or choices, meaning)
// and ports, and a manifest entry to copy (its required params as placeholders).
#pragma once

#include <string>

#include "remotemedia/value.h"

namespace remotemedia {

// The text of `catalog` ({"node_types": [...]}, as node_catalog() makes it).
std::string nodes_table(const Value& catalog);

}  // namespace remotemedia
