#!/usr/bin/env bash
# The process contract of `run` / `validate` (docs/cli.md, "The process model"): capped input,
# checked output, timeout, interruption, crashes, memory limits and a misbehaving wasm host. Every
# case asserts the exact stdout document and the exit code.
#   process_test.sh PATH_TO_REMOTEMEDIA native|wasm [asan]
set -u
cli=$1
target=$2
sanitized=${3:-}
here=$(cd "$(dirname "$0")/../.." && pwd)
calc="$here/tests/golden/calculator/input.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
failures=0
targs=(--target "$target")

check() {  # check NAME CONDITION...
  local name="$target: $1"
  shift
  if "$@"; then echo "ok $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}
# expect NAME EXIT DOCUMENT: the last run's exit code and exact stdout (plus the newline).
expect() {
  check "$1: exit $2" test "$got" = "$2"
  printf '%s\n' "$3" >"$work/want"
  if ! cmp -s "$work/want" "$work/out"; then
    echo "--- want"; cat "$work/want"; echo "--- got"; head -c 600 "$work/out"; echo
    check "$1: stdout" false
  fi
  if [ "$2" != 0 ]; then check "$1: one error line on stderr" grep -q '^remotemedia: error \[' "$work/err"; fi
}
run() {  # run ARGS...: the CLI with stdout/stderr captured, stdin from /dev/null
  "$cli" "$@" >"$work/out" 2>"$work/err" </dev/null
  got=$?
}
# A manifest with one inline PythonNode whose process() runs BODY (lines separated by ';;').
python_manifest() {  # python_manifest FILE BODY
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
body = sys.argv[2].split(";;")
src = "import os, sys\nclass N:\n    def process(self, item):\n" + "".join("        " + l + "\n" for l in body)
doc = {"manifest": {"version": "v1", "metadata": {"name": "t"}, "nodes": [{"id": "p",
       "node_type": "PythonNode", "params": {"source": src, "class": "N"}}]}, "input_data": [1]}
json.dump(doc, open(sys.argv[1], "w"))
PY
}
too_large() {
  echo "{\"status\": \"error\", \"error\": {\"code\": \"input_too_large\", \"message\": \"'$1' is larger than $2 bytes (raise the limit with --max-input-bytes)\"}}"
}

# --- input is capped and checked (items 4, 20) ---------------------------------------------------
run run /dev/zero "${targs[@]}"
expect "run /dev/zero" 2 "$(too_large /dev/zero 268435456)"
"$cli" run - "${targs[@]}" </dev/zero >"$work/out" 2>"$work/err"
got=$?
expect "run - < /dev/zero" 2 "$(too_large '<stdin>' 268435456)"
run run "$calc" --max-input-bytes 100 "${targs[@]}"
expect "--max-input-bytes 100" 2 "$(too_large "$calc" 100)"
mkdir "$work/adir"
run run "$work/adir" "${targs[@]}"
expect "a directory as input" 2 "{\"status\": \"error\", \"error\": {\"code\": \"io_error\", \"message\": \"'$work/adir' is a directory\"}}"
run validate "$calc" "${targs[@]}"
expect "validate" 0 '{"status": "valid", "graph_info": {"node_count": 2, "source_count": 1, "sink_count": 1, "execution_order": ["multiply", "add"]}}'

# --- failed writes (item 10) ---------------------------------------------------------------------
"$cli" run "$calc" "${targs[@]}" >/dev/full 2>"$work/err"
check "stdout /dev/full exits 1" test $? = 1
check "stdout /dev/full is reported" grep -q 'cannot write the result document: No space left on device' "$work/err"
"$cli" run "$calc" "${targs[@]}" >&- 2>"$work/err"
check "closed stdout exits 1" test $? = 1
check "closed stdout is reported" grep -q 'cannot write the result document: Bad file descriptor' "$work/err"
/usr/bin/python3 - "$cli" "$calc" "${targs[@]}" >"$work/pipe" <<'PY'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)  # a reader that is already gone: every write is EPIPE, deterministically
p = subprocess.run(sys.argv[1:2] + ["run"] + sys.argv[2:], stdout=w, stderr=subprocess.PIPE)
print(p.returncode)
print(p.stderr.decode())
PY
check "closed pipe exits 1 (no SIGPIPE)" test "$(head -1 "$work/pipe")" = 1
check "closed pipe is reported" grep -q 'cannot write the result document: Broken pipe' "$work/pipe"

