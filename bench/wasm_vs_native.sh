#!/usr/bin/env bash
# WASM vs native, measured side by side in one run (alternating, median of $REPS), printed as a
# Markdown table and written to build/bench/wasm-vs-native.md.
#
#   bench/wasm_vs_native.sh            (after scripts/build.sh release wasi)
#
# Rows:
#   1. MultiplyNode -> AddNode over 1,000,000 numbers: whole process, and the same minus the
#      process's fixed cost (the same pipeline with one item), i.e. the work itself
#   2. a pure-Python node workload (text processing over 3,000 items): the same two rows, the
#      fixed cost being a one-item Python pipeline
#   3. cold start to first result of a one-Python-node pipeline in a fresh Node process
#   4. sizes of the module and the stdlib zip, raw and gzip
# No run uses --metrics: per-node timing costs a host call per item in wasm.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-5}
cli=build/bin/remotemedia
out=build/bench
mkdir -p "$out"
[ -x "$cli" ] && [ -f build/bin/pipeline_executor_wasm.wasm ] || {
  echo "build first: scripts/build.sh release wasi" >&2; exit 1; }

# Inputs, generated once per run (never committed).
/usr/bin/python3.11 - "$out" bench/workloads/python_text_node.py <<'PY'
import json, sys
out = sys.argv[1]
calc = {"version": "v1", "metadata": {"name": "calculator"},
        "nodes": [{"id": "multiply", "node_type": "MultiplyNode", "params": {"factor": 2}},
                  {"id": "add", "node_type": "AddNode", "params": {"addend": 10}}],
        "connections": [{"from": "multiply", "to": "add"}]}
with open(f"{out}/calc-1m.json", "w") as f:
    json.dump({"manifest": calc, "input_data": list(range(1_000_000))}, f)
with open(f"{out}/calc-1.json", "w") as f:
    json.dump({"manifest": calc, "input_data": [1]}, f)
with open(sys.argv[2]) as f:
    source = f.read()
words = ["The quick brown fox jumps over the lazy dog number %d" % i for i in range(3000)]
py = {"version": "v1", "metadata": {"name": "python-text"},
      "nodes": [{"id": "words", "node_type": "PythonNode", "params": {"source": source, "class": "Words"}}]}
with open(f"{out}/python-text.json", "w") as f:
    json.dump({"manifest": py, "input_data": words}, f)
with open(f"{out}/python-text-1.json", "w") as f:
    json.dump({"manifest": py, "input_data": words[:1]}, f)
hello = {"version": "v1", "metadata": {"name": "hello"},
         "nodes": [{"id": "hello", "node_type": "PythonNode",
                    "params": {"source": "class Hello:\n    def process(self, item):\n        return item + 1\n", "class": "Hello"}}]}
with open(f"{out}/python-hello.json", "w") as f:
    json.dump({"manifest": hello, "input_data": [41]}, f)
PY

now_ms() { date +%s%N | awk '{printf "%.1f", $1 / 1e6}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# measure TARGET FILE: prints the wall time of one run in ms.
measure() {
  local target=$1 file=$2 t0 t1
  t0=$(now_ms)
  "$cli" run "$file" --target "$target" >"$out/stdout.$target" 2>"$out/stderr.$target"
  t1=$(now_ms)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f\n", b - a}'
}

# medians NAME FILE: alternates native and wasm runs of FILE, checks identical stdout, and sets
# NATIVE_MS and WASM_MS to the medians.
medians() {
  local file=$1 i
  : >"$out/native.times"; : >"$out/wasm.times"
  for i in $(seq "$REPS"); do
    measure native "$file" >>"$out/native.times"
    measure wasm "$file" >>"$out/wasm.times"
    cmp -s "$out/stdout.native" "$out/stdout.wasm" || { echo "outputs differ for $file" >&2; exit 1; }
  done
  NATIVE_MS=$(median <"$out/native.times"); WASM_MS=$(median <"$out/wasm.times")
}

# compare NAME FILE BASELINE_FILE: whole-process row, then the row without the fixed cost.
compare() {
  local name=$1 nw ww nb wb
  medians "$2"; nw=$NATIVE_MS; ww=$WASM_MS
  medians "$3"; nb=$NATIVE_MS; wb=$WASM_MS
  awk -v n="$name" -v nw="$nw" -v ww="$ww" -v nb="$nb" -v wb="$wb" 'BEGIN {
    printf "| %s, whole process | %.1f | %.1f | %.2f |\n", n, nw, ww, ww / nw
    printf "| %s, minus fixed cost (%.0f / %.0f ms) | %.1f | %.1f | %.2f |\n", n, nb, wb, nw - nb, ww - wb, (ww - wb) / (nw - nb) }'
}

cold_start() {
  medians "$out/python-hello.json"
  awk -v n="$NATIVE_MS" -v w="$WASM_MS" \
    'BEGIN {printf "| cold start to first result, one Python node, fresh process | %.1f | %.1f | %.2f |\n", n, w, w / n}'
}

size_row() {
  local name=$1 file=$2 raw gz
  raw=$(stat -c %s "$file"); gz=$(gzip -9 -c "$file" | wc -c)
  awk -v n="$name" -v r="$raw" -v g="$gz" 'BEGIN {printf "| %s | %.2f MB | %.2f MB |\n", n, r / 1e6, g / 1e6}'
}

{
  echo "# WASM vs native ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), node $(node --version))"
  echo
  echo "Median of $REPS alternating runs; wasm runs under Node (the repository's @bjorn3/browser_wasi_shim host) via \`remotemedia run --target wasm\`."
  echo
  echo "| workload | native (ms) | wasm (ms) | wasm / native |"
  echo "|---|---:|---:|---:|"
  compare "MultiplyNode -> AddNode, 1,000,000 numbers" "$out/calc-1m.json" "$out/calc-1.json"
  compare "pure-Python text node, 3,000 items" "$out/python-text.json" "$out/python-text-1.json"
  cold_start
  echo
  echo "| artefact | raw | gzip -9 |"
  echo "|---|---:|---:|"
  size_row "pipeline_executor_wasm.wasm" build/bin/pipeline_executor_wasm.wasm
  size_row "python311.zip (stdlib .pyc)" build/wasi-deps/usr/lib/python311.zip
} | tee "$out/wasm-vs-native.md"
