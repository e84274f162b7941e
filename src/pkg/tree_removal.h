// Removing a run's own directory tree (a bundle's extraction directory) whatever a node left in
// it: any depth (no path is ever longer than one name: openat/unlinkat relative to one directory
// descriptor at a time, so trees deeper than PATH_MAX go too), no symlink followed (O_NOFOLLOW:
// a link is removed, never its target), directories whose permissions a node removed are made
// accessible again first. Holds one directory descriptor at a time (not one per level).
#pragma once

#include <string>

#include "remotemedia/status.h"

namespace remotemedia::pkg {

// Removes `root` and everything under it. Fails (`io_error`) naming what could not be removed;
// removes as much as it can either way. Nothing else may be changing the tree meanwhile (the
// supervisor has killed the run's processes before this is called).
Status remove_tree(const std::string& root);

}  // namespace remotemedia::pkg
