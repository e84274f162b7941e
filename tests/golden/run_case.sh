#!/usr/bin/env bash
# Runs one golden case against one target and compares the result byte for byte.
#
#   run_case.sh CASE_DIR COMMAND [ARGS...]
#
# Runs `COMMAND ARGS... [CASE_ARGS...] CASE_DIR/input.json`, where CASE_ARGS are the words of
# CASE_DIR/args when it exists (e.g. a limit flag), and checks that
#   - stdout equals CASE_DIR/expected.json exactly (a mismatch prints a unified diff),
#   - the exit code equals CASE_DIR/expected_exit (0 when the file is absent),
#   - a failure also wrote one human line to stderr, and no run ended by a signal.
set -u
case_dir=$1
shift
name=$(basename "$case_dir")
want_exit=0
[ -f "$case_dir/expected_exit" ] && want_exit=$(tr -d '[:space:]' <"$case_dir/expected_exit")

case_args=()
[ -f "$case_dir/args" ] && read -r -a case_args <"$case_dir/args"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$@" "${case_args[@]}" "$case_dir/input.json" >"$work/stdout" 2>"$work/stderr" </dev/null
got_exit=$?

failed=0
if [ "$got_exit" -ge 128 ]; then
  echo "FAIL $name: killed by signal $((got_exit - 128))"
  failed=1
elif [ "$got_exit" != "$want_exit" ]; then
  echo "FAIL $name: exit code $got_exit, expected $want_exit"
  failed=1
fi
if ! cmp -s "$case_dir/expected.json" "$work/stdout"; then
  echo "FAIL $name: stdout differs from expected.json"
  diff -u "$case_dir/expected.json" "$work/stdout" | head -40
  failed=1
fi
if [ "$want_exit" != 0 ] && ! grep -q '^remotemedia: error \[' "$work/stderr"; then
  echo "FAIL $name: no error line on stderr"
  failed=1
fi
if [ "$failed" != 0 ]; then
  echo "--- stderr ---"
  head -20 "$work/stderr"
  exit 1
fi
echo "ok $name"
