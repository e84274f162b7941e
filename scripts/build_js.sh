#!/usr/bin/env bash
# Builds the @remotemedia/runtime package (js/runtime) into js/runtime/dist/:
#   - compiles the TypeScript (tsc, incremental: quick when nothing changed),
#   - copies @bjorn3/browser_wasi_shim's ESM files into dist/vendor/browser_wasi_shim/ (dist/ then
#     has no bare import: no import map, workers load it),
#   - copies the reactor build/bin/remotemedia_runtime.wasm and the stdlib
#     build/wasi-deps/usr/lib/python311.zip next to dist/index.js (only when they changed),
# so that dist/ is the whole package: Node reads those files next to it, browsers fetch them
# relative to it. Needs `scripts/build.sh wasi` first (for the two files) and node_modules
# (`npm ci`, done here when package-lock.json changed).
#   scripts/build_js.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
RM_LOG_TAG=build_js
cd "$RM_ROOT"

module=build/bin/remotemedia_runtime.wasm
stdlib=build/wasi-deps/usr/lib/python311.zip
dist=js/runtime/dist

[ -f "$module" ] || rm_die "$module is missing: run scripts/build.sh wasi first"
[ -f "$stdlib" ] || rm_die "$stdlib is missing: run scripts/build.sh wasi first"

rm_npm_ci
tsc=node_modules/.bin/tsc
[ -x "$tsc" ] || rm_die "$tsc is missing: run scripts/setup.sh (npm ci) first"

# The tables shared with the C++ runtime (error codes, dtypes), generated from their headers.
python3 scripts/lib/gen_js_tables.py "$RM_ROOT" || rm_die "generating js/runtime/src/generated.ts failed"

# tsc runs when a source, the tsconfig or package.json is newer than the last build, or the set
# of sources changed (a file removed); otherwise dist/ is already what it would produce.
stamp=$dist/.build-stamp
sources=$(cd js/runtime && find src -name '*.ts' | LC_ALL=C sort)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sources" ] ||
   [ -n "$(find js/runtime/src js/runtime/tsconfig.json js/runtime/package.json -newer "$stamp" -print -quit)" ]; then
  rm_log "compiling js/runtime (tsc)"
  # tsc never deletes an output: drop those whose source is gone (a file or folder removed).
  if [ -d "$dist" ]; then
    while read -r out; do
      src=${out%.map}; src=${src%.js}; src=${src%.d.ts}
      [ -f "js/runtime/src/$src.ts" ] || [ -f "js/runtime/src/$src.d.ts" ] || rm -f "$dist/$out"
    done < <(cd "$dist" && find . -path ./vendor -prune -o -type f \( -name '*.js' -o -name '*.d.ts' -o -name '*.js.map' \) -print)
    find "$dist" -mindepth 1 -type d -empty -delete
  fi
  "$tsc" -p js/runtime || rm_die "tsc failed for js/runtime"
  printf '%s\n' "$sources" >"$stamp"
fi

copy_if_changed() {
  local from=$1 to=$2
  if ! cmp -s "$from" "$to"; then
    cp "$from" "$to.tmp" && mv "$to.tmp" "$to"
    case $to in *.wasm | *.zip) rm_log "copied $from -> $to" ;; esac
  fi
}
# The WASI shim's own ESM files (and licences), reached by a relative URL from dist/wasi/shim.js:
# a module Web Worker has no import map, so dist/worker.js cannot import it by its npm name in a
# browser without a bundler (see js/runtime/src/wasi/shim.ts).
shim=node_modules/@bjorn3/browser_wasi_shim
vendor=$dist/vendor/browser_wasi_shim
mkdir -p "$vendor"
for f in "$shim"/dist/*.js "$shim"/LICENSE*; do
  if [ -f "$f" ]; then copy_if_changed "$f" "$vendor/$(basename "$f")"; fi
done
copy_if_changed js/runtime/src/vendor/browser_wasi_shim/index.d.ts "$vendor/index.d.ts"
rm -rf "$dist/vendor/pako"   # the removed TypeScript bundle reader's inflater, in older trees

copy_if_changed "$module" "$dist/remotemedia_runtime.wasm"
copy_if_changed "$stdlib" "$dist/python311.zip"
rm_log "js/runtime/dist is up to date"
