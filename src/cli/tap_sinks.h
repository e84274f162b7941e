// The CLI's --tap NODE[.PORT]: a node's output shown in the result although it feeds other nodes,
// by a PassThroughNode "tap:NODE[.PORT]" connected to it (a sink: its items appear in `outputs`
// under that id). The document is rewritten before the run, the same for both targets.
#pragma once

#include <string>
#include <vector>

#include "remotemedia/status.h"

namespace remotemedia {

// `document` with a tap sink for each of `taps`. A tap naming no node of the manifest is
// `invalid_argument`; a document that is not a manifest (or an envelope of one) comes back
// unchanged, for the run to report. Taps of a port that does not exist are reported by the run
// (`unknown_port`) at the added connection.
Result<std::string> with_taps(const std::string& document, const std::vector<std::string>& taps);

}  // namespace remotemedia
