// `pack --stdlib minimal`: a copy of the stdlib zip (python311.zip of .pyc files) holding only the
// modules a pipeline needs. Which modules are needed is decided at pack time by the CLI (host
// CPython's modulefinder); this file only maps zip entries to module names and filters.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "remotemedia/status.h"

namespace remotemedia::pkg {

// "a/b/__init__.pyc" -> "a.b", "a/b.pyc" -> "a.b"; empty for anything else.
std::string module_of_entry(std::string_view entry);

// A new zip with the entries of `stdlib_zip` whose module (or one of whose packages' submodule
// chain) is in `modules`; parents of listed modules are always kept. Fails with
// bundle_unreadable if `stdlib_zip` is not a readable zip.
Result<std::string> subset_stdlib_zip(std::string_view stdlib_zip,
                                      const std::set<std::string>& modules);

}  // namespace remotemedia::pkg
