#!/usr/bin/env bash
# Issue 8, items 4 and 20 (wasm host side): the host reads the input itself, never more than
# --max-input-bytes + 1 bytes (input_too_large, exit 2), and a directory as input is the same
# io_error the native CLI prints (src/entry/read_input.cpp's messages, byte for byte).
#   input_limits_test.sh PATH_TO_REMOTEMEDIA
source "$(dirname "$0")/lib.sh"

host() {
  node --no-warnings --no-turbo-fast-api-calls "$bin_dir/remotemedia-wasi-host.mjs" \
    --module "$bin_dir/pipeline_executor_wasm.wasm" --usr "$bin_dir/../wasi-deps/usr" "$@" \
    >"$work/out" 2>"$work/err"
  out_code=$?
}
calc="$repo/tests/golden/calculator"

host --max-input-bytes 10 --input "$calc/input.json"
printf '%s\n' "{\"status\": \"error\", \"error\": {\"code\": \"input_too_large\", \"message\": \"'$calc/input.json' is larger than 10 bytes (raise the limit with --max-input-bytes)\"}}" >"$work/expected"
check "a file over --max-input-bytes: input_too_large" same_file "$work/expected" "$work/out"
check "a file over --max-input-bytes: exit 2" test "$out_code" = 2
check "a file over --max-input-bytes: the error line" grep -q '^remotemedia: error \[input_too_large\]: ' "$work/err"

size=$(stat -c %s "$calc/input.json")
host --max-input-bytes "$size" --input "$calc/input.json"
check "a file of exactly --max-input-bytes runs" same_file "$calc/expected.json" "$work/out"

host --max-input-bytes 10 --input - <"$calc/input.json"
printf '%s\n' '{"status": "error", "error": {"code": "input_too_large", "message": "'"'"'<stdin>'"'"' is larger than 10 bytes (raise the limit with --max-input-bytes)"}}' >"$work/expected"
check "stdin over --max-input-bytes: input_too_large" same_file "$work/expected" "$work/out"

# An endless input: refused after the cap instead of growing until memory runs out.
host --max-input-bytes 1000000 --input /dev/zero
printf '%s\n' '{"status": "error", "error": {"code": "input_too_large", "message": "'"'"'/dev/zero'"'"' is larger than 1000000 bytes (raise the limit with --max-input-bytes)"}}' >"$work/expected"
check "/dev/zero: input_too_large" same_file "$work/expected" "$work/out"
# Through the CLI, with the default of 256 MiB.
run_wasm /dev/zero
printf '%s\n' '{"status": "error", "error": {"code": "input_too_large", "message": "'"'"'/dev/zero'"'"' is larger than 268435456 bytes (raise the limit with --max-input-bytes)"}}' >"$work/expected"
check "/dev/zero through the CLI: input_too_large at the default" same_file "$work/expected" "$work/out"
check "/dev/zero through the CLI: exit 2" test "$out_code" = 2

mkdir "$work/dir.json"
run_wasm "$work/dir.json"
printf '%s\n' "{\"status\": \"error\", \"error\": {\"code\": \"io_error\", \"message\": \"'$work/dir.json' is a directory\"}}" >"$work/expected"
check "a directory as input: io_error" same_file "$work/expected" "$work/out"
check "a directory as input: exit 2" test "$out_code" = 2

finish
