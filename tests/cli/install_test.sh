#!/usr/bin/env bash
# `cmake --install`: the installed CLI finds its wasm module, stdlib, child script and JS package
# under PREFIX/share/remotemedia and runs a pipeline on both targets, from anywhere.
#   install_test.sh BUILD_DIR REPO_ROOT
set -u
build=$1
here=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
check() {  # check NAME CONDITION...
  local name=$1
  shift
  if "$@"; then echo "ok $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1
check "cmake --install succeeds" test $? = 0
check "the CLI is in bin/" test -x "$work/prefix/bin/remotemedia"
check "the reactor is in share/remotemedia/" test -f "$work/prefix/share/remotemedia/remotemedia_runtime.wasm"
cp "$here/examples/calculator.json" "$work/calculator.json"
cd "$work" || exit 1
for target in native wasm; do
  "$work/prefix/bin/remotemedia" run calculator.json --target "$target" >"$work/out" 2>"$work/err"
  check "the installed CLI runs the calculator ($target)" grep -q '"outputs": {"add": \[20, 24, 16\]}' "$work/out"
done
echo "$failures failed"
[ "$failures" = 0 ]
