#!/usr/bin/env bash
# The reader refuses a corpus of hostile or damaged bundles, built here at test time by
# make_hostile_bundles.py: each `run` and `verify` exits 2 with the case's error code, the
# extraction area stays empty, and no sentinel file an entry aimed at exists afterwards.
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
  check "$case: nothing written outside the extraction root" no_sentinels
  check "$case: no extraction dir left behind" tmp_is_empty
done <"$work/corpus/cases.txt"
check "corpus holds at least 12 bundles" test "$count" -ge 12

echo "$count bundles, $failures failure(s)"
[ "$failures" -eq 0 ]
