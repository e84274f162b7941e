// Checks a node's manifest params against its type's declared ParamSpecs.
#pragma once

#include <string>

#include "remotemedia/node.h"

namespace remotemedia {

// A range bound as a manifest would write it: an int when it is a whole number.
Value param_bound(double bound);

// Returns the params in declaration order with defaults filled in. Errors: `unknown_param`,
// `missing_param`, `invalid_param`; each names the node and the param's JSON path.
Result<Map> validate_params(const NodeTypeSpec& spec, const Map& given, const std::string& node_id,
                            const std::string& params_path);

}  // namespace remotemedia
