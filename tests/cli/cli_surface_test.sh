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

# Help for every command, from `help CMD` and `CMD --help`, on stdout with exit 0.
for command in run validate pack inspect verify keygen encode nodes help; do
  "$cli" help "$command" >"$work/out" 2>"$work/err"
  check "help $command exits 0 with its usage" grep -q "^usage: remotemedia $command" "$work/out"
done
"$cli" run --help >"$work/out" 2>"$work/err"
check "run --help exits 0 and lists the run flags" grep -q -- "--pretty" "$work/out"
"$cli" pack -h >"$work/out" 2>"$work/err"
check "pack -h shows pack's usage" grep -q "^usage: remotemedia pack" "$work/out"
"$cli" help frobnicate >"$work/out" 2>"$work/err"
check "help of an unknown command exits 2" test $? = 2

# --pretty: the same document, indented.
"$cli" run "$calc" --pretty >"$work/out"
check "--pretty spreads the document over lines" test "$(wc -l <"$work/out")" -gt 5
check "--pretty keeps the content" python3 -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a!=b)" "$work/out" "$here/tests/golden/calculator/expected.json"

# --input: the items from a file, a JSON array or JSON lines; a bad line is named.
echo '[1, 2]' >"$work/items.json"
"$cli" run "$calc" --input "$work/items.json" >"$work/out"
check "--input takes a JSON array" grep -q '"outputs": {"add": \[12, 14\]}' "$work/out"
printf '1\n\n{"__float__": "inf"}\n2\n' >"$work/items.jsonl"
"$cli" run "$calc" --input "$work/items.jsonl" >"$work/out"
check "--input takes JSON lines (wire forms included)" grep -q '"add": \[12, {"__float__": "inf"}, 14\]' "$work/out"
printf '1\n{bad\n' >"$work/bad.jsonl"
"$cli" run "$calc" --input "$work/bad.jsonl" >"$work/out" 2>"$work/err"
check "a bad --input line exits 2" test $? = 2
check "a bad --input line is invalid_json naming the line" grep -q "invalid_json.*line 2" "$work/out"

# --base-dir: relative paths resolve there, not in the manifest's directory.
mkdir -p "$work/base/nodes"
printf 'class Echo:\n    def process(self, item):\n        return item\n' >"$work/base/nodes/echo.py"
printf '{"version": "v1", "metadata": {"name": "b"}, "nodes": [{"id": "e", "node_type": "PythonNode", "params": {"module": "nodes/echo.py", "class": "Echo"}}], "connections": []}' >"$work/echo.json"
"$cli" run "$work/echo.json" --input "$work/items.json" --base-dir "$work/base" >"$work/out"
check "--base-dir resolves the module there" grep -q '"outputs": {"e": \[1, 2\]}' "$work/out"
"$cli" run "$work/echo.json" --base-dir "$work/none" >"$work/out" 2>"$work/err"
check "--base-dir that is not a directory exits 2" test $? = 2

# --tap: an inner node's output in the result; --verbose: what runs on stderr.
"$cli" run "$calc" --tap multiply --verbose >"$work/out" 2>"$work/err"
check "--tap adds the node's output as tap:NODE" grep -q '"tap:multiply": \[10, 14, 6\]' "$work/out"
check "--tap leaves the other outputs" grep -q '"add": \[20, 24, 16\]' "$work/out"
check "--verbose says what runs" grep -q "^remotemedia: running .* natively" "$work/err"
check "--verbose says how it ended" grep -q "^remotemedia: done after .* (exit 0)" "$work/err"
"$cli" run "$calc" --tap nothing >"$work/out" 2>"$work/err"
check "--tap of no node exits 2" test $? = 2

# One spelling of targets: pack takes --target wasm as run does (and wasm32-wasi, the bundle's).
"$cli" pack "$calc" --target wasm -o "$work/t.rmpkg" >"$work/out"
check "pack --target wasm makes a wasm32-wasi bundle" grep -q '"runtime_target": "wasm32-wasi"' "$work/out"
"$cli" validate "$work/t.rmpkg" --target native >"$work/out"
check "validate takes a bundle" grep -q '"status": "valid"' "$work/out"
cp "$work/t.rmpkg" "$work/t.zip"
"$cli" validate "$work/t.zip" >"$work/out" 2>"$work/err"
check "a bundle under another name is said to be one" grep -q "is a ZIP archive.*rmpkg" "$work/out"

# encode: media files as input items.
python3 - "$work" <<'PY'
import math, struct, sys, wave
work = sys.argv[1]
with wave.open(work + "/tone.wav", "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
    w.writeframes(b"".join(struct.pack("<h", int(1000 * math.sin(i / 10))) for i in range(800)))
header = "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 2), }"
header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
prefix = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode()
open(work + "/m.npy", "wb").write(prefix + struct.pack("<4h", 1, 2, 3, 4))
open(work + "/short.npy", "wb").write(prefix + b"\x01")
PY
"$cli" encode "$work/tone.wav" "$work/m.npy" >"$work/items-media.json"
check "encode makes audio of a WAV file" grep -q '^\[{"__audio__": true, "sample_rate": 8000, "channels": 1' "$work/items-media.json"
check "encode makes a tensor of a .npy file" grep -q '{"__numpy__": true, "array": {"meta": {"dtype": "int16", "shape": \[2, 2\]}' "$work/items-media.json"
printf '{"version": "v1", "metadata": {"name": "g"}, "nodes": [{"id": "g", "node_type": "GainNode", "params": {"gain_db": 0}}], "connections": []}' >"$work/gain.json"
"$cli" encode "$work/tone.wav" >"$work/tone.json"
"$cli" run "$work/gain.json" --input "$work/tone.json" >"$work/out"
check "encoded audio is run --input" grep -q '"outputs": {"g": \[{"__audio__": true, "sample_rate": 8000' "$work/out"
"$cli" encode "$work/short.npy" >"$work/out" 2>"$work/err"
check "a .npy shorter than its shape exits 2" test $? = 2
"$cli" encode "$calc" >"$work/out" 2>"$work/err"
check "a file that is no media exits 2 with invalid_audio" grep -q '"code": "invalid_audio"' "$work/out"

# nodes: JSON for programs, a table for people.
"$cli" nodes --table >"$work/out"
check "nodes --table shows each node with an example" grep -q '"node_type": "PocketSphinxNode", "params": {}' "$work/out"
check "nodes --table shows params with their defaults" grep -q "factor  number, default 2" "$work/out"
"$cli" nodes --json >"$work/out"
check "nodes --json is the catalog" grep -q '^{"node_types": \[' "$work/out"
"$cli" nodes --bogus >"$work/out" 2>"$work/err"
check "nodes refuses other arguments" test $? = 2

echo "$failures failed"
[ "$failures" = 0 ]
