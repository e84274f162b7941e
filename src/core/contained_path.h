// Containment of a file a manifest names (a Python module path) in the manifest's directory,
// decided on real paths, not on spelling: one function for every place that opens such a file
// (the Python module loader, on both targets, and `pack`).
#pragma once

#include <string>

namespace remotemedia {

enum class Containment {
  kInside,   // `path` is the resolved file, below the base directory
  kOutside,  // absolute, or leads outside the base directory (through '..' or a symlink)
  kMissing,  // a component does not exist, is not a directory, or symlinks loop
};

struct ContainedPath {
  Containment state = Containment::kMissing;
  std::string path;  // set when kInside: the base directory + "/" + the resolved relative path
};

// Refuses `relative` when it is absolute or its '..' components climb above its start (lexically,
// before looking at the file system); then resolves it against `base_dir` (empty: the current
// directory) component by component, following every symbolic link the way the kernel would, and
// refuses as soon as any step leaves `base_dir`: a relative link climbing above it, or an
// absolute link whose target is not below realpath(base_dir) (on wasm32-wasi, which has no
// realpath, every absolute link target counts as outside: it names a host path). The result
// contains no symlink below `base_dir`; the base directory itself is trusted as given. The last
// component is not required to be a regular file: callers check the type when they open it.
ContainedPath resolve_contained(const std::string& base_dir, const std::string& relative);

}  // namespace remotemedia
