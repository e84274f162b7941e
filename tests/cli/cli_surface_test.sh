#!/usr/bin/env bash
# The CLI outside `run`: help, version, nodes, validate, metrics and usage errors.
#   cli_surface_test.sh PATH_TO_REMOTEMEDIA
set -u
cli=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
calc="$here/tests/golden/calculator/input.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

check() {  # check NAME CONDITION...
  local name=$1
  shift
  if "$@"; then echo "ok $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}

"$cli" --help >"$work/out" 2>&1
check "help exits 0 and lists commands" grep -q "validate \[FILE|-\]" "$work/out"

"$cli" --version >"$work/out"
check "version prints a version" grep -Eq '^remotemedia [0-9]+\.[0-9]+\.[0-9]+$' "$work/out"

"$cli" nodes >"$work/out"
check "nodes lists MultiplyNode with its factor param" \
  grep -q '{"name": "MultiplyNode", "family": "math", "description": "[^"]*", "params": \[{"name": "factor", "type": "number", "required": false, "default": 2' "$work/out"

"$cli" validate "$calc" >"$work/out"
check "validate accepts the calculator" grep -q '^{"status": "valid", "graph_info": {"node_count": 2' "$work/out"

"$cli" validate "$here/tests/golden/bad_cycle/input.json" >"$work/out" 2>"$work/err"
check "validate rejects a cycle with exit 2" test $? = 2
check "validate error JSON names the code" grep -q '"code": "cycle_detected"' "$work/out"

"$cli" run - <"$calc" >"$work/out"
check "run reads standard input" grep -q '"outputs": {"add": \[20, 24, 16\]}' "$work/out"

"$cli" run "$calc" --metrics >"$work/out" 2>"$work/err"
check "metrics go to stderr" grep -q '^{"metrics": {"parse_ms": ' "$work/err"
check "metrics leave stdout unchanged" cmp -s "$work/out" "$here/tests/golden/calculator/expected.json"

"$cli" run "$work/missing.json" >"$work/out" 2>"$work/err"
check "a missing file exits 2" test $? = 2
check "a missing file is an io_error naming the path" grep -q '"code": "io_error", "message": "cannot open .*missing.json' "$work/out"

"$cli" frobnicate >"$work/out" 2>"$work/err"
check "an unknown command exits 2" test $? = 2
check "an unknown command is a usage_error" grep -q '"code": "usage_error"' "$work/out"

"$cli" run --bogus "$calc" >"$work/out" 2>"$work/err"
check "an unknown option exits 2" test $? = 2

"$cli" run "$calc" "$calc" >"$work/out" 2>"$work/err"
check "two input files exit 2" test $? = 2

echo "$failures failed"
[ "$failures" = 0 ]
