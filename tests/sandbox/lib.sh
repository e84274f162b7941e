# Shared helpers of the sandbox tests (source it). Each test runs hostile pipelines through
# `remotemedia run --target wasm` in a private temporary directory and asserts exact outcomes.
#   $cli       the remotemedia binary (first argument of every test)
#   $work      a fresh temporary directory, removed on exit
#   check NAME COMMAND...   records ok/FAIL; finish prints the count and sets the exit code
set -u
cli=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin_dir=$(dirname "$cli")
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
failures=0

check() {
  local name=$1
  shift
  if "$@"; then
    echo "ok $name"
  else
    echo "FAIL $name"
    failures=$((failures + 1))
  fi
}

# same_file A B: byte-identical (prints a diff of the first lines when not).
same_file() {
  cmp -s "$1" "$2" && return 0
  diff -u "$1" "$2" | head -20
  return 1
}

# snapshot DIR: every path under DIR with its type, size, mode, link target and content hash,
# sorted, so two snapshots differ when anything in the tree changed.
snapshot() {
  (cd "$1" && find . -printf '%p %y %s %m %l\n' | LC_ALL=C sort &&
    find . -type f -exec sha256sum {} + | LC_ALL=C sort)
}

# pipeline FILE NODE_MODULE: writes a one-PythonNode manifest (class Probe in NODE_MODULE, given
# relative to FILE's directory) with one input item.
pipeline() {
  cat >"$1" <<JSON
{"manifest": {"version": "v1", "metadata": {"name": "sandbox"},
  "nodes": [{"id": "p", "node_type": "PythonNode", "params": {"module": "$2", "class": "Probe"}}]},
 "input_data": [1]}
JSON
}

# run_wasm INPUT [ARGS...]: runs the CLI on the wasm target; stdout, stderr and the exit code land
# in $work/out, $work/err and $out_code.
run_wasm() {
  "$cli" run --target wasm "$@" >"$work/out" 2>"$work/err" </dev/null
  out_code=$?
}

# The Python helper every probe uses: attempt(fn) -> "allowed" or the errno name of the OSError.
probe_prelude() {
  cat <<'PY'
import errno
import os


def attempt(fn):
    try:
        fn()
        return "allowed"
    except OSError as error:
        return errno.errorcode.get(error.errno, str(error.errno))


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, mode="w"):
    with open(path, mode) as f:
        f.write("planted = True\n")
PY
}

finish() {
  echo "$failures failed"
  [ "$failures" = 0 ]
}
