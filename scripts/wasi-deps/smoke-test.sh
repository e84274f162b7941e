#!/usr/bin/env bash
# Smoke test of the wasi-deps prefix: embeds CPython in a small C host (smoke/host.c), links it for
# wasm32-wasi exactly as deps.env describes, runs smoke/smoke.py in it under Node's node:wasi
# (smoke/run.mjs, /usr preopened as <prefix>/usr) and checks the output against smoke/expected.txt and
# against the native build python running the same script.
#
# Usage: scripts/wasi-deps/smoke-test.sh [PREFIX]
#   PREFIX defaults to the output of build.sh (which builds the prefix if it is not cached).
#   Outputs (overwritten each run): <cache>/smoke/host.wasm (unstripped), host.stripped.wasm, *.out.
#   Last line on success: "smoke-test: N passed, 0 failed"; exit 0 only if every check passed.
#   Needs node >= 20 on PATH.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
SMOKE_SRC=$SCRIPT_DIR/smoke
OUT=${WASI_DEPS_CACHE_DIR:-$REPO_DIR/.cache}/smoke

log() { printf '[wasi-deps smoke] %s\n' "$*" >&2; }

PREFIX=${1:-$("$SCRIPT_DIR/build.sh")}
# shellcheck source=/dev/null
source "$PREFIX/deps.env"

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
((node_major >= 20)) || { log "error: node >= 20 is required (found: ${node_major})"; exit 1; }

mkdir -p "$OUT"
passed=0 failed=0
check() {  # check NAME CONDITION-COMMAND...
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); log "ok   $name"; else failed=$((failed + 1)); log "FAIL $name"; fi
}

# Compile and link separately: clang's wasm driver runs wasm-opt (slow, no gain here) when it links at -O1+.
read -r -a libs <<<"$WASI_DEPS_LIBS"
read -r -a syslibs <<<"$WASI_DEPS_SYSTEM_LIBS"
read -r -a ldflags <<<"$WASI_DEPS_LINK_FLAGS"
cflags=(--target="$WASI_TARGET" --sysroot="$WASI_SYSROOT")
log "compiling smoke/host.c against $WASI_DEPS_PREFIX"
"$WASI_CC" "${cflags[@]}" -O2 -Wall -Wextra -Werror -I"$WASI_PYTHON_INCLUDE_DIR" \
    -c "$SMOKE_SRC/host.c" -o "$OUT/host.o"
"$WASI_CC" "${cflags[@]}" "$OUT/host.o" "${libs[@]}" "${syslibs[@]}" "${ldflags[@]}" -o "$OUT/host.wasm"
cp "$OUT/host.wasm" "$OUT/host.stripped.wasm"
wasm-strip "$OUT/host.stripped.wasm"

# run_wasm OUTFILE ARGS...: runs the stripped host with /usr, /smoke (smoke sources) and /out ($OUT)
# preopened; stdout to OUTFILE, stderr passes through; returns the module's exit status.
run_wasm() {
    local outfile=$1; shift
    node --no-warnings --no-turbo-fast-api-calls "$SMOKE_SRC/run.mjs" "$OUT/host.stripped.wasm" \
        "/usr=$WASI_USR_DIR" "/smoke=$SMOKE_SRC" "/out=$OUT" -- "$@" >"$outfile"
}
exits_with() {  # exits_with STATUS CMD...: true iff CMD exits with exactly STATUS
    local want=$1 rc=0; shift
    "$@" 2>/dev/null || rc=$?
    ((rc == want))
}

log "running smoke/smoke.py under node:wasi"
start=$(date +%s%N)
check "wasm run exits 0" run_wasm "$OUT/wasm.out" /smoke/smoke.py
log "     (wall time $((($(date +%s%N) - start) / 1000000)) ms)"
sed 's/^/    /' "$OUT/wasm.out" >&2
check "wasm output matches smoke/expected.txt" cmp -s "$OUT/wasm.out" "$SMOKE_SRC/expected.txt"
"$WASI_BUILD_PYTHON" -I "$SMOKE_SRC/smoke.py" >"$OUT/native.out"
check "native build python gives the same output" cmp -s "$OUT/native.out" "$OUT/wasm.out"

# An uncaught Python exception must come back as exit status 1, not as a trap or 0.
printf 'raise SystemError("expected failure")\n' >"$OUT/raise.py"
check "uncaught exception exits 1" exits_with 1 run_wasm /dev/null /out/raise.py

size() { stat -c %s "$1"; }
log "sizes (bytes): libpython3.11.a $(size "$WASI_DEPS_PREFIX/lib/libpython3.11.a")," \
    "python311.zip $(size "$WASI_STDLIB_ZIP")," \
    "host.wasm $(size "$OUT/host.wasm"), stripped $(size "$OUT/host.stripped.wasm")," \
    "stripped+gzip -9 $(gzip -9c "$OUT/host.stripped.wasm" | wc -c)"
echo "smoke-test: $passed passed, $failed failed"
((failed == 0))
