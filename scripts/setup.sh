#!/usr/bin/env bash
# Installs what the native build, its tests and the fuzzer need (Debian packages only).
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
  nodejs
rm_log "native toolchain and libraries ready"
