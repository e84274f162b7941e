#!/usr/bin/env bash
# The wasm target reads its input through the CLI's capped reader (src/entry/read_input.cpp) before
# Node starts: never more than --max-input-bytes + 1 bytes (input_too_large, exit 2), and a
# directory as input is the native CLI's io_error, byte for byte. The child (the JS package) then
# refuses a document over the same limit again (rm_run's max_input_bytes).
#   input_limits_test.sh PATH_TO_REMOTEMEDIA
source "$(dirname "$0")/lib.sh"

calc="$repo/tests/golden/calculator"

run_wasm "$calc/input.json" --max-input-bytes 10
printf '%s\n' "{\"status\": \"error\", \"error\": {\"code\": \"input_too_large\", \"message\": \"'$calc/input.json' is larger than 10 bytes (raise the limit with --max-input-bytes)\"}}" >"$work/expected"
check "a file over --max-input-bytes: input_too_large" same_file "$work/expected" "$work/out"
check "a file over --max-input-bytes: exit 2" test "$out_code" = 2
check "a file over --max-input-bytes: the error line" grep -q '^remotemedia: error \[input_too_large\]: ' "$work/err"

size=$(stat -c %s "$calc/input.json")
run_wasm "$calc/input.json" --max-input-bytes "$size"
check "a file of exactly --max-input-bytes runs" same_file "$calc/expected.json" "$work/out"

"$cli" run --target wasm --max-input-bytes 10 - <"$calc/input.json" >"$work/out" 2>"$work/err"
printf '%s\n' '{"status": "error", "error": {"code": "input_too_large", "message": "'"'"'<stdin>'"'"' is larger than 10 bytes (raise the limit with --max-input-bytes)"}}' >"$work/expected"
check "stdin over --max-input-bytes: input_too_large" same_file "$work/expected" "$work/out"

# An endless input: refused after the cap instead of growing until memory runs out.
run_wasm /dev/zero --max-input-bytes 1000000
printf '%s\n' '{"status": "error", "error": {"code": "input_too_large", "message": "'"'"'/dev/zero'"'"' is larger than 1000000 bytes (raise the limit with --max-input-bytes)"}}' >"$work/expected"
check "/dev/zero: input_too_large" same_file "$work/expected" "$work/out"
run_wasm /dev/zero
printf '%s\n' '{"status": "error", "error": {"code": "input_too_large", "message": "'"'"'/dev/zero'"'"' is larger than 268435456 bytes (raise the limit with --max-input-bytes)"}}' >"$work/expected"
check "/dev/zero at the default: input_too_large" same_file "$work/expected" "$work/out"
check "/dev/zero at the default: exit 2" test "$out_code" = 2

mkdir "$work/dir.json"
run_wasm "$work/dir.json"
printf '%s\n' "{\"status\": \"error\", \"error\": {\"code\": \"io_error\", \"message\": \"'$work/dir.json' is a directory\"}}" >"$work/expected"
check "a directory as input: io_error" same_file "$work/expected" "$work/out"
check "a directory as input: exit 2" test "$out_code" = 2

finish
