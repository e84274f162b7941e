// Descriptors this process keeps for itself while it runs a document (the CLI child's private
// result pipe): node code may not close or replace them. The front end that owns one registers it
// before any node runs; the Python bridge reads the set when it installs itself in an interpreter
// (docs/cli.md, "What a node cannot do"). Process-wide, single-threaded.
#pragma once

#include <vector>

namespace remotemedia {

// Adds `fd` to the set (a negative fd is ignored).
void reserve_descriptor(int fd);

const std::vector<int>& reserved_descriptors();

}  // namespace remotemedia
