#!/usr/bin/env bash
# How building a pipeline scales with its size: `remotemedia validate` (parse, check, build every
# node, run none) on generated manifests - chains of PassThroughNode of 1k, 10k and 100k nodes,
# and 1,000,000 connections between 2,000 nodes (1,000 x 1,000) - natively, median of REPS runs
# each, with the time per node or connection side by side. The last lines show the limits
# (docs/manifest.md#limits): one node or connection more is refused before anything is built.
# Not a test.
#   bench/pipeline_size.sh [REPS=3]   (needs build/bin/remotemedia: scripts/build.sh release)
set -euo pipefail
reps=${1:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
cli=$here/build/bin/remotemedia
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_manifest() {  # make_manifest FILE NODES CONNECTIONS_KIND
  python3 - "$@" <<'PY'
import json, sys
path, n, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
nodes = [{"id": f"n{i}", "node_type": "PassThroughNode"} for i in range(n)]
if kind == "chain":
    conns = [{"from": f"n{i}", "to": f"n{i + 1}"} for i in range(n - 1)]
else:  # every node of the first half to every node of the second
    half = n // 2
    conns = [{"from": f"n{a}", "to": f"n{half + b}"} for a in range(half) for b in range(half)]
json.dump({"version": "v1", "metadata": {"name": "size"}, "nodes": nodes, "connections": conns},
          open(path, "w"))
PY
}

median_ms() {  # median_ms FILE: the median wall time of `validate FILE`, in ms
  local times=() s
  for _ in $(seq "$reps"); do
    s=$(date +%s%N)
    "$cli" validate "$1" >/dev/null
    times+=($(( ($(date +%s%N) - s) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (reps + 1) / 2 ))p"
}

echo "| manifest | nodes | connections | validate (ms) | us per node + connection |"
echo "|---|---:|---:|---:|---:|"
for spec in "chain 1000" "chain 10000" "chain 100000" "dense 2000"; do
  set -- $spec
  make_manifest "$work/m.json" "$2" "$1"
  [ "$1" = chain ] && conns=$(( $2 - 1 )) || conns=$(( ($2 / 2) * ($2 / 2) ))
  ms=$(median_ms "$work/m.json")
  echo "| $1 | $2 | $conns | $ms | $(python3 -c "print(f'{$ms * 1000 / ($2 + $conns):.1f}')") |"
done
make_manifest "$work/m.json" 100001 chain
s=$(date +%s%N)
"$cli" validate "$work/m.json" 2>/dev/null | head -c 150
echo " ($(( ($(date +%s%N) - s) / 1000000 )) ms)"
