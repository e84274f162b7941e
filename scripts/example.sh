#!/usr/bin/env bash
# Sets everything up, builds, and runs the example pipelines natively and in the wasm module
# under the CLI (examples/calculator.json, and examples/audio/transcribe.json: speech to words),
# and the calculator through the JavaScript package in Node. The first run also builds CPython,
# whisper.cpp and PocketSphinx for wasm32-wasi (a few minutes).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
RM_LOG_TAG=example
cd "$RM_ROOT"
scripts/setup.sh
scripts/wasi-deps/build.sh
scripts/whisper-deps/build.sh
scripts/pocketsphinx-deps/build.sh
scripts/build.sh release wasi
scripts/build_js.sh
rm_log "natively: build/bin/remotemedia run examples/calculator.json"
build/bin/remotemedia run examples/calculator.json
rm_log "in WASM:  build/bin/remotemedia run --target wasm examples/calculator.json"
build/bin/remotemedia run --target wasm examples/calculator.json
rm_log "speech to words, natively: build/bin/remotemedia run examples/audio/transcribe.json"
build/bin/remotemedia run examples/audio/transcribe.json
rm_log "and in WASM: build/bin/remotemedia run --target wasm examples/audio/transcribe.json"
build/bin/remotemedia run --target wasm examples/audio/transcribe.json
rm_log "from JavaScript: PipelineRunner.execute() of js/runtime/dist in Node"
node --no-warnings -e "import('./js/runtime/dist/index.js').then(async m => { const r = new m.PipelineRunner(); await r.initialize(); console.log(JSON.stringify(await r.execute(JSON.parse(require('fs').readFileSync('examples/calculator.json','utf8'))))); r.dispose() })"