# --- time and interruption (items 8, 14) ---------------------------------------------------------
python_manifest "$work/loop.json" "while True: pass"
start=$(date +%s)
run run "$work/loop.json" --timeout 1 "${targs[@]}"
expect "--timeout 1" 1 '{"status": "error", "error": {"code": "timeout", "message": "the run did not finish within 1 s (--timeout)"}}'
check "--timeout 1 ends within 10 s" test $(($(date +%s) - start)) -lt 10
check "--timeout leaves no process" test -z "$(pgrep -f "$work/loop.json")"
check "--timeout leaves no node host" test -z "$(pgrep -f -- "--pipeline-dir $work")"
for sig in TERM INT HUP; do
  "$cli" run "$work/loop.json" "${targs[@]}" >"$work/out" 2>"$work/err" </dev/null &
  pid=$!
  sleep 1  # past reading the input: the handlers are installed by then
  kill -"$sig" "$pid"
  wait "$pid"
  got=$?
  expect "SIG$sig" 1 "{\"status\": \"error\", \"error\": {\"code\": \"interrupted\", \"message\": \"the run was interrupted by SIG$sig\"}}"
  sleep 0.1
  check "SIG$sig leaves no process" test -z "$(pgrep -f -- "$work")"
done

# --- a node cannot end the process (item 9); the backstop names what happened --------------------
python_manifest "$work/kill.json" "os.kill(os.getpid(), 9)"
run run "$work/kill.json" "${targs[@]}"
if [ "$target" = native ]; then
  check "os.kill(own pid) is refused" grep -q '"message": "PermissionError: os.kill() is refused' "$work/out"
  if [ -z "$sanitized" ]; then
    python_manifest "$work/segv.json" "import ctypes;;return ctypes.string_at(0)"
    run run "$work/segv.json"
    expect "a segfault in a node" 1 '{"status": "error", "error": {"code": "run_crashed", "message": "the run was ended by SIGSEGV without writing a result document"}}'
  fi
else
  check "os.kill does not exist in wasm" grep -q '"exception_type": "AttributeError"' "$work/out"
