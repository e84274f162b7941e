# Debian source packages for the dependency scripts (scripts/wasi-deps/build.sh,
# scripts/audio-deps/fetch.sh): deb-src entries, `apt-get update` when needed, and unpacked,
# Debian-patched trees cached in $CACHE/src/<pkg>_<version without epoch>/.
# Source it after scripts/lib/logged.sh (log, die, run_logged) and setting CACHE; it defines
# functions and two variables only.

readonly SRC_LIST=/etc/apt/sources.list.d/remotemedia-deb-src.sources

APT_STALE=0   # 1 when apt's lists are known to lack something we configured or need
apt_update_if_stale() {
    [[ $APT_STALE == 1 ]] || return 0
    local logfile; logfile=$(mktemp)
    log "apt-get update"
    run_logged "$logfile" apt-get update -q
    rm -f "$logfile"
    APT_STALE=0
}

# Adds deb-src twins for every configured bookworm{,-updates,-security} 'main' binary source that lacks one
# (sets APT_STALE; the caller updates).
ensure_deb_src() {
    local targets missing=() uri suite comp
    # shellcheck disable=SC2016  # $(...) here is apt's format syntax, not the shell's
    targets=$(apt-get indextargets --no-release-info --format '$(IDENTIFIER) $(REPO_URI) $(RELEASE) $(COMPONENT)')
    while read -r uri suite comp; do
        [[ $comp == main && $suite =~ ^bookworm(-updates|-security)?$ ]] || continue
        grep -qxF "Sources $uri $suite main" <<<"$targets" || missing+=("$uri $suite")
    done < <(awk '$1 == "Packages" { print $2, $3, $4 }' <<<"$targets" | sort -u)
    ((${#missing[@]} == 0)) && return 0
    [[ $EUID == 0 ]] || die "no deb-src entries for: ${missing[*]} (run as root to add them)"
    log "adding deb-src entries to $SRC_LIST"
    local entry
    {
        [[ -f $SRC_LIST ]] && cat "$SRC_LIST" && echo
        for entry in "${missing[@]}"; do
            printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n' "${entry% *}" "${entry#* }"
            printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n'
        done
    } >"$SRC_LIST.tmp"
    mv "$SRC_LIST.tmp" "$SRC_LIST"
    APT_STALE=1
}

# Source packages: $CACHE/src/<pkg>_<version without epoch>/ is the unpacked, Debian-patched tree.

src_dir() { echo "$CACHE/src/${1}_${2#*:}"; }

# candidate_versions SRCPKG BINPKG: versions apt offers, installed-binary version first, then newest first
# (sort -V orders Debian revisions like deb12u8 < deb12u9 < deb12u10, as dpkg does).
candidate_versions() {
    local src=$1 bin=$2 installed versions
    installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Version}' "$bin" 2>/dev/null | awk '/^ii/ { print $2 }')
    versions=$(apt-cache showsrc --only-source "$src" 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -u)
    [[ -n $versions ]] || return 0
    {
        if [[ -n $installed ]]; then grep -xF "$installed" <<<"$versions" || true; fi
        sort -r -V <<<"$versions"
    } | awk '!seen[$0]++'
}

# fetch_source SRCPKG VERSION: apt-get source into $CACHE/src; returns 1 if the archive does not serve it.
fetch_source() {
    local pkg=$1 ver=$2 tmp dir
    tmp=$(mktemp -d "$CACHE/src/.fetch.XXXXXX")
    log "apt-get source $pkg=$ver"
    if ! (cd "$tmp" && apt-get -q -o APT::Sandbox::User=root source "$pkg=$ver") >"$tmp.log" 2>&1; then
        log "  not served by the archive: $(grep -m1 -E '^(E|Err):' "$tmp.log" || tail -n1 "$tmp.log")"
        rm -rf "$tmp" "$tmp.log"
        return 1
    fi
    dir=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name "$pkg-*" -print -quit)
    [[ -n $dir ]] || die "apt-get source $pkg=$ver unpacked nothing (log: $tmp.log)"
    mv "$dir" "$(src_dir "$pkg" "$ver")"
    rm -rf "$tmp" "$tmp.log"
}

# resolve_source MODE SRCPKG BINPKG PIN: prints the chosen version; its tree is in $CACHE/src afterwards.
# MODE=offline only considers trees already in $CACHE/src and returns 1 if none fits (no network, no output);
# MODE=fetch downloads the best fetchable candidate when no cached one fits, and dies if none can be fetched.
resolve_source() {
    local mode=$1 pkg=$2 bin=$3 pin=$4 v candidates
    if [[ -n $pin ]]; then
        if [[ ! -d $(src_dir "$pkg" "$pin") ]]; then
            [[ $mode == offline ]] && return 1
            fetch_source "$pkg" "$pin" || die "cannot fetch $pkg=$pin"
        fi
        echo "$pin"; return 0
    fi
    candidates=$(candidate_versions "$pkg" "$bin")
    for v in $candidates; do [[ -d $(src_dir "$pkg" "$v") ]] && { echo "$v"; return 0; }; done
    [[ $mode == offline ]] && return 1
    [[ -n $candidates ]] || die "apt knows no source versions of $pkg (deb-src entries missing?)"
    for v in $candidates; do fetch_source "$pkg" "$v" && { echo "$v"; return 0; }; done
    die "none of the source versions of $pkg could be fetched: ${candidates//$'\n'/ }"
}
