#!/usr/bin/env bash
# Configures and builds one or more CMake presets (default: release), reusing earlier builds.
#   scripts/build.sh [PRESET...]      presets: release debug asan fuzz (see CMakePresets.json)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
RM_LOG_TAG=build
cd "$RM_ROOT"
[ $# -gt 0 ] || set -- release
for preset in "$@"; do
  rm_log "configuring and building preset '$preset' (-j2)"
  # Re-running configure is cheap on a configured tree and picks up changed preset variables.
  log=$(mktemp)
  if ! cmake --preset "$preset" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    rm_die "configure of '$preset' failed"
  fi
  rm -f "$log"
  cmake --build --preset "$preset"
done
