#!/usr/bin/env bash
# `run BUNDLE.rmpkg` removes its extraction directory on every path and leaves no process behind
# (item 14): a node that exits, crashes, loops until --timeout or SIGTERM/SIGINT, or builds a tree
# deeper than PATH_MAX. Each run gets a private, empty TMPDIR that must be empty afterwards.
#   bundle_cleanup_test.sh PATH_TO_REMOTEMEDIA native|wasm
set -u
cli=$1
target=$2
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR" "$work/src/nodes"
failures=0
pack_target=native
[ "$target" = wasm ] && pack_target=wasm32-wasi

check() {  # check NAME CONDITION...
  local name="$target: $1"
  shift
  if "$@"; then echo "ok $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}
tmp_is_empty() { [ -z "$(ls -A "$TMPDIR")" ]; }
no_process_left() { [ -z "$(pgrep -f -- "$work")" ]; }

# bundle NAME BODY: a bundle whose one node (nodes/NAME.py) runs BODY (';;'-separated lines) in
# process().
bundle() {
  /usr/bin/python3 - "$work/src" "$1" "$2" <<'PY'
import json, sys
src, name, body = sys.argv[1], sys.argv[2], sys.argv[3].split(";;")
code = "import os, sys\nclass N:\n    def process(self, item):\n" + "".join("        " + l + "\n" for l in body)
open("%s/nodes/%s.py" % (src, name), "w").write(code)
doc = {"manifest": {"version": "v1", "metadata": {"name": name}, "nodes": [{"id": "p",
       "node_type": "PythonNode", "params": {"module": "nodes/%s.py" % name, "class": "N"}}]},
       "input_data": [1]}
json.dump(doc, open("%s/%s.json" % (src, name), "w"))
PY
  "$cli" pack "$work/src/$1.json" -o "$work/$1.rmpkg" --target "$pack_target" >"$work/pack.out" 2>&1
  check "$1: packed" grep -q '"status": "packed"' "$work/pack.out"
}

bundle ok "return item + 1"
"$cli" run "$work/ok.rmpkg" >"$work/out" 2>"$work/err"
check "ok: exit 0" test $? = 0
check "ok: extraction dir removed" tmp_is_empty

bundle exits "os._exit(0)"
"$cli" run "$work/exits.rmpkg" >"$work/out" 2>"$work/err"
check "os._exit: exit 1" test $? = 1
check "os._exit: refused" grep -q '"exception_type": "PermissionError"' "$work/out"
check "os._exit: extraction dir removed" tmp_is_empty

if [ "$target" = native ]; then
  bundle crashes "import ctypes;;return ctypes.string_at(0)"
  "$cli" run "$work/crashes.rmpkg" >"$work/out" 2>"$work/err"
  check "segfault: exit 1" test $? = 1
  check "segfault: run_crashed" grep -q '"code": "run_crashed"' "$work/out"
  check "segfault: extraction dir removed" tmp_is_empty

  # 3,000 levels of 200-byte names (600 KB of path), with permissions removed on the way.
  bundle deep "here = os.path.dirname(os.path.abspath(__file__));;fd = os.open(here, os.O_RDONLY);;for _ in range(3000):;;    os.mkdir('d' * 200, dir_fd=fd);;    sub = os.open('d' * 200, os.O_RDONLY, dir_fd=fd);;    os.close(fd);;    fd = sub;;open('f', 'w', opener=lambda p, f: os.open(p, f, dir_fd=fd)).close();;os.chmod(fd, 0o500);;os.close(fd);;return item"
  "$cli" run "$work/deep.rmpkg" >"$work/out" 2>"$work/err"
  check "deeper than PATH_MAX: exit 0" test $? = 0
  check "deeper than PATH_MAX: extraction dir removed" tmp_is_empty
fi

bundle loops "while True: pass"
"$cli" run "$work/loops.rmpkg" --timeout 1 >"$work/out" 2>"$work/err"
check "timeout: exit 1" test $? = 1
check "timeout: the timeout document" grep -q '"code": "timeout"' "$work/out"
check "timeout: extraction dir removed" tmp_is_empty
check "timeout: no process left" no_process_left

# --timeout covers reading, verifying and extracting the bundle too (issue 21, item 6): a deadline
# that passes before the bundle is open ends the command there, with nothing extracted left.
"$cli" run "$work/ok.rmpkg" --timeout 0.000001 >"$work/out" 2>"$work/err"
check "timeout while opening: exit 1" test $? = 1
check "timeout while opening: the document" grep -qx '{"status": "error", "error": {"code": "timeout", "message": "the bundle was not read and extracted within 0.000001 s (--timeout)"}}' "$work/out"
check "timeout while opening: extraction dir removed" tmp_is_empty

for sig in TERM INT HUP QUIT USR1 USR2 ALRM; do
  "$cli" run "$work/loops.rmpkg" >"$work/out" 2>"$work/err" </dev/null &
  pid=$!
  sleep 1
  kill -"$sig" "$pid"
  wait "$pid"
  check "SIG$sig: exit 1" test $? = 1
  check "SIG$sig: interrupted" grep -q '"code": "interrupted"' "$work/out"
  sleep 0.1
  check "SIG$sig: extraction dir removed" tmp_is_empty
  check "SIG$sig: no process left (no node host either)" no_process_left
done

echo "$failures failed"
[ "$failures" = 0 ]
