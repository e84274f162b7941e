#!/usr/bin/env bash
# Sets everything up, builds every configuration and runs the whole test suite:
#   1. wasi: CPython + zlib for wasm32-wasi, whisper.cpp for both targets and PocketSphinx for
#      wasm32-wasi (each cached after the first run), then the wasm modules (command and library) and the JS package
#      (scripts/build_js.sh)
#   2. release (gcc): unit tests, golden cases natively and in the wasm module (byte-identical),
#      the C ABI natively and in wasm, CLI checks
#   3. js: the @remotemedia/runtime package (js/runtime) under node:test, then in headless
#      Chromium (playwright-core driving Debian's chromium), against the wasm library module
#   4. asan (clang, ASan + UBSan): the native suite again
#   5. fuzz (clang, libFuzzer): the manifest front end, the .rmpkg reader and the audio decoder,
#      $FUZZ_SECONDS seconds each (default 60)
# Ends with one line "N passed, N failed" and exits non-zero if anything failed.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
RM_LOG_TAG=test
cd "$RM_ROOT"
FUZZ_SECONDS=${FUZZ_SECONDS:-60}

scripts/setup.sh || rm_die "setup failed"

passed=0
failed=0
failed_stages=()

# run_ctest PRESET: builds the preset, runs its tests, adds their counts to the totals.
run_ctest() {
  local preset=$1
  local log="build/$preset/ctest.log"
  if ! scripts/build.sh "$preset"; then
    failed=$((failed + 1)); failed_stages+=("build:$preset"); return
  fi
  rm_log "running tests of preset '$preset'"
  ctest --preset "$preset" 2>&1 | tee "$log" | grep -E "tests passed|\*\*\*|Failed|Not Run" || true
  local summary total bad
  summary=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" | tail -1)
  if [ -z "$summary" ]; then
    failed=$((failed + 1)); failed_stages+=("ctest:$preset"); return
  fi
  bad=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")
  total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + total - bad))
  failed=$((failed + bad))
  [ "$bad" = 0 ] || failed_stages+=("ctest:$preset")
}

# run_node_suite NAME FILE...: runs node:test files, adds their pass/fail counts to the totals.
run_node_suite() {
  local name=$1
  shift
  local log="build/js-$name.log" pass fail
  mkdir -p build
  rm_log "running the $name suite (node --test)"
  node --test --test-reporter=spec --test-reporter-destination=stdout "$@" >"$log" 2>&1
  local rc=$?
  grep -E "^(✖|ℹ (tests|pass|fail|skipped))" "$log" | tail -20 || true
  pass=$(sed -nE 's/^ℹ pass ([0-9]+)$/\1/p' "$log" | tail -1)
  fail=$(sed -nE 's/^ℹ fail ([0-9]+)$/\1/p' "$log" | tail -1)
  if [ -z "$pass" ] || [ -z "$fail" ]; then
    tail -40 "$log"
    failed=$((failed + 1)); failed_stages+=("js:$name"); return
  fi
  passed=$((passed + pass))
  failed=$((failed + fail))
  if [ "$fail" != 0 ] || [ "$rc" != 0 ]; then
    [ "$fail" != 0 ] || failed=$((failed + 1))
    failed_stages+=("js:$name")
  fi
}

# run_js: runs the package's Node and browser suites (built with the wasm module, below).
run_js() {
  [ -f js/runtime/dist/index.js ] || return
  local node_tests=(js/runtime/test/node/*.test.mjs) browser_tests=(js/runtime/test/browser/*.test.mjs)
  [ -e "${node_tests[0]}" ] && run_node_suite node "${node_tests[@]}"
  [ -e "${browser_tests[0]}" ] && run_node_suite browser "${browser_tests[@]}"
}

# run_fuzz: builds the fuzz preset and runs each target for $FUZZ_SECONDS, seeded with the golden
# inputs (manifest front end) or the example bundles (bundle reader).
run_fuzz() {
  if ! scripts/build.sh fuzz; then
    failed=$((failed + 1)); failed_stages+=("build:fuzz"); return
  fi
  local target corpus artifacts=build/fuzz/artifacts i f dict
  mkdir -p "$artifacts"
  for target in fuzz_run_document fuzz_bundle_reader fuzz_audio_decode; do
    corpus=build/fuzz/corpus/$target
    mkdir -p "$corpus"
    i=0
    if [ "$target" = fuzz_run_document ]; then
      for f in tests/golden/*/input.json; do cp "$f" "$corpus/golden-$i.json"; i=$((i + 1)); done
    elif [ "$target" = fuzz_audio_decode ]; then
      /usr/bin/python3.11 tests/audio/fixtures.py seeds "$corpus"
    else
      for f in build/release/examples/*.rmpkg; do [ -f "$f" ] && cp "$f" "$corpus/"; done
    fi
    dict=()
    [ -f "tests/fuzz/${target#fuzz_}.dict" ] && dict=(-dict="tests/fuzz/${target#fuzz_}.dict")
    rm_log "fuzzing $target for ${FUZZ_SECONDS}s"
    if build/fuzz/tests/fuzz/$target "${dict[@]}" -max_total_time="$FUZZ_SECONDS" -max_len=65536 \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
        "$corpus" >"build/fuzz/$target.log" 2>&1; then
      grep -E "^stat::number_of_executed_units|^Done" "build/fuzz/$target.log" | tail -2
      passed=$((passed + 1))
    else
      tail -40 "build/fuzz/$target.log"
      failed=$((failed + 1)); failed_stages+=("fuzz:$target")
    fi
  done
}

# The wasm modules and the JS package must exist before the release suite runs its wasm golden
# cases (the CLI's wasm host takes poll_oneoff from js/runtime/dist).
if scripts/wasi-deps/build.sh && scripts/whisper-deps/build.sh && scripts/pocketsphinx-deps/build.sh &&
  scripts/build.sh wasi; then
  passed=$((passed + 1))
  if scripts/build_js.sh; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); failed_stages+=("build:js")
  fi
else
  failed=$((failed + 1)); failed_stages+=("build:wasi")
fi
run_ctest release
run_js
run_ctest asan
run_fuzz

if [ ${#failed_stages[@]} -gt 0 ]; then rm_log "failed: ${failed_stages[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
