#!/usr/bin/env bash
# Sets everything up, builds, and runs the example pipeline (examples/calculator.json) natively
# and in the wasm module. The first run also builds CPython for wasm32-wasi (a few minutes).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
RM_LOG_TAG=example
cd "$RM_ROOT"
scripts/setup.sh
scripts/wasi-deps/build.sh
scripts/build.sh release wasi
rm_log "natively: build/bin/remotemedia run examples/calculator.json"
build/bin/remotemedia run examples/calculator.json
rm_log "in WASM:  build/bin/remotemedia run --target wasm examples/calculator.json"
build/bin/remotemedia run --target wasm examples/calculator.json