fi
# The result descriptor natively (not a sandbox, docs/cli.md): a node that finds the private pipe
# can write to it, but the parent takes only one whole JSON document - a forged prefix before the
# real one is refused - and holds at most 2 x --max-output-bytes + 64 MiB of it.
if [ "$target" = native ]; then
  find_pipe="import stat;;pipes = [fd for fd in range(3, 256) if os.path.exists(f'/proc/self/fd/{fd}') and stat.S_ISFIFO(os.fstat(fd).st_mode) and os.get_blocking(fd) is not None]"
  python_manifest "$work/forge.json" "$find_pipe;;[os.write(fd, b'{\"status\": \"success\", \"outputs\": {\"forged\": [1]}}') for fd in pipes if fd != 0];;return item"
  run run "$work/forge.json"
  check "a forged prefix on the result pipe: not accepted as a result" test "$got" = 1
  check "... reported as run_crashed" grep -q '"code": "run_crashed"' "$work/out"
  check "... the forged outputs never printed" test -z "$(grep forged "$work/out")"
  flood="$find_pipe;;chunk = b'x' * (1 << 20);;for fd in pipes:;;    try:;;        for _ in range(200):;;            os.write(fd, chunk)"
  flood+=";;    except OSError:;;        pass;;return item"
  python_manifest "$work/flood.json" "$flood"
  rss=$(OUT="$work/flood.out" /usr/bin/python3 -c 'import os, resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=open(os.environ["OUT"], "w"), stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$cli" run "$work/flood.json" --max-output-bytes 1000)
  check "200 MB on the result pipe: output_limit" grep -q '"code": "output_limit"' "$work/flood.out"
  check "... within bounded memory (peak ${rss} KiB <= 256 MiB; 1.5 GiB reached 2 GiB before)" test "$rss" -le 262144
fi
# A timer whose signal would end the process is refused (it used to end the native run as
# run_crashed), and a node cannot install a handler of its own: signal.signal works only in the
# main interpreter, and every pipeline runs in a sub-interpreter (docs/python-nodes.md#isolation).
if [ "$target" = native ]; then
  timers="import signal;;out = []"
  timers+=";;for arm in (lambda: signal.alarm(1), lambda: signal.setitimer(signal.ITIMER_REAL, 0.01), lambda: signal.setitimer(signal.ITIMER_PROF, 0.01), lambda: signal.signal(signal.SIGALRM, print)):"
  timers+=";;    try:;;        arm();;        out.append('armed');;    except (PermissionError, ValueError) as error:;;        out.append(type(error).__name__)"
  timers+=";;return out + [signal.alarm(0), signal.setitimer(signal.ITIMER_REAL, 0)]"
  python_manifest "$work/timers.json" "$timers"
  run run "$work/timers.json"
  check "alarm/setitimer are refused, signal.signal too; disarming is allowed" \
    grep -q '"outputs": {"p": \[\["PermissionError", "PermissionError", "PermissionError", "ValueError", 0, \[0.0, 0.0\]\]\]}' "$work/out"
fi

# --- nothing the run starts outlives it (issue 21, item 4) -----------------------------------------
# Processes in a session of their own (subprocess's start_new_session), a double-forked daemon
# (setsid + &, via the shell) and one in a new process group: the parent is their subreaper and
# kills them when the run ends, normally or by --timeout. Their pids are written to a file; the
# run's stderr pipe must reach EOF (a survivor would hold it open).
if [ "$target" = native ]; then
  spawn="import subprocess"
  spawn+=";;a = subprocess.Popen(['sleep', '300'], start_new_session=True)"
  spawn+=";;b = subprocess.Popen(['sleep', '300'], process_group=0)"
  spawn+=";;pids = open('$work/pids', 'a');;pids.write('%d\\n%d\\n' % (a.pid, b.pid));;pids.close()"
  spawn+=";;subprocess.run(['sh', '-c', 'setsid sleep 300 & echo \$! >> $work/pids'])"
  for mode in end timeout; do
    : >"$work/pids"
    if [ $mode = end ]; then
      python_manifest "$work/spawn.json" "$spawn;;return 'spawned'"
      args=()
    else
      python_manifest "$work/spawn.json" "$spawn;;import time;;time.sleep(300)"
      args=(--timeout 2)
    fi
    started=$SECONDS
    timeout 60 "$cli" run "$work/spawn.json" "${args[@]}" </dev/null 2>&1 | cat >"$work/out"
    check "$mode: the run's output pipe closed when the run ended (no survivor holds it)" \
      test $((SECONDS - started)) -lt 30
    check "$mode: three processes were started" test "$(wc -l <"$work/pids")" = 3
    alive=0
    for pid in $(cat "$work/pids"); do kill -0 "$pid" 2>/dev/null && alive=$((alive + 1)); done
    check "$mode: none of them outlived the run" test "$alive" = 0
    for pid in $(cat "$work/pids"); do kill -9 "$pid" 2>/dev/null; done
  done
fi

# --- memory (item 6; issue 21, item 11) -----------------------------------------------------------
# Below the floor the runtime cannot be relied on to start: a usage error, on both targets.
run run "$calc" --max-memory-bytes 20000000 "${targs[@]}"
expect "--max-memory-bytes below 64 MiB" 2 '{"status": "error", "error": {"code": "usage_error", "message": "--max-memory-bytes must be 0 (no limit) or at least 67108864 (64 MiB): the runtime and its Python need that much to start"}}'
# Natively the child's address space, in wasm the instance's linear memory: a Python allocation
# past it is a MemoryError, a C++ one the runtime's out_of_memory document.
if [ -z "$sanitized" ]; then
  python_manifest "$work/grow.json" "self.keep = [];;while True: self.keep.append(' ' * 100000)"
  run run "$work/grow.json" --max-memory-bytes 150000000 "${targs[@]}"
  check "MemoryError under --max-memory-bytes exits 1" test "$got" = 1
  check "MemoryError is out_of_memory" grep -q '^{"status": "error", "error": {"code": "out_of_memory", "message": "MemoryError", "node_id": "p", "exception_type": "MemoryError", "traceback": "Traceback (most recent call last):\\n  File \\"<node:p>\\", line 5, in process' "$work/out"
  /usr/bin/python3 -c "
import json; json.dump({'manifest': {'version': 'v1', 'metadata': {'name': 'big'}, 'nodes': [{'id': 'p', 'node_type': 'PassThroughNode'}]}, 'input_data': ['x' * 50000000]}, open('$work/big.json', 'w'))"
  run run "$work/big.json" --max-memory-bytes 67108864 "${targs[@]}"
  expect "a C++ allocation failure" 1 '{"status": "error", "error": {"code": "out_of_memory", "message": "the run ran out of memory"}}'
fi

# --- keys are capped too (item 4) ------------------------------------------------------------------
if [ "$target" = native ]; then
  "$cli" pack "$calc" -o "$work/calc.rmpkg" >/dev/null 2>&1 || "$cli" pack "$here/examples/calculator.json" -o "$work/calc.rmpkg" >/dev/null
  run verify "$work/calc.rmpkg" --pubkey /dev/zero
  expect "verify --pubkey /dev/zero" 2 "{\"status\": \"error\", \"error\": {\"code\": \"input_too_large\", \"message\": \"'/dev/zero' is larger than 65536 bytes\"}}"
fi

# --- the wasm launcher does not trust its host (item 11) ------------------------------------------
if [ "$target" = wasm ]; then
  REMOTEMEDIA_NODE=/bin/true "$cli" run "$calc" --target wasm >"$work/out" 2>"$work/err"
  got=$?
  expect "REMOTEMEDIA_NODE=/bin/true" 1 '{"status": "error", "error": {"code": "wasm_host_failed", "message": "the wasm host ended with exit code 0 without writing a result document"}}'
  REMOTEMEDIA_WASM_MODULE=/dev/null "$cli" run "$calc" --target wasm >"$work/out" 2>"$work/err"
  got=$?
  expect "REMOTEMEDIA_WASM_MODULE=/dev/null" 2 "{\"status\": \"error\", \"error\": {\"code\": \"invalid_runtime_module\", \"message\": \"the runtime module '/dev/null' is not a WebAssembly module (version 1)\"}}"
fi

# Reading the input is under --timeout and the signal handlers: a FIFO nobody writes to ends with
# the timeout document (it used to block forever), and SIGTERM while waiting with interrupted.
mkfifo "$work/never.fifo"
run run "$work/never.fifo" --timeout 1 "${targs[@]}"
expect "a FIFO nobody writes, --timeout 1" 1 '{"status": "error", "error": {"code": "timeout", "message": "the input was not read within 1 s (--timeout)"}}'
"$cli" run "$work/never.fifo" "${targs[@]}" >"$work/out" 2>"$work/err" </dev/null &
waiting=$!
sleep 0.5
kill -TERM "$waiting"
wait "$waiting"
got=$?
expect "SIGTERM while reading a FIFO" 1 '{"status": "error", "error": {"code": "interrupted", "message": "the run was interrupted by SIGTERM"}}'
(sleep 0.5; cat "$calc" >"$work/never.fifo") &
run run "$work/never.fifo" --timeout 10 "${targs[@]}"
check "a FIFO written later is read whole: exit 0" test "$got" = 0

check "nothing left in TMPDIR" test -z "$(ls -A "$TMPDIR")"
echo "$failures failed"
[ "$failures" = 0 ]
