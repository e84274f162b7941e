#!/usr/bin/env bash
# Builds PocketSphinx (PocketSphinxNode, docs/nodes.md#pocketsphinxnode) for wasm32-wasi from
# Debian's source packages, into a cached, versioned prefix. The native build links Debian's own
# libpocketsphinx and libsphinxbase (scripts/setup.sh installs them with pocketsphinx-en-us, the
# English model both targets use); this prefix holds the same version compiled for wasm32-wasi:
#   sphinxbase     apt-get source sphinxbase, autoreconf'd (as debian/rules does), configured for
#                  wasm32-unknown-wasi with clang-19 and SIMD128 against the private sysroot of
#                  scripts/wasi-deps/build.sh; util/sbthread.c is left out (threads the decoder
#                  never starts; this libc has no pthread_cond_timedwait); setjmp.h is a stand-in
#                  (wasi/setjmp.h: ckd_alloc's opt-in jump, which nothing here enables)
#   pocketsphinx   apt-get source pocketsphinx, the same way, against that sphinxbase
# The source versions are the installed binary packages' versions, so both targets run one code.
#
# Usage: scripts/pocketsphinx-deps/build.sh     (after scripts/wasi-deps/build.sh)
#   stdout: exactly one line, the absolute path of the finished prefix.
#   stderr: progress lines "[pocketsphinx-deps] ...", and the tail of a step's log when one fails.
#   exit:   0 only when the prefix is complete.
#
# Result: $CACHE/pocketsphinx-deps/<key>/ and the symlink $CACHE/pocketsphinx-deps/current -> <key>,
#   holding include/{sphinxbase,pocketsphinx,standins}/ (the wasm build's headers; standins/ has
#   the setjmp.h that sphinxbase's headers include), wasm32-wasi/lib/*.a,
#   LICENSES/, build-logs/ and pocketsphinx-deps.cmake (include() it; it only sets variables), where
#   <key> = pocketsphinx-<version>_sphinxbase-<version>_r<RECIPE>_<first 12 hex digits of the SHA-256
#           of this script, wasi/, the wasm sysroot's key and the compiler's version>
# A prefix is complete iff it holds .complete; it is assembled under $CACHE/build/<key>/ and renamed
# into place as the last step.
#
# Environment (optional): POCKETSPHINX_DEPS_CACHE_DIR (default <repo>/.cache),
# POCKETSPHINX_DEPS_JOBS (default 2), POCKETSPHINX_DEPS_KEEP_BUILD=1 (keep the build tree).
# Side effects outside the cache (root only, when missing): the deb-src entries of
# scripts/lib/deb_source.sh.
set -euo pipefail

# Bump when the recipe changes what ends up in a prefix (the key also hashes this file).
RECIPE=1
readonly SB_SRC_PKG=sphinxbase SB_BIN_PKG=libsphinxbase3 PS_SRC_PKG=pocketsphinx PS_BIN_PKG=libpocketsphinx3

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
CACHE=${POCKETSPHINX_DEPS_CACHE_DIR:-$REPO_DIR/.cache}
JOBS=${POCKETSPHINX_DEPS_JOBS:-2}
T0=$SECONDS

LOG_TAG=pocketsphinx-deps
# shellcheck source=../lib/logged.sh
source "$SCRIPT_DIR/../lib/logged.sh"     # log, die, run_logged
# shellcheck source=../lib/deb_source.sh
source "$SCRIPT_DIR/../lib/deb_source.sh" # ensure_deb_src, apt_update_if_stale, resolve_source, src_dir

