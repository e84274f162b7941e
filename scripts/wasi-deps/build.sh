#!/usr/bin/env bash
# Build the wasm32-wasi dependencies of the RemoteMedia runtime (CPython 3.11, zlib and libsodium from Debian's
# source packages) into cached, versioned prefixes.
#
# Usage: scripts/wasi-deps/build.sh
#   stdout: exactly one line, the absolute path of the finished prefix (for PREFIX=$(.../build.sh)).
#   stderr: progress lines "[wasi-deps] ...", and the tail of a step's log when that step fails.
#   exit:   0 only when the prefix is complete.
#
# Result: $CACHE/wasi-deps/<key>/ and the symlink $CACHE/wasi-deps/current -> <key>, where
#   <key> = cpython-<python3.11 source version>_zlib-<zlib source version>_r<RECIPE>   (epochs dropped)
# The prefix holds lib/{libpython3.11,libmpdec,libexpat,libz}.a, include/python3.11/ (wasm pyconfig.h),
# include/{zlib,zconf}.h, sysroot/ (private wasi sysroot), build-python/ (native python of the same source),
# usr/lib/python311.zip (stdlib .pyc, mounted at /usr/lib/python311.zip by hosts), deps.env, deps.cmake,
# build-logs/ (configure and make output of every step).
# libsodium (the .rmpkg reader's SHA-256 and Ed25519 verify) is a component of its own, so that adding or
# updating it never rebuilds CPython: $CACHE/wasi-deps/<sodium key>/ with lib/libsodium.a, include/sodium*,
# libsodium.cmake, and the symlink $CACHE/wasi-deps/libsodium-current -> <sodium key>, where
#   <sodium key> = libsodium-<libsodium source version>_r<SODIUM_RECIPE>
# A prefix is complete iff it contains .complete; it is assembled under $CACHE/build/<key>/ and renamed into
# place as the last step, so a failed or interrupted run never leaves a prefix that looks finished. Steps
# inside $CACHE/build/<key>/ have their own stamps, so re-running after a failure resumes at the failed step.
#
# Environment (all optional):
#   WASI_DEPS_CACHE_DIR      cache root (default: <repo>/.cache). Sources live in $CACHE/src/<pkg>_<version>/.
#   WASI_DEPS_PYTHON_SRC     pin the python3.11 source version (e.g. 3.11.2-6+deb12u8)
#   WASI_DEPS_ZLIB_SRC       pin the zlib source version (e.g. 1:1.2.13.dfsg-1)
#   WASI_DEPS_SODIUM_SRC     pin the libsodium source version (e.g. 1.0.18-1+deb12u1)
#   WASI_DEPS_JOBS           make parallelism (default 2; this project's machines have 2 cores)
#   WASI_DEPS_KEEP_BUILD=1   keep $CACHE/build/<key>/ after success (default: removed)
# Without a pin, a source version is chosen among those apt knows, preferring the version of the installed
# python3.11 binary, then newer before older; a version already in $CACHE/src wins over one that would have to
# be downloaded (so a cached build never touches the network). Remove $CACHE/src/<pkg>_* to re-resolve.
#
# Side effects outside the cache (root only, each only when missing): Debian packages listed in PACKAGES,
# and /etc/apt/sources.list.d/remotemedia-deb-src.sources with deb-src twins of the configured bookworm suites.
set -euo pipefail

# Bump whenever the recipe below changes what ends up in a prefix: it is part of the cache key.
RECIPE=2
# The same for the libsodium component (part of its own key only).
SODIUM_RECIPE=1

readonly PY_SRC_PKG=python3.11 PY_BIN_PKG=python3.11 ZLIB_SRC_PKG=zlib SODIUM_SRC_PKG=libsodium
readonly PACKAGES=(
    clang-19 lld-19 llvm-19 wasi-libc libc++-19-dev-wasm32 libc++abi-19-dev-wasm32 libclang-rt-19-dev-wasm32
    binaryen wabt
    dpkg-dev xz-utils bzip2          # apt-get source: unpack .tar.xz/.tar.bz2 and apply Debian's patches
    build-essential pkg-config zlib1g-dev   # native build python (zlib: it deflates the stdlib zip)
    autoconf automake libtool        # libsodium's Debian source has no configure (debian/rules autoreconfs)
)

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
CACHE=${WASI_DEPS_CACHE_DIR:-$REPO_DIR/.cache}
JOBS=${WASI_DEPS_JOBS:-2}
T0=$SECONDS
[[ $JOBS =~ ^[1-9][0-9]*$ ]] || { echo "[wasi-deps] error: WASI_DEPS_JOBS must be a positive integer" >&2; exit 1; }

