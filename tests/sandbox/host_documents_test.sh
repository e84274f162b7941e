#!/usr/bin/env bash
# Issue 8, items 7 and 11 (wasm host side): however the module ends, one document comes out.
# - a module that is not WebAssembly (/dev/null, endless /dev/zero, text) or not a WASI command:
#   invalid_runtime_module, exit 2;
# - a trap: wasm_trap, exit 1; an engine stack overflow: stack_overflow, exit 1, with the same
#   fixed bytes the native side prints;
# - an exit without a whole document: wasm_host_failed, exit 1;
# - a document the guest wrote to its result descriptor passes through with the guest's exit code.
# The modules other than the runtime's are assembled at test time (make_modules.mjs).
#   host_documents_test.sh PATH_TO_REMOTEMEDIA
source "$(dirname "$0")/lib.sh"

node "$repo/tests/sandbox/make_modules.mjs" "$work" || exit 1
echo '{}' >"$work/input.json"

# expect NAME MODULE EXIT DOCUMENT: runs the CLI with REMOTEMEDIA_WASM_MODULE=MODULE and checks
# stdout is exactly DOCUMENT + "\n", the exit code, and one matching error line on stderr.
expect() {
  local name=$1 module=$2 want_exit=$3 document=$4
  REMOTEMEDIA_WASM_MODULE=$module run_wasm "$work/input.json"
  printf '%s\n' "$document" >"$work/expected"
  check "$name: the document" same_file "$work/expected" "$work/out"
  check "$name: exit $want_exit" test "$out_code" = "$want_exit"
  local code
  code=$(sed -n 's/^{"status": "error", "error": {"code": "\([a-z_]*\)".*/\1/p' "$work/expected")
  if [ -n "$code" ]; then
    check "$name: an error line on stderr" grep -q "^remotemedia: error \[$code\]: " "$work/err"
  fi
}

# Not WebAssembly at all: the CLI may refuse it before starting the host, or the host does; either
# way one invalid_runtime_module document, exit 2.
for module in /dev/null /dev/zero "$work/garbage.wasm"; do
  REMOTEMEDIA_WASM_MODULE=$module run_wasm "$work/input.json"
  check "$module as the module: invalid_runtime_module" \
    grep -q '^{"status": "error", "error": {"code": "invalid_runtime_module", "message": "[^"]*'"$module" "$work/out"
  check "$module as the module: one line" test "$(wc -l <"$work/out")" = 1
  check "$module as the module: exit 2" test "$out_code" = 2
  check "$module as the module: an error line" grep -q '^remotemedia: error \[invalid_runtime_module\]: ' "$work/err"
done
# The host's own documents for them, started directly.
host_expect() {  # host_expect NAME MODULE DOCUMENT
  node --no-warnings --no-turbo-fast-api-calls "$bin_dir/remotemedia-wasi-host.mjs" --module "$2" \
    --usr "$bin_dir/../wasi-deps/usr" --input "$work/input.json" >"$work/out" 2>"$work/err"
  out_code=$?
  printf '%s\n' "$3" >"$work/expected"
  check "host, $1: the document" same_file "$work/expected" "$work/out"
  check "host, $1: exit 2" test "$out_code" = 2
}
host_expect "/dev/null" /dev/null \
  '{"status": "error", "error": {"code": "invalid_runtime_module", "message": "'"'"'/dev/null'"'"' is not a valid WebAssembly module: WebAssembly.compile(): BufferSource argument is empty"}}'
host_expect "/dev/zero" /dev/zero \
  '{"status": "error", "error": {"code": "invalid_runtime_module", "message": "'"'"'/dev/zero'"'"' is larger than 268435456 bytes"}}'
host_expect "text" "$work/garbage.wasm" \
  '{"status": "error", "error": {"code": "invalid_runtime_module", "message": "'"'$work/garbage.wasm'"' is not a valid WebAssembly module: WebAssembly.compile(): expected magic word 00 61 73 6d, found 74 68 69 73 @+0"}}'
expect "a module without _start" "$work/no_start.wasm" 2 \
  '{"status": "error", "error": {"code": "invalid_runtime_module", "message": "'"'$work/no_start.wasm'"' is not a WASI command module (it exports no _start or no memory)"}}'
expect "a trap" "$work/trap.wasm" 1 \
  '{"status": "error", "error": {"code": "wasm_trap", "message": "the wasm module trapped: unreachable"}}'
expect "an engine stack overflow" "$work/recurse.wasm" 1 \
  '{"status": "error", "error": {"code": "stack_overflow", "message": "the run exhausted its stack (recursion too deep)"}}'
check "an engine stack overflow: the fixed stderr line" grep -qx \
  'remotemedia: error \[stack_overflow\]: the run exhausted its stack (recursion too deep)' "$work/err"
expect "an exit without a document" "$work/silent.wasm" 1 \
  '{"status": "error", "error": {"code": "wasm_host_failed", "message": "the wasm module exited with code 0 without writing a whole result document"}}'
expect "a document on the result descriptor" "$work/document.wasm" 2 \
  '{"status": "success", "outputs": {"n": [1]}}'
check "a document on the result descriptor: fd 1 went to stderr" grep -q GARBAGE "$work/err"

# The issue's case through the real runtime: C-level recursion that Python's limit does not count.
mkdir -p "$work/proj"
cat >"$work/proj/deep.py" <<'PY'
class Probe:
    def process(self, item):
        it = [1.0]
        for _ in range(1000000):
            it = map(abs, it)
        return list(it)
PY
pipeline "$work/proj/deep.json" deep.py
run_wasm "$work/proj/deep.json"
printf '%s\n' '{"status": "error", "error": {"code": "stack_overflow", "message": "the run exhausted its stack (recursion too deep)"}}' >"$work/expected"
check "nested map() in Python: stack_overflow" same_file "$work/expected" "$work/out"
check "nested map() in Python: exit 1" test "$out_code" = 1

finish