[[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "POCKETSPHINX_DEPS_JOBS must be a positive integer"

wasi_deps_var() { # NAME: a variable of the wasm toolchain's deps.cmake
    sed -n "s/^set($1 \"\(.*\)\")$/\1/p" "$WASI_DEPS_CMAKE"
}

input_hash() {
    {
        cat "$SCRIPT_DIR/build.sh"
        find "$SCRIPT_DIR/wasi" -type f -print0 | sort -z | xargs -0 cat
        echo "$WASI_DEPS_KEY"
        clang-19 --version | head -1
    } | sha256sum | cut -c1-12
}

# resolve_versions: sets SB_VER and PS_VER, fetching the source trees when they are not cached.
resolve_versions() {
    local mode
    for mode in offline fetch; do
        if SB_VER=$(resolve_source "$mode" "$SB_SRC_PKG" "$SB_BIN_PKG" "") &&
            PS_VER=$(resolve_source "$mode" "$PS_SRC_PKG" "$PS_BIN_PKG" ""); then
            return 0
        fi
        ensure_deb_src
        [[ -n $(candidate_versions "$PS_SRC_PKG" "$PS_BIN_PKG") ]] || APT_STALE=1
        apt_update_if_stale
    done
}

# configure_tree NAME SRC EXTRA-CONFIGURE-ARGS...: a copy of SRC in $BUILD/NAME, autoreconf'd and
# configured for wasm32-wasi.
configure_tree() {
    local name=$1 src=$2; shift 2
    local tree=$BUILD/$name sysroot
    sysroot=$(wasi_deps_var WASI_SYSROOT)
    rm -rf "$tree"
    cp -a "$src" "$tree"
    # config.guess/config.sub of 2015 know no wasm32; the system's do.
    cp /usr/share/misc/config.guess /usr/share/misc/config.sub "$tree/"
    run_logged "$BUILD/logs/$name-autoreconf.log" bash -c "cd '$tree' && autoreconf -fi"
    cp /usr/share/misc/config.guess /usr/share/misc/config.sub "$tree/"
    run_logged "$BUILD/logs/$name-configure.log" bash -c "cd '$tree' && ./configure \
        --host=wasm32-unknown-wasi --build=x86_64-linux-gnu \
        --disable-shared --enable-static --without-python --without-lapack --disable-threads \
        CC='clang-19 --target=wasm32-wasi --sysroot=$sysroot' AR=llvm-ar-19 RANLIB=llvm-ranlib-19 \
        CFLAGS='-O2 -msimd128 -I$SCRIPT_DIR/wasi -D_WASI_EMULATED_MMAN -D_WASI_EMULATED_PROCESS_CLOCKS' \
        YACC='bison -y' ac_cv_prog_YACC='bison -y' $*"
}

assemble() {
    local stage=$BUILD/stage sb ps
    rm -rf "$stage"
    mkdir -p "$BUILD/logs" "$stage/wasm32-wasi/lib" "$stage/include" "$stage/LICENSES"

    log "building sphinxbase $SB_VER for wasm32-wasi"
    configure_tree sphinxbase "$(src_dir "$SB_SRC_PKG" "$SB_VER")"
    sb=$BUILD/sphinxbase
    # The thread helpers are the one file this single-threaded libc cannot compile; nothing the
    # decoder calls uses them.
    sed -i 's/\bsbthread\.lo\b//g' "$sb/src/libsphinxbase/util/Makefile"
    grep -q 'sbthread' "$sb/src/libsphinxbase/util/Makefile" || die "sphinxbase's util/Makefile changed shape"
    run_logged "$BUILD/logs/sphinxbase-build.log" make -C "$sb/src/libsphinxbase" -j "$JOBS"

    log "building pocketsphinx $PS_VER for wasm32-wasi"
    configure_tree pocketsphinx "$(src_dir "$PS_SRC_PKG" "$PS_VER")" "--with-sphinxbase='$sb'"
    ps=$BUILD/pocketsphinx
    run_logged "$BUILD/logs/pocketsphinx-build.log" make -C "$ps/src/libpocketsphinx" -j "$JOBS"

    cp "$sb/src/libsphinxbase/.libs/libsphinxbase.a" "$ps/src/libpocketsphinx/.libs/libpocketsphinx.a" \
        "$stage/wasm32-wasi/lib/"
    # The public headers (sphinx_config.h is configure's, for wasm32); pocketsphinx's config.h is
    # its build's own.
    mkdir -p "$stage/include/sphinxbase" "$stage/include/pocketsphinx"
    cp "$sb"/include/sphinxbase/*.h "$sb/include/sphinx_config.h" "$stage/include/sphinxbase/"
    find "$ps/include" -maxdepth 1 -name '*.h' ! -name config.h -exec cp {} "$stage/include/pocketsphinx/" \;
    mkdir -p "$stage/include/standins"
    cp "$SCRIPT_DIR/wasi/setjmp.h" "$stage/include/standins/"
    cp "$sb/LICENSE" "$stage/LICENSES/sphinxbase"
    cp "$ps/LICENSE" "$stage/LICENSES/pocketsphinx"

    cat >"$stage/pocketsphinx-deps.cmake" <<EOF
# Generated by scripts/pocketsphinx-deps/build.sh (recipe $RECIPE). include() it; it only sets variables.
# wasm32-wasi only: the native build uses Debian's libpocketsphinx-dev (pkg-config pocketsphinx).
# Link order: the libraries as listed, then wasi-libc's emulated mman and process clocks.
set(RM_POCKETSPHINX_DEPS_KEY "$KEY")
set(RM_POCKETSPHINX_VERSION "$PS_VER")
set(RM_SPHINXBASE_VERSION "$SB_VER")
set(RM_POCKETSPHINX_WASI_INCLUDE_DIRS "$PREFIX/include/pocketsphinx" "$PREFIX/include/sphinxbase" "$PREFIX/include"
    "$PREFIX/include/standins")
set(RM_POCKETSPHINX_WASI_LIBS "$PREFIX/wasm32-wasi/lib/libpocketsphinx.a" "$PREFIX/wasm32-wasi/lib/libsphinxbase.a"
    wasi-emulated-mman wasi-emulated-process-clocks m)
EOF
    mv "$BUILD/logs" "$stage/build-logs"
    echo "$KEY" >"$stage/.complete"
    rm -rf "$PREFIX"
    mv "$stage" "$PREFIX"
}

main() {
    WASI_DEPS_CMAKE=$CACHE/wasi-deps/current/deps.cmake
    [[ -f $WASI_DEPS_CMAKE ]] || die "$WASI_DEPS_CMAKE is missing: run scripts/wasi-deps/build.sh first"
    WASI_DEPS_KEY=$(wasi_deps_var WASI_DEPS_KEY)
    mkdir -p "$CACHE/pocketsphinx-deps" "$CACHE/build" "$CACHE/src"
    exec 9>"$CACHE/pocketsphinx-deps/.lock"
    flock 9

    resolve_versions
    local installed
    installed=$(dpkg-query -W -f='${Version}' "$PS_BIN_PKG" 2>/dev/null || true)
    [[ -z $installed || $installed == "$PS_VER" ]] ||
        log "warning: $PS_BIN_PKG $installed is installed, the wasm build uses source $PS_VER"

    KEY="pocketsphinx-${PS_VER#*:}_sphinxbase-${SB_VER#*:}_r${RECIPE}_$(input_hash)"
    PREFIX=$CACHE/pocketsphinx-deps/$KEY
    if [[ ! -f $PREFIX/.complete ]]; then
        log "building $KEY (cold build: about a minute with -j$JOBS)"
        BUILD=$CACHE/build/$KEY
        assemble
        [[ ${POCKETSPHINX_DEPS_KEEP_BUILD:-0} == 1 ]] || rm -rf "$BUILD"
        log "built in $((SECONDS - T0)) s"
    fi
    ln -sfn "$KEY" "$CACHE/pocketsphinx-deps/.current.tmp"
    mv -T "$CACHE/pocketsphinx-deps/.current.tmp" "$CACHE/pocketsphinx-deps/current"
    log "ready: $PREFIX"
    echo "$PREFIX"
}

main "$@"
