#!/usr/bin/env bash
# Item 16 of issue 8: a Python module path is contained in the manifest's directory by its real
# path. A module reached through a symlinked directory or a symlinked file that leads outside is
# refused by `run` and `validate` (python_module_not_found, exit 2, its top-level code never runs)
# and by `pack` (exit 2, nothing packed); symlinks that stay inside keep working.
#   module_containment_test.sh PATH_TO_REMOTEMEDIA [native|wasm]
set -u
cli=$(realpath "$1")
target=${2:-native}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR" "$work/proj/nodes" "$work/outside"
failures=0
target_args=()
commands=(run validate)
if [ "$target" = wasm ]; then
  target_args=(--target wasm)
  # `validate --target wasm` comes with item 19; test it once the CLI has it.
  "$cli" validate --target wasm /dev/null 2>/dev/null | grep -q usage_error && commands=(run)
fi

check() {  # check NAME CONDITION...
  local name=$1
  shift
  if "$@"; then echo "ok $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}

# The outside module leaves a sentinel if its top-level code ever runs (natively it can write to
# the real path; in wasm the write may fail, but the import itself must be refused either way).
cat >"$work/outside/evil.py" <<PY
try:
    open("$work/sentinel_imported", "w").close()
except OSError:
    pass


class Evil:
    def process(self, item):
        yield "escaped"
PY
cat >"$work/proj/nodes/good.py" <<'PY'
class Good:
    def process(self, item):
        yield item + 1
PY
ln -s "$work/outside" "$work/proj/linkdir"
ln -s ../../outside/evil.py "$work/proj/nodes/evil.py"
ln -s "$work/outside/evil.py" "$work/proj/absevil.py"
ln -s nodes "$work/proj/alias"
ln -s good.py "$work/proj/nodes/same.py"

manifest() {  # manifest FILE MODULE CLASS
  cat >"$1" <<JSON
{"manifest": {"version": "v1", "metadata": {"name": "containment"}, "nodes": [
  {"id": "p", "node_type": "PythonNode", "params": {"module": "$2", "class": "$3"}}]},
 "input_data": [1]}
JSON
}

for module in linkdir/evil.py nodes/evil.py absevil.py; do
  name=${module//\//_}
  manifest "$work/proj/$name.json" "$module" Evil
  for command in "${commands[@]}"; do
    "$cli" "$command" "$work/proj/$name.json" "${target_args[@]}" >"$work/out" 2>"$work/err"
    rc=$?
    check "$module: $command exits 2" test "$rc" -eq 2
    check "$module: $command reports python_module_not_found" \
      grep -q '"code": "python_module_not_found"' "$work/out"
  done
  if [ "$target" = native ]; then
    "$cli" pack "$work/proj/$name.json" -o "$work/$name.rmpkg" >"$work/out" 2>"$work/err"
    rc=$?
    check "$module: pack exits 2" test "$rc" -eq 2
    check "$module: pack writes no bundle" test ! -e "$work/$name.rmpkg"
  fi
  check "$module: the outside module never ran" test ! -e "$work/sentinel_imported"
done

# Symlinks that stay inside the manifest's directory are fine natively; the wasm host shows the
# guest no host symlink at all (docs/wasm.md), so there the module is simply not found.
manifest "$work/proj/inside.json" alias/same.py Good
"$cli" run "$work/proj/inside.json" "${target_args[@]}" >"$work/out" 2>"$work/err"
rc=$?
if [ "$target" = native ]; then
  check "inside symlinks: run exits 0" test "$rc" -eq 0
  check "inside symlinks: run computes 2" grep -q '2' "$work/out"
else
  check "inside symlinks: wasm run exits 2" test "$rc" -eq 2
  check "inside symlinks: wasm run reports python_module_not_found" \
    grep -q '"code": "python_module_not_found"' "$work/out"
fi
if [ "$target" = native ]; then
  "$cli" pack "$work/proj/inside.json" -o "$work/inside.rmpkg" >"$work/out" 2>"$work/err"
  check "inside symlinks: pack exits 0" test $? -eq 0
  "$cli" run "$work/inside.rmpkg" >"$work/out" 2>"$work/err"
  check "inside symlinks: the packed bundle runs" test $? -eq 0
fi
check "no extraction dir left behind" test -z "$(ls -A "$TMPDIR")"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
