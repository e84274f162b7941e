#!/usr/bin/env bash
# Installs what the native build, its tests and the fuzzer need (Debian packages, Chromium for the
# browser tests of the JS package, the tools that make the audio fixtures, PocketSphinx with its
# US English model), fetches the audio
# family's third-party sources (scripts/audio-deps/fetch.sh), and installs the JavaScript packages
# pinned in package-lock.json
# (@bjorn3/browser_wasi_shim for the runtime, TypeScript, playwright-core and pyodide
# for its build, browser tests and benchmark).
# Idempotent: a second run installs nothing and takes well under a second.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
RM_LOG_TAG=setup

rm_apt_install \
  build-essential cmake ninja-build pkg-config \
  clang clang-format libclang-rt-dev \
  libgtest-dev libgmock-dev libbenchmark-dev \
  nlohmann-json3-dev \
  libzip-dev libsodium-dev \
  python3.11 python3.11-dev \
  nodejs \
  chromium \
  dpkg-dev \
  espeak-ng sox flac lame \
  libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us
rm_log "native toolchain and libraries ready"

# npm ships with the machine's Node.js; Debian's own nodejs needs its separate npm package.
command -v npm >/dev/null 2>&1 || rm_apt_install npm
rm_npm_ci
rm_log "JavaScript packages ready"

audio_deps=$("$RM_ROOT/scripts/audio-deps/fetch.sh") || rm_die "fetching the audio sources failed"
# The examples' audio (examples/audio/README.md): jfk.wav from the audio fixtures, git-ignored.
cmp -s "$audio_deps/fixtures/jfk.wav" "$RM_ROOT/examples/audio/jfk.wav" ||
  cp "$audio_deps/fixtures/jfk.wav" "$RM_ROOT/examples/audio/jfk.wav"
