// A bundle on disk, for native front ends (the CLI): reading a .rmpkg file and extracting a checked
// bundle. The checks themselves are read_bundle's (bundle_reader.h), which touches no file.
#pragma once

#include <functional>
#include <string>

#include "pkg/bundle_reader.h"
#include "remotemedia/status.h"

namespace remotemedia::pkg {

// read_bundle over the file at `path` (a regular file no larger than the limit; bundle_unreadable
// or bundle_too_large otherwise).
Result<Bundle> read_bundle_file(const std::string& path, const ReadOptions& options);

// Writes the bundle's files into a new private directory (mkdtemp under $TMPDIR or /tmp) with
// O_CREAT|O_EXCL|O_NOFOLLOW and returns its path. The caller removes it with remove_tree()
// (pkg/tree_removal.h). `keep_going`, when set, is called before each file; its error ends the
// extraction. On failure nothing is left behind.
Result<std::string> extract_bundle(const Bundle& bundle,
                                   const std::function<Status()>& keep_going = {});

}  // namespace remotemedia::pkg
