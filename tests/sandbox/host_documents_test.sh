#!/usr/bin/env bash
# However the wasm run ends, one document comes out (run --target wasm, through the reactor and
# @remotemedia/runtime):
# - a module that is not WebAssembly (/dev/null, endless /dev/zero, text) or not the runtime
#   library: invalid_runtime_module, exit 2;
# - a trap in rm_run: wasm_trap, exit 1; an engine stack overflow: stack_overflow, exit 1, with the
#   same fixed bytes the native side prints; an exit from inside the module, or a valid module
#   the host cannot give its memory (ulimit -v): wasm_host_failed;
# - each with one `remotemedia: error [code]: ` line on stderr.
# The modules other than the runtime's are assembled at test time (make_modules.mjs).
#   host_documents_test.sh PATH_TO_REMOTEMEDIA
source "$(dirname "$0")/lib.sh"

abi=$(sed -n 's/^#define RM_ABI_VERSION \([0-9]*\)$/\1/p' "$repo/include/remotemedia/c_api.h")
node "$repo/tests/sandbox/make_modules.mjs" "$work" "$abi" || exit 1
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
  check "$name: one error line on stderr" test "$(grep -c "^remotemedia: error \[$code\]: " "$work/err")" = 1
}

# Not WebAssembly at all: the CLI refuses it before starting Node.
for module in /dev/null /dev/zero "$work/garbage.wasm"; do
  REMOTEMEDIA_WASM_MODULE=$module run_wasm "$work/input.json"
  check "$module as the module: invalid_runtime_module" \
    grep -q '^{"status": "error", "error": {"code": "invalid_runtime_module", "message": "[^"]*'"$module" "$work/out"
  check "$module as the module: one line" test "$(wc -l <"$work/out")" = 1
  check "$module as the module: exit 2" test "$out_code" = 2
  check "$module as the module: an error line" grep -q '^remotemedia: error \[invalid_runtime_module\]: ' "$work/err"
done
expect "WebAssembly that is not the runtime library" "$work/no_abi.wasm" 2 \
  '{"status": "error", "error": {"code": "invalid_runtime_module", "message": "the module is not the RemoteMedia runtime library (a WASI reactor with the C ABI of c_api.h): it exports no _initialize, rm_abi_version, rm_alloc, rm_free, rm_last_error, rm_last_error_len, rm_runtime_create, rm_runtime_free, rm_run, rm_pipeline_create, rm_pipeline_push, rm_pipeline_push_to, rm_pipeline_push_tensor, rm_pipeline_push_audio, rm_pipeline_flush, rm_pipeline_drain, rm_pipeline_state, rm_pipeline_free, rm_result_data, rm_result_len, rm_result_exit_code, rm_result_binary_count, rm_result_binary_data, rm_result_binary_len, rm_result_free, rm_bundle_open, rm_bundle_info, rm_bundle_info_len, rm_bundle_file_data, rm_bundle_file_len, rm_bundle_free, rm_runtime_set_progress_callback, rm_host_progress_callback"}}'
expect "a trap" "$work/trap.wasm" 1 \
  '{"status": "error", "error": {"code": "wasm_trap", "message": "the wasm module trapped: unreachable"}}'
expect "an engine stack overflow" "$work/recurse.wasm" 1 \
  '{"status": "error", "error": {"code": "stack_overflow", "message": "the run exhausted its stack (recursion too deep)"}}'
check "an engine stack overflow: the fixed stderr line" grep -qx \
  'remotemedia: error \[stack_overflow\]: the run exhausted its stack (recursion too deep)' "$work/err"
expect "an exit from inside the module" "$work/exit.wasm" 1 \
  '{"status": "error", "error": {"code": "wasm_host_failed", "message": "the wasm module exited with code 0 during rm_run"}}'

# A valid module under an address-space limit (V8 reserves several GiB for wasm memory): the host
# failed, not the module (wasm_host_failed, exit 1; it used to say invalid_runtime_module, exit 2).
(ulimit -v 4000000 && run_wasm "$work/input.json" && echo "$out_code" >"$work/limited.code")
check "under ulimit -v: wasm_host_failed" grep -q '^{"status": "error", "error": {"code": "wasm_host_failed", "message": "the host cannot allocate the module.s memory' "$work/out"
check "under ulimit -v: exit 1" test "$(cat "$work/limited.code")" = 1

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
