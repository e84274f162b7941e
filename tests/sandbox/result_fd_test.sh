#!/usr/bin/env bash
# Issue 8, item 9 (wasm side): the result document never passes through a descriptor a node can
# reach (it comes back through the C ABI). A node writes GARBAGE to fd 1, prints, and closes fd 1
# and fd 5; the document on stdout is still exactly the run's, and what the node wrote went to
# stderr. The reactor's host keeps its reserved descriptors 0-5: closing one "succeeds" and leaves
# it in place (docs/js.md), so a later write still reaches stderr.
#   result_fd_test.sh PATH_TO_REMOTEMEDIA
source "$(dirname "$0")/lib.sh"

mkdir -p "$work/proj"
{
  probe_prelude
  cat <<'PY'
import sys


class Probe:
    def process(self, item):
        os.write(1, b"GARBAGE")
        print("printed by the node")
        sys.stdout.flush()
        os.write(2, b"to stderr\n")
        closed = attempt(lambda: os.close(1))
        return {
            "close_fd1": closed,
            "write_after_close": attempt(lambda: os.write(1, b"MORE GARBAGE")),
            "close_result_fd": attempt(lambda: os.close(5)),
            "item": item,
        }
PY
} >"$work/proj/probe.py"
pipeline "$work/proj/run.json" probe.py

run_wasm "$work/proj/run.json"
expected='{"status": "success", "outputs": {"p": [{"close_fd1": "allowed", "write_after_close": "allowed", "close_result_fd": "allowed", "item": 1}]}, "graph_info": {"node_count": 1, "source_count": 1, "sink_count": 1, "execution_order": ["p"]}}'
printf '%s\n' "$expected" >"$work/expected"
check "stdout is exactly the run's document" same_file "$work/expected" "$work/out"
check "the run exits 0" test "$out_code" = 0
check "what the node wrote to fd 1 went to stderr" grep -q "GARBAGEprinted by the node" "$work/err"
check "also after it closed fd 1" grep -q "MORE GARBAGE" "$work/err"
check "and what it wrote to fd 2 too" grep -q "^to stderr$" "$work/err"

# An error document is protected the same way.
cat >"$work/proj/failing.py" <<'PY'
import os


class Probe:
    def process(self, item):
        os.write(1, b"GARBAGE")
        os.close(1)
        raise ValueError("boom")
PY
pipeline "$work/proj/failing.json" failing.py
run_wasm "$work/proj/failing.json"
check "a failing run still prints its error document" grep -q '^{"status": "error", "error": {"code": "python_error", "message": "ValueError: boom"' "$work/out"
check "only that one line" test "$(wc -l <"$work/out")" = 1
check "exit 1" test "$out_code" = 1

finish