LOG_TAG=wasi-deps
# shellcheck source=../lib/logged.sh
source "$SCRIPT_DIR/../lib/logged.sh"   # log, die, run_logged

# ---------------------------------------------------------------------------------------------------------
# Debian packages, deb-src entries and source trees (apt_update_if_stale, ensure_deb_src, src_dir,
# candidate_versions, resolve_source: scripts/lib/deb_source.sh)

# shellcheck source=../lib/deb_source.sh
source "$SCRIPT_DIR/../lib/deb_source.sh"

ensure_packages() {
    local missing=() p installed
    installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null |
        awk '$2 ~ /^ii/ { print $1 }' || true)
    for p in "${PACKAGES[@]}"; do
        grep -qxF "$p" <<<"$installed" || missing+=("$p")
    done
    ((${#missing[@]} == 0)) && return 0
    [[ $EUID == 0 ]] || die "missing Debian packages (run as root to install): ${missing[*]}"
    ensure_deb_src   # a fresh machine then needs a single apt-get update
    APT_STALE=1
    apt_update_if_stale
    log "installing ${missing[*]}"
    local logfile; logfile=$(mktemp)
    run_logged "$logfile" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
    rm -f "$logfile"
}

# resolve_all MODE: sets PY_VER, ZLIB_VER and everything derived from them; returns 1 as resolve_source does.
resolve_all() {
    PY_VER=$(resolve_source "$1" "$PY_SRC_PKG" "$PY_BIN_PKG" "${WASI_DEPS_PYTHON_SRC:-}") || return 1
    ZLIB_VER=$(resolve_source "$1" "$ZLIB_SRC_PKG" zlib1g "${WASI_DEPS_ZLIB_SRC:-}") || return 1
    SODIUM_VER=$(resolve_source "$1" "$SODIUM_SRC_PKG" libsodium23 "${WASI_DEPS_SODIUM_SRC:-}") || return 1
    PY_SRC=$(src_dir "$PY_SRC_PKG" "$PY_VER")
    ZLIB_SRC=$(src_dir "$ZLIB_SRC_PKG" "$ZLIB_VER")
    PY_UPSTREAM=${PY_VER#*:}; PY_UPSTREAM=${PY_UPSTREAM%%-*}
    KEY="cpython-${PY_VER#*:}_zlib-${ZLIB_VER#*:}_r$RECIPE"
    PREFIX=$CACHE/wasi-deps/$KEY
    SODIUM_SRC=$(src_dir "$SODIUM_SRC_PKG" "$SODIUM_VER")
    SODIUM_KEY="libsodium-${SODIUM_VER#*:}_r$SODIUM_RECIPE"
    SODIUM_PREFIX=$CACHE/wasi-deps/$SODIUM_KEY
}

# Like Debian's rules: the build date in sys.version comes from debian/changelog, not the clock.
set_python_make_vars() {
    local changed
    changed=$(dpkg-parsechangelog -l "$PY_SRC/debian/changelog" -SDate)
    PY_MAKE_VARS=("BUILD_DATE=$(LC_ALL=C date -u +'%b %e %Y' -d "$changed")"
                  "BUILD_TIME=$(LC_ALL=C date -u +'%H:%M:%S' -d "$changed")")
}

# ---------------------------------------------------------------------------------------------------------
# Build steps. Each runs in $BUILD, writes into $STAGE (the future prefix) and is skipped once stamped.

step_done() { [[ -f $BUILD/.done-$1 ]]; }
mark_done() { touch "$BUILD/.done-$1"; }

# Native CPython from the same source: the --with-build-python of the cross build, and the byte-compiler of
# the stdlib zip (identical magic number). Installed to $STAGE/build-python, relocatable (static libpython).
build_native_python() {
    step_done native && return 0
    log "building native build-python $PY_SRC_PKG $PY_VER..."
    rm -rf "$BUILD/native" "$STAGE/build-python"; mkdir -p "$BUILD/native"
    cd "$BUILD/native"
    run_logged "$BUILD/logs/native-configure.log" "$PY_SRC/configure" --prefix=/build-python \
        --with-ensurepip=no --disable-test-modules
    run_logged "$BUILD/logs/native-make.log" make -j"$JOBS" "${PY_MAKE_VARS[@]}"
    run_logged "$BUILD/logs/native-install.log" make -j"$JOBS" "${PY_MAKE_VARS[@]}" altinstall \
        DESTDIR="$BUILD/native-root"
    mv "$BUILD/native-root/build-python" "$STAGE/build-python"
    # Not needed to run or byte-compile: the static libpython copies (~95 MB) and the test suite.
    rm -rf "$STAGE"/build-python/lib/libpython3.11.a "$STAGE"/build-python/lib/python3.11/config-3.11-*/*.a \
        "$STAGE"/build-python/lib/python3.11/test
    strip "$STAGE/build-python/bin/python3.11"
    "$STAGE/build-python/bin/python3.11" -c 'import zlib, zipfile' || die "build-python lacks zlib"
    rm -rf "$BUILD/native-root"
    mark_done native
}

make_sysroot() {
    # clang's --sysroot=/usr would also search /usr/include (host glibc headers); two symlinks expose only
    # the wasm32-wasi headers and libraries.
    mkdir -p "$STAGE/sysroot/include" "$STAGE/sysroot/lib"
    ln -sfn /usr/include/wasm32-wasi "$STAGE/sysroot/include/wasm32-wasi"
    ln -sfn /usr/lib/wasm32-wasi "$STAGE/sysroot/lib/wasm32-wasi"
}

build_zlib() {
    step_done zlib && return 0
    log "building zlib $ZLIB_VER for wasm32-wasi..."
    rm -rf "$BUILD/zlib" "$BUILD/zlib-root"
    cp -a "$ZLIB_SRC" "$BUILD/zlib"    # zlib's configure rewrites zconf.h in place
    cd "$BUILD/zlib"
    run_logged "$BUILD/logs/zlib-configure.log" env CHOST=wasm32-wasi CC="$WASI_CC" \
        CFLAGS="--target=wasm32-wasi --sysroot=$SYSROOT_BUILD -O2" AR=llvm-ar-19 RANLIB=llvm-ranlib-19 \
        ./configure --static --prefix="$BUILD/zlib-root"
    run_logged "$BUILD/logs/zlib-make.log" make -j"$JOBS" libz.a
    run_logged "$BUILD/logs/zlib-install.log" make install
    mkdir -p "$STAGE/lib/pkgconfig" "$STAGE/include"
    cp "$BUILD/zlib-root/lib/libz.a" "$STAGE/lib/"
    cp "$BUILD/zlib-root/include/zlib.h" "$BUILD/zlib-root/include/zconf.h" "$STAGE/include/"
    # shellcheck disable=SC2016  # ${pcfiledir} is pkg-config's variable: makes the .pc relocatable
    sed 's|^prefix=.*|prefix=${pcfiledir}/../..|' "$BUILD/zlib-root/lib/pkgconfig/zlib.pc" \
        >"$STAGE/lib/pkgconfig/zlib.pc"
    mark_done zlib
}

build_wasi_python() {
    step_done cpython && return 0
    log "building CPython $PY_VER for wasm32-wasi..."
    rm -rf "$BUILD/wasi" "$BUILD/wasi-root"; mkdir -p "$BUILD/wasi"
    cd "$BUILD/wasi"
    # prefix=/usr: the interpreter's default path is then /usr/lib/python311.zip, where hosts mount the zip.
    # PKG_CONFIG_LIBDIR and the private sysroot keep host libraries out; zlib is passed explicitly.
    run_logged "$BUILD/logs/wasi-configure.log" env \
        CONFIG_SITE="$PY_SRC/Tools/wasm/config.site-wasm32-wasi" \
        CC="$WASI_CC --target=wasm32-wasi --sysroot=$SYSROOT_BUILD" \
        AR=llvm-ar-19 RANLIB=llvm-ranlib-19 \
        CFLAGS="-Wno-error=int-conversion" \
        PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR="$BUILD/zlib-root/lib/pkgconfig" \
        ZLIB_CFLAGS="-I$BUILD/zlib-root/include" ZLIB_LIBS="-L$BUILD/zlib-root/lib -lz" \
        "$PY_SRC/configure" --prefix=/usr \
        --host=wasm32-unknown-wasi --build="$("$PY_SRC/config.guess")" \
        --with-build-python="$STAGE/build-python/bin/python3.11" \
        --disable-test-modules --with-pymalloc
    grep -q '^#define HAVE_ZLIB_COPY 1' pyconfig.h || die "configure did not pick up zlib"
    run_logged "$BUILD/logs/wasi-make.log" make -j"$JOBS" "${PY_MAKE_VARS[@]}"
    run_logged "$BUILD/logs/wasi-inclinstall.log" make inclinstall DESTDIR="$BUILD/wasi-root"
    mkdir -p "$STAGE/lib" "$STAGE/include"
    rm -rf "$STAGE/include/python3.11"
    mv "$BUILD/wasi-root/usr/include/python3.11" "$STAGE/include/python3.11"
    cp libpython3.11.a "$STAGE/lib/"
    cp Modules/_decimal/libmpdec/libmpdec.a Modules/expat/libexpat.a "$STAGE/lib/"
    rm -rf "$BUILD/wasi-root"
    mark_done cpython
}

build_stdlib_zip() {
    step_done stdlib && return 0
    log "byte-compiling the stdlib into usr/lib/python311.zip..."
    local builddir
    builddir=$(cat "$BUILD/wasi/pybuilddir.txt")
    mkdir -p "$STAGE/usr/lib"
    run_logged "$BUILD/logs/stdlib-zip.log" "$STAGE/build-python/bin/python3.11" -I \
        "$SCRIPT_DIR/make_stdlib_zip.py" --lib "$PY_SRC/Lib" --sysconfigdata-dir "$BUILD/wasi/$builddir" \
        --out "$STAGE/usr/lib/python311.zip"
    mark_done stdlib
}

# libsodium, used verify-side only (SHA-256, Ed25519 verify); --enable-minimal keeps every function the
# project calls. -D_WASI_EMULATED_SIGNAL: utils.c includes <signal.h> (raise() itself is compiled out on wasm).
# No ED25519_NONDETERMINISTIC (upstream's wasi script sets it): signatures stay identical to Debian's native
# library's. autoreconf, not autogen.sh (which downloads config.sub); it writes into the tree, hence the copy.
# Assembled in $CACHE/build/<sodium key>/ and renamed into $SODIUM_PREFIX as the last step.
build_libsodium() {
    local build=$CACHE/build/$SODIUM_KEY
    local stage=$build/stage sysroot=$build/sysroot
    log "building libsodium $SODIUM_VER for wasm32-wasi..."
    rm -rf "$build"; mkdir -p "$build/logs" "$build/obj" "$stage/lib" "$sysroot/include" "$sysroot/lib"
    # The two-symlink private sysroot of make_sysroot, for this build only.
    ln -sfn /usr/include/wasm32-wasi "$sysroot/include/wasm32-wasi"
    ln -sfn /usr/lib/wasm32-wasi "$sysroot/lib/wasm32-wasi"
    cp -a "$SODIUM_SRC" "$build/src"
    (cd "$build/src" && run_logged "$build/logs/sodium-autoreconf.log" autoreconf -fi)
    cd "$build/obj"
    run_logged "$build/logs/sodium-configure.log" env CC=clang-19 AR=llvm-ar-19 RANLIB=llvm-ranlib-19 \
        NM=llvm-nm-19 CFLAGS="--target=wasm32-wasi --sysroot=$sysroot -O2 -D_WASI_EMULATED_SIGNAL" \
        "$build/src/configure" --host=wasm32-wasi --prefix="$build/root" --disable-shared --disable-ssp \
        --without-pthreads --enable-minimal
    run_logged "$build/logs/sodium-make.log" make -j"$JOBS"
    run_logged "$build/logs/sodium-install.log" make install
    cp "$build/root/lib/libsodium.a" "$stage/lib/"
    cp -a "$build/root/include" "$stage/include"
    cat >"$stage/libsodium.cmake" <<EOF
# Generated by scripts/wasi-deps/build.sh (libsodium recipe $SODIUM_RECIPE). include() it; it only sets variables.
set(WASI_SODIUM_KEY "$SODIUM_KEY")
set(WASI_SODIUM_SRC_VERSION "$SODIUM_VER")
set(WASI_SODIUM_INCLUDE_DIR "$SODIUM_PREFIX/include")
set(WASI_SODIUM_LIB "$SODIUM_PREFIX/lib/libsodium.a")
EOF
    mv "$build/logs" "$stage/build-logs"
    echo "$SODIUM_KEY" >"$stage/.complete"
    rm -rf "$SODIUM_PREFIX"
    mv "$stage" "$SODIUM_PREFIX"
    [[ ${WASI_DEPS_KEEP_BUILD:-0} == 1 ]] || rm -rf "$build"
}

# deps.env / deps.cmake: the facts an embedder needs, with the final (post-rename) paths.
write_descriptors() {
    local p=$PREFIX
    local libs=("$p/lib/libpython3.11.a" "$p/lib/libmpdec.a" "$p/lib/libexpat.a" "$p/lib/libz.a")
    local syslibs="-lwasi-emulated-signal -lwasi-emulated-getpid -lwasi-emulated-process-clocks -lm"
    local ldflags="-Wl,-z,stack-size=1048576 -Wl,--stack-first"
    local defs="_WASI_EMULATED_SIGNAL _WASI_EMULATED_GETPID _WASI_EMULATED_PROCESS_CLOCKS"
    cat >"$STAGE/deps.env" <<EOF
# Generated by scripts/wasi-deps/build.sh (recipe $RECIPE). Shell-sourceable; paths are absolute.
WASI_DEPS_KEY='$KEY'
WASI_DEPS_PREFIX='$p'
WASI_PYTHON_SRC_VERSION='$PY_VER'
WASI_ZLIB_SRC_VERSION='$ZLIB_VER'
WASI_PYTHON_VERSION='$PY_UPSTREAM'
WASI_TARGET='wasm32-wasi'
WASI_SYSROOT='$p/sysroot'
WASI_CC='clang-19'
WASI_CXX='clang++-19'
WASI_AR='llvm-ar-19'
WASI_RANLIB='llvm-ranlib-19'
WASI_BUILD_PYTHON='$p/build-python/bin/python3.11'
WASI_PYTHON_INCLUDE_DIR='$p/include/python3.11'
WASI_DEPS_INCLUDE_DIRS='$p/include/python3.11 $p/include'
WASI_DEPS_LIBS='${libs[*]}'
WASI_DEPS_SYSTEM_LIBS='$syslibs'
WASI_DEPS_LINK_FLAGS='$ldflags'
WASI_DEPS_DEFINES='$defs'
WASI_USR_DIR='$p/usr'
WASI_STDLIB_ZIP='$p/usr/lib/python311.zip'
WASI_STDLIB_ZIP_GUEST_PATH='/usr/lib/python311.zip'
EOF
    cat >"$STAGE/deps.cmake" <<EOF
# Generated by scripts/wasi-deps/build.sh (recipe $RECIPE). include() it; it only sets variables.
# Link order: WASI_DEPS_LIBS, then WASI_DEPS_SYSTEM_LIBS; add WASI_DEPS_LINK_FLAGS to every wasm executable
# that embeds CPython (wasm-ld's default 64 KiB stack corrupts memory under CPython). In C++ translation units,
# define restrict as __restrict around #include <Python.h> (pthread_stubs.h uses C99 restrict).
# clang runs wasm-opt (binaryen is installed) when it links at -O1 or above: slow, little gain.
set(WASI_DEPS_KEY "$KEY")
set(WASI_DEPS_PREFIX "$p")
set(WASI_PYTHON_SRC_VERSION "$PY_VER")
set(WASI_ZLIB_SRC_VERSION "$ZLIB_VER")
set(WASI_PYTHON_VERSION "$PY_UPSTREAM")
set(WASI_TARGET "wasm32-wasi")
set(WASI_SYSROOT "$p/sysroot")
set(WASI_CC "clang-19")
set(WASI_CXX "clang++-19")
set(WASI_AR "llvm-ar-19")
set(WASI_RANLIB "llvm-ranlib-19")
set(WASI_BUILD_PYTHON "$p/build-python/bin/python3.11")
set(WASI_PYTHON_INCLUDE_DIR "$p/include/python3.11")
set(WASI_DEPS_INCLUDE_DIRS "$p/include/python3.11" "$p/include")
set(WASI_DEPS_LIBS $(printf '"%s" ' "${libs[@]}" | sed 's/ $//'))
set(WASI_DEPS_SYSTEM_LIBS $syslibs)
set(WASI_DEPS_LINK_FLAGS $ldflags)
set(WASI_DEPS_DEFINES $defs)
set(WASI_USR_DIR "$p/usr")
set(WASI_STDLIB_ZIP "$p/usr/lib/python311.zip")
set(WASI_STDLIB_ZIP_GUEST_PATH "/usr/lib/python311.zip")
EOF
}

report() {
    log "prefix:        $PREFIX"
    log "  libraries:   $PREFIX/lib/{libpython3.11,libmpdec,libexpat,libz}.a"
    log "  headers:     $PREFIX/include/python3.11"
    log "  sysroot:     $PREFIX/sysroot"
    log "  stdlib zip:  $PREFIX/usr/lib/python311.zip (guest path /usr/lib/python311.zip)"
    log "  build python $PREFIX/build-python/bin/python3.11"
    log "  descriptors: $PREFIX/deps.env $PREFIX/deps.cmake"
    log "  build logs:  $PREFIX/build-logs"
    log "libsodium:     $SODIUM_PREFIX (libsodium.cmake)"
    log "done in $((SECONDS - T0)) s"
    echo "$PREFIX"
}

# ---------------------------------------------------------------------------------------------------------

main() {
    ensure_packages
    mkdir -p "$CACHE/src" "$CACHE/wasi-deps" "$CACHE/build"
    # One build per cache at a time; a second run waits and then finds the prefix complete.
    exec 9>"$CACHE/wasi-deps/.lock"
    flock 9

    # Fast path: cached sources and a complete prefix need neither the network nor apt's source lists.
    if ! resolve_all offline || [[ ! -f $PREFIX/.complete || ! -f $SODIUM_PREFIX/.complete ]]; then
        ensure_deb_src
        [[ -n $(candidate_versions "$PY_SRC_PKG" "$PY_BIN_PKG") ]] || APT_STALE=1
        apt_update_if_stale
        resolve_all fetch
    fi
    local installed
    installed=$(dpkg-query -W -f='${Version}' "$PY_BIN_PKG" 2>/dev/null || true)
    [[ -z $installed || $installed == "$PY_VER" ]] ||
        log "note: the installed $PY_BIN_PKG binary is $installed; this build uses source $PY_VER"

    if [[ ! -f $PREFIX/.complete ]]; then
        log "building $KEY (cold build: several minutes with -j$JOBS)"
        BUILD=$CACHE/build/$KEY
        STAGE=$BUILD/stage
        WASI_CC=clang-19
        mkdir -p "$BUILD/logs" "$STAGE"
        rm -rf "$STAGE/build-logs"
        make_sysroot
        SYSROOT_BUILD=$STAGE/sysroot
        set_python_make_vars
        build_native_python
        build_zlib
        build_wasi_python
        build_stdlib_zip
        write_descriptors
        mv "$BUILD/logs" "$STAGE/build-logs"
        echo "$KEY" >"$STAGE/.complete"
        rm -rf "$PREFIX"          # a stale incomplete prefix, if any
        mv "$STAGE" "$PREFIX"
        [[ ${WASI_DEPS_KEEP_BUILD:-0} == 1 ]] || rm -rf "$BUILD"
    fi
    [[ -f $SODIUM_PREFIX/.complete ]] || build_libsodium
    ln -sfn "$KEY" "$CACHE/wasi-deps/.current.tmp"
    mv -T "$CACHE/wasi-deps/.current.tmp" "$CACHE/wasi-deps/current"
    ln -sfn "$SODIUM_KEY" "$CACHE/wasi-deps/.sodium-current.tmp"
    mv -T "$CACHE/wasi-deps/.sodium-current.tmp" "$CACHE/wasi-deps/libsodium-current"
    report
}

main "$@"
