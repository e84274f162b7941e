#!/usr/bin/env bash
# The reader refuses a corpus of hostile or damaged bundles, built here at test time by
# make_hostile_bundles.py: each `run` and `verify` exits 2 with the case's error code, the
# extraction area stays empty, and no sentinel file an entry aimed at exists afterwards; the zip
# bombs (bomb_*) are refused within a bounded peak RSS. Then a signed bundle with a second ZIP
# appended must fail `verify --pubkey` although its signature is intact, and `pack --with-runtime`
# must refuse a corrupt runtime module.
#   hostile_test.sh PATH_TO_REMOTEMEDIA PATH_TO_PYTHON3
set -u
cli=$(realpath "$1")
python=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sentinel="$work/sentinel_absolute"
mkdir -p "$work/corpus" "$work/tmp" "$work/a/b/c"
export TMPDIR="$work/tmp"
failures=0

check() {  # check NAME CONDITION...
  local name=$1
  shift
  if "$@"; then echo "ok $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}
no_sentinels() { [ -z "$(find "$work" / -maxdepth 1 -name 'sentinel_*' 2>/dev/null; find "$work" -name 'sentinel_*' 2>/dev/null)" ]; }
tmp_is_empty() { [ -z "$(ls -A "$TMPDIR")" ]; }
max_rss_kb=131072  # a bomb inflated before the fix reached ~530 MB
# peak_rss_kb COMMAND...: runs it (output discarded) and prints the peak RSS in KiB.
peak_rss_kb() {
  "$python" -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

"$python" -W ignore "$here/make_hostile_bundles.py" "$work/corpus" "$sentinel" || exit 1
"$cli" keygen -o "$work/key" >/dev/null
count=0
while read -r case code; do
  count=$((count + 1))
  bundle="$work/corpus/$case.rmpkg"
  args=()
  case $case in signature_*) args=(--pubkey "$work/key.pub") ;; esac
  for command in run verify; do
    (cd "$work/a/b/c" && "$cli" "$command" "$bundle" "${args[@]}" >"$work/out" 2>"$work/err")
    rc=$?
    check "$case: $command exits 2" test "$rc" -eq 2
    check "$case: $command reports $code" grep -q "\"code\": \"$code\"" "$work/out"
    check "$case: $command error line names the code" grep -q "\[$code\]" "$work/err"
  done
  case $case in
    bomb_*)
      for command in run verify; do
        rss=$(peak_rss_kb "$cli" "$command" "$bundle")
        check "$case: $command peak RSS ${rss} KiB <= $max_rss_kb KiB" test "$rss" -le "$max_rss_kb"
      done
      ;;
  esac
  check "$case: nothing written outside the extraction root" no_sentinels
  check "$case: no extraction dir left behind" tmp_is_empty
done <"$work/corpus/cases.txt"
check "corpus holds at least 30 bundles" test "$count" -ge 30

# A signed bundle, then a second archive appended: the signature still verifies over the original
# checksums, while unzip and Python's zipfile list the appended files.
"$cli" pack "$here/../../examples/calculator.json" -o "$work/signed.rmpkg" --sign "$work/key.key" \
  >/dev/null
"$cli" verify "$work/signed.rmpkg" --pubkey "$work/key.pub" >"$work/out" 2>"$work/err"
check "signed: verify --pubkey accepts the bundle as packed" test $? -eq 0
check "signed: verify --pubkey says verified" grep -q '"status": "verified"' "$work/out"
"$cli" verify "$work/signed.rmpkg" >"$work/out" 2>"$work/err"
check "signed, no key: verify exits 0" test $? -eq 0
check "signed, no key: only the hashes are verified" grep -q '"status": "hashes_verified"' "$work/out"
check "signed, no key: stderr asks for the key" grep -q -- "--pubkey" "$work/err"
"$python" - "$work/signed.rmpkg" "$work/appended.rmpkg" <<'PY'
import io, sys, zipfile
extra = io.BytesIO()
with zipfile.ZipFile(extra, "w") as z:
    z.writestr("nodes/evil.py", "import os\n")
with open(sys.argv[1], "rb") as f, open(sys.argv[2], "wb") as out:
    out.write(f.read() + extra.getvalue())
PY
for command in verify run; do
  "$cli" "$command" "$work/appended.rmpkg" --pubkey "$work/key.pub" >"$work/out" 2>"$work/err"
  rc=$?
  check "signed + appended: $command --pubkey exits 2" test "$rc" -eq 2
  check "signed + appended: $command reports bundle_extra_data" \
    grep -q '"code": "bundle_extra_data"' "$work/out"
done
check "signed + appended: no extraction dir left behind" tmp_is_empty

# pack never writes a bundle whose runtime module the reader would refuse.
printf 'not a wasm module' >"$work/bad.wasm"
REMOTEMEDIA_WASM_MODULE="$work/bad.wasm" "$cli" pack "$here/../../examples/calculator.json" \
  -o "$work/bad-runtime.rmpkg" --with-runtime >"$work/out" 2>"$work/err"
rc=$?
check "pack --with-runtime, corrupt module: exits 2" test "$rc" -eq 2
check "pack --with-runtime, corrupt module: reports invalid_runtime_module" \
  grep -q '"code": "invalid_runtime_module"' "$work/out"
check "pack --with-runtime, corrupt module: writes no bundle" test ! -e "$work/bad-runtime.rmpkg"

echo "$count bundles, $failures failure(s)"
[ "$failures" -eq 0 ]
