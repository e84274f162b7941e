#!/usr/bin/env bash
# pack -> inspect -> verify -> run for .rmpkg bundles, on one target; the bundle's output must be
# byte-identical to running the source manifest directly.
#   roundtrip_test.sh PATH_TO_REMOTEMEDIA native|wasm
set -u
cli=$(realpath "$1")
target=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work/tmp"   # extraction dirs land here; it must be empty after every run
mkdir -p "$TMPDIR"
failures=0

check() {  # check NAME CONDITION...
  local name=$1
  shift
  if "$@"; then echo "ok $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}
tmp_is_empty() { [ -z "$(ls -A "$TMPDIR")" ]; }

"$cli" keygen -o "$work/signer" >"$work/out"
check "keygen writes a keypair" test -s "$work/signer.key" -a -s "$work/signer.pub"
check "secret key is private" test "$(stat -c %a "$work/signer.key")" = 600
"$cli" keygen -o "$work/other" >/dev/null

roundtrip() {  # roundtrip NAME MANIFEST PACK_ARGS...
  local name=$1 manifest=$2
  shift 2
  local bundle="$work/$name.rmpkg"
  "$cli" pack "$manifest" -o "$bundle" --sign "$work/signer.key" "$@" >"$work/pack.out"
  check "$name: pack exits 0" grep -q '"status": "packed"' "$work/pack.out"
  "$cli" inspect "$bundle" >"$work/inspect.out"
  check "$name: inspect shows the manifest" grep -q "manifest.json" "$work/inspect.out"
  "$cli" inspect --json "$bundle" >"$work/inspect.json"
  check "$name: inspect --json lists checksums" grep -q '"name": "meta/checksums.json"' "$work/inspect.json"
  "$cli" verify "$bundle" --pubkey "$work/signer.pub" >"$work/verify.out"
  check "$name: verify with the signer's key" grep -q '"signature_verified": true' "$work/verify.out"
  "$cli" verify "$bundle" --pubkey "$work/other.pub" >"$work/verify.out" 2>/dev/null
  check "$name: verify with another key exits 2" test $? -eq 2
  check "$name: ... with bundle_signature_invalid" grep -q bundle_signature_invalid "$work/verify.out"
  "$cli" run "$manifest" >"$work/expected.json"
  "$cli" run "$bundle" --target "$target" --pubkey "$work/signer.pub" >"$work/actual.json"
  check "$name: run exits 0" test $? -eq 0
  check "$name: same bytes as the source manifest" cmp -s "$work/expected.json" "$work/actual.json"
  check "$name: extraction dir removed" tmp_is_empty
}

if [ "$target" = native ]; then
  roundtrip calculator "$here/examples/calculator.json"
  roundtrip sentiment "$here/examples/python/sentiment.json"
  roundtrip mixed "$here/examples/mixed.json"
  # pack never replaces what is at -o without --force, and never anything but a regular file.
  cp "$work/calculator.rmpkg" "$work/calculator.before"
  "$cli" pack "$here/examples/calculator.json" -o "$work/calculator.rmpkg" >"$work/out" 2>/dev/null
  check "pack onto an existing file exits 2" test $? -eq 2
  check "... with bundle_write_failed naming --force" grep -q 'bundle_write_failed.*--force' "$work/out"
  check "... and leaves the file as it was" cmp -s "$work/calculator.before" "$work/calculator.rmpkg"
  "$cli" pack "$here/examples/calculator.json" -o "$work/calculator.rmpkg" --force >"$work/out"
  check "pack --force replaces a regular file" grep -q '"status": "packed"' "$work/out"
  mkdir "$work/a-dir.rmpkg"
  ln -s "$work/calculator.before" "$work/a-link.rmpkg"
  for other in a-dir a-link; do
    "$cli" pack "$here/examples/calculator.json" -o "$work/$other.rmpkg" --force >"$work/out" 2>/dev/null
    check "pack --force onto $other exits 2" test $? -eq 2
    check "... as not a regular file" grep -q 'not a regular file' "$work/out"
  done
  check "the link still points at its target" test -L "$work/a-link.rmpkg"
  # --include and --models carry plain files from where they are allowed to come, nothing else.
  "$cli" pack "$here/examples/calculator.json" --include ../README.md -o "$work/inc.rmpkg" >"$work/out" 2>/dev/null
  check "pack --include outside the manifest's directory exits 2" test $? -eq 2
  check "... as pack_failed" grep -q '"code": "pack_failed"' "$work/out"
  mkdir -p "$work/models/sub"
  echo weights >"$work/models/sub/w.bin"
  "$cli" pack "$here/examples/calculator.json" --models "$work/models" -o "$work/models.rmpkg" >"$work/out"
  "$cli" inspect --json "$work/models.rmpkg" >"$work/inspect.json"
  check "pack --models packs the tree as models/" grep -q '"name": "models/sub/w.bin"' "$work/inspect.json"
  ln -s /etc/passwd "$work/models/link"
  "$cli" pack "$here/examples/calculator.json" --models "$work/models" -o "$work/models2.rmpkg" >"$work/out" 2>/dev/null
  check "pack --models refuses a symbolic link" grep -q '"code": "pack_failed"' "$work/out"
  # The wrong target is refused before anything is extracted.
  "$cli" run "$work/calculator.rmpkg" --target wasm >"$work/out" 2>/dev/null
  check "native bundle refused by --target wasm" grep -q bundle_wrong_target "$work/out"
else
  roundtrip calculator-wasm "$here/examples/calculator.json" --with-runtime
  roundtrip sentiment-minimal "$here/examples/python/sentiment.json" --with-runtime --stdlib minimal
  roundtrip mixed-minimal "$here/examples/mixed.json" --with-runtime --stdlib minimal
  # A node using common stdlib APIs that import more of the stdlib only when called
  # (Counter.most_common and statistics.mode import heapq): minimal must ship those too.
  roundtrip stdlib-apis-minimal "$here/tests/pkg/fixtures/stdlib_apis/manifest.json" --with-runtime --stdlib minimal
  # Without --with-runtime a wasm32-wasi bundle uses the CLI's own module and stdlib.
  roundtrip mixed-cli-runtime "$here/examples/mixed.json" --target wasm32-wasi
  # One wasm32-wasi bundle also runs natively, with the same bytes.
  "$cli" run "$here/examples/mixed.json" >"$work/expected.json"
  "$cli" run "$work/mixed-minimal.rmpkg" --target native --pubkey "$work/signer.pub" >"$work/actual.json"
  check "a wasm32-wasi bundle runs natively with the same bytes" cmp -s "$work/expected.json" "$work/actual.json"
  # The reactor a bundle carries is the one that runs it: a bundle carrying a module that traps
  # in rm_run fails with wasm_trap...
  abi=$(sed -n 's/^#define RM_ABI_VERSION \([0-9]*\)$/\1/p' "$here/include/remotemedia/c_api.h")
  mkdir -p "$work/modules"
  node "$here/tests/sandbox/make_modules.mjs" "$work/modules" "$abi"
  REMOTEMEDIA_WASM_MODULE="$work/modules/trap.wasm" "$cli" pack "$here/examples/calculator.json" \
    -o "$work/trapping.rmpkg" --with-runtime >/dev/null
  "$cli" run "$work/trapping.rmpkg" --target wasm >"$work/out" 2>/dev/null
  check "the bundle's own module runs it" grep -q '"code": "wasm_trap"' "$work/out"
  # ... unless it declares another C ABI version: then the CLI's own module runs it, with a note.
  cp "$(dirname "$cli")/remotemedia_runtime.wasm" "$work/modules/other_abi.wasm"
  python3 "$here/scripts/lib/add_wasm_custom_section.py" "$work/modules/other_abi.wasm" \
    remotemedia.abi_version 99
  REMOTEMEDIA_WASM_MODULE="$work/modules/other_abi.wasm" "$cli" pack "$here/examples/calculator.json" \
    -o "$work/other-abi.rmpkg" --with-runtime >/dev/null
  "$cli" run "$here/examples/calculator.json" >"$work/expected.json"
  "$cli" run "$work/other-abi.rmpkg" --target wasm >"$work/actual.json" 2>"$work/err"
  check "a module of another ABI version: the CLI's own runs the bundle" cmp -s "$work/expected.json" "$work/actual.json"
  check "... and says so" grep -q "speaks C ABI version 99" "$work/err"
  check "extraction dirs removed" tmp_is_empty
  full=$(stat -c %s "$work/calculator-wasm.rmpkg")
  minimal=$(stat -c %s "$work/mixed-minimal.rmpkg")
  check "minimal stdlib bundle is smaller than full" test "$minimal" -lt "$full"
fi

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
