# Shared helpers for the project's scripts. Source it; it defines functions only.

# Repository root, whatever the caller's working directory.
RM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export RM_ROOT

rm_log() { printf '[%s] %s\n' "${RM_LOG_TAG:-remotemedia}" "$*" >&2; }
rm_die() { rm_log "error: $*"; exit 1; }

# rm_apt_install PKG...: installs the Debian packages that are missing; silent when none are.
# Runs `apt-get update` first only when something has to be installed.
rm_apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || rm_die "need root to install: ${missing[*]}"
  rm_log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# rm_npm_ci: installs the repository's JavaScript packages exactly as package-lock.json pins them
# (`npm ci`), unless node_modules already holds that lock: `npm ci` recreates node_modules, and a
# copy of the lock it was made from is kept there as the stamp.
rm_npm_ci() {
  local stamp="$RM_ROOT/node_modules/.remotemedia-package-lock.json"
  cmp -s "$RM_ROOT/package-lock.json" "$stamp" 2>/dev/null && return 0
  rm_log "installing JavaScript packages (npm ci)"
  (cd "$RM_ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || rm_die "npm ci failed"
  cp "$RM_ROOT/package-lock.json" "$stamp"
}
