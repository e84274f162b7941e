#!/usr/bin/env bash
# Issue 8, item 2: /pipeline is a read-only view of the manifest's directory that never follows a
# host symlink. The project holds links out (hostroot -> /, a link to a directory and to a file
# outside it); a Python node tries to read through them, to write, create, delete and rename,
# and lists the directory. Reads through links fail as if the links were absent, every mutation
# fails, the node's own files read fine, and neither the project nor anything outside changed.
#   pipeline_view_test.sh PATH_TO_REMOTEMEDIA
source "$(dirname "$0")/lib.sh"

mkdir -p "$work/proj/sub" "$work/outside"
echo "secret" >"$work/outside/secret.txt"
echo "data" >"$work/proj/data.txt"
echo "nested" >"$work/proj/sub/nested.txt"
ln -s / "$work/proj/hostroot"
ln -s "$work/outside" "$work/proj/outside"
ln -s "$work/outside/secret.txt" "$work/proj/secret.txt"
ln -s ../data.txt "$work/proj/sub/inside_link.txt"
pwned="/tmp/rm-sandbox-pwned-$(basename "$work")"
{
  probe_prelude
  echo "PWNED = \"$pwned\""
  cat <<'PY'


class Probe:
    def process(self, item):
        return {
            "passwd_via_hostroot": attempt(lambda: read("/pipeline/hostroot/etc/passwd")),
            "stat_hostroot": attempt(lambda: os.stat("/pipeline/hostroot")),
            "secret_via_dir_link": attempt(lambda: read("/pipeline/outside/secret.txt")),
            "secret_via_file_link": attempt(lambda: read("/pipeline/secret.txt")),
            "link_inside_the_project": attempt(lambda: read("/pipeline/sub/inside_link.txt")),
            "dotdot": attempt(lambda: read("/pipeline/../pipeline/data.txt")),
            "escape_by_dotdot": attempt(lambda: read("/pipeline/../etc/passwd")),
            "own_file": read("/pipeline/data.txt").decode(),
            "nested_file": read("/pipeline/sub/nested.txt").decode(),
            "listing": sorted(os.listdir("/pipeline")),
            "sub_listing": sorted(os.listdir("/pipeline/sub")),
            "create": attempt(lambda: write("/pipeline/new.txt")),
            "create_via_link": attempt(lambda: write("/pipeline/outside/pwned.txt")),
            "create_via_hostroot": attempt(lambda: write("/pipeline/hostroot" + PWNED)),
            "overwrite": attempt(lambda: write("/pipeline/data.txt")),
            "append": attempt(lambda: write("/pipeline/data.txt", "a")),
            "mkdir": attempt(lambda: os.mkdir("/pipeline/newdir")),
            "remove": attempt(lambda: os.remove("/pipeline/data.txt")),
            "remove_link": attempt(lambda: os.remove("/pipeline/hostroot")),
            "rename": attempt(lambda: os.rename("/pipeline/data.txt", "/pipeline/moved.txt")),
            "rmdir": attempt(lambda: os.rmdir("/pipeline/sub")),
            "symlink": attempt(lambda: os.symlink("/", "/pipeline/newlink")),
            "no_tmp": attempt(lambda: write("/tmp/x.txt")),
        }
PY
} >"$work/proj/probe.py"
pipeline "$work/proj/run.json" probe.py
before_proj=$(snapshot "$work/proj")
before_outside=$(snapshot "$work/outside")

run_wasm "$work/proj/run.json"
expected='{"status": "success", "outputs": {"p": [{"passwd_via_hostroot": "ENOENT", "stat_hostroot": "ENOENT", "secret_via_dir_link": "ENOENT", "secret_via_file_link": "ENOENT", "link_inside_the_project": "ENOENT", "dotdot": "ENOTCAPABLE", "escape_by_dotdot": "ENOTCAPABLE", "own_file": "data\n", "nested_file": "nested\n", "listing": ["data.txt", "probe.py", "run.json", "sub"], "sub_listing": ["nested.txt"], "create": "EROFS", "create_via_link": "EROFS", "create_via_hostroot": "EROFS", "overwrite": "EROFS", "append": "EROFS", "mkdir": "EROFS", "remove": "EROFS", "remove_link": "ENOENT", "rename": "EROFS", "rmdir": "EROFS", "symlink": "ENOTSUP", "no_tmp": "ENOTCAPABLE"}]}, "graph_info": {"node_count": 1, "source_count": 1, "sink_count": 1, "execution_order": ["p"]}}'
printf '%s\n' "$expected" >"$work/expected"
check "reads through host symlinks fail, mutations fail, own files read" same_file "$work/expected" "$work/out"
check "the run exits 0" test "$out_code" = 0
check "the project directory is unchanged" test "$before_proj" = "$(snapshot "$work/proj")"
check "the directory outside is unchanged" test "$before_outside" = "$(snapshot "$work/outside")"
check "nothing was created through hostroot" test ! -e "$pwned"

# The manifest on standard input: /pipeline is the working directory, under the same rules.
(cd "$work/proj" && "$cli" run --target wasm - <run.json >"$work/out" 2>"$work/err")
check "from stdin, the working directory is the same read-only view" same_file "$work/expected" "$work/out"
check "and it is still unchanged" test "$before_proj" = "$(snapshot "$work/proj")"

finish
