#!/usr/bin/env bash
# Issue 8, item 1: the guest cannot change its stdlib. A Python node tries every way to write,
# create, rename or delete under /usr; each fails inside the guest with the errno it reports,
# the run succeeds, and the host's python311.zip (a private copy here) is byte-identical after.
#   usr_readonly_test.sh PATH_TO_REMOTEMEDIA
source "$(dirname "$0")/lib.sh"

mkdir -p "$work/usr/lib" "$work/proj"
cp "$bin_dir/../wasi-deps/usr/lib/python311.zip" "$work/usr/lib/python311.zip"
before=$(snapshot "$work/usr")
{
  probe_prelude
  cat <<'PY'
import zipfile


def zip_append():
    with zipfile.ZipFile("/usr/lib/python311.zip", "a") as archive:
        archive.writestr("planted.py", "planted = True\n")


class Probe:
    def process(self, item):
        return {
            "zip_append": attempt(zip_append),
            "open_w_new": attempt(lambda: write("/usr/lib/planted.py")),
            "open_w_existing": attempt(lambda: write("/usr/lib/python311.zip")),
            "open_a_existing": attempt(lambda: write("/usr/lib/python311.zip", "a")),
            "open_rplus": attempt(lambda: open("/usr/lib/python311.zip", "r+b").close()),
            "open_x": attempt(lambda: write("/usr/planted.py", "x")),
            "truncate": attempt(lambda: os.truncate("/usr/lib/python311.zip", 0)),
            "mkdir": attempt(lambda: os.mkdir("/usr/planted")),
            "mkdir_existing": attempt(lambda: os.mkdir("/usr/lib")),
            "rename_file": attempt(lambda: os.rename("/usr/lib/python311.zip", "/usr/lib/other.zip")),
            "rename_dir": attempt(lambda: os.rename("/usr/lib", "/usr/lib2")),
            "replace_into": attempt(lambda: os.replace("/usr/lib", "/pipeline/lib")),
            "remove": attempt(lambda: os.remove("/usr/lib/python311.zip")),
            "rmdir": attempt(lambda: os.rmdir("/usr/lib")),
            "link": attempt(lambda: os.link("/usr/lib/python311.zip", "/usr/lib/hard.zip")),
            "symlink": attempt(lambda: os.symlink("/pipeline", "/usr/lib/sym")),
            "utime": attempt(lambda: os.utime("/usr/lib/python311.zip", (0, 0))),
            "read_still_works": len(read("/usr/lib/python311.zip")) == os.path.getsize("/usr/lib/python311.zip"),
            "listing": sorted(os.listdir("/usr/lib")),
        }
PY
} >"$work/proj/probe.py"
pipeline "$work/proj/run.json" probe.py

REMOTEMEDIA_WASI_USR="$work/usr" run_wasm "$work/proj/run.json"
expected='{"status": "success", "outputs": {"p": [{"zip_append": "EROFS", "open_w_new": "EROFS", "open_w_existing": "EROFS", "open_a_existing": "EROFS", "open_rplus": "EROFS", "open_x": "EROFS", "truncate": "EROFS", "mkdir": "EROFS", "mkdir_existing": "EEXIST", "rename_file": "EROFS", "rename_dir": "EROFS", "replace_into": "EROFS", "remove": "EROFS", "rmdir": "EROFS", "link": "EROFS", "symlink": "ENOTSUP", "utime": "EROFS", "read_still_works": true, "listing": ["python311.zip"]}]}, "graph_info": {"node_count": 1, "source_count": 1, "sink_count": 1, "execution_order": ["p"]}}'
echo "$expected" >"$work/expected"
check "every write, create, rename and delete under /usr fails in the guest" same_file "$work/expected" "$work/out"
check "the run exits 0" test "$out_code" = 0
check "the host's stdlib zip and its directory are unchanged" test "$before" = "$(snapshot "$work/usr")"

# A second run cannot import anything the first one tried to plant.
cat >"$work/proj/importer.py" <<'PY'
class Probe:
    def process(self, item):
        try:
            import planted  # noqa: F401
            return "planted module imported"
        except ImportError:
            return "clean"
PY
pipeline "$work/proj/second.json" importer.py
REMOTEMEDIA_WASI_USR="$work/usr" run_wasm "$work/proj/second.json"
check "a later run finds no planted module" grep -q '"outputs": {"p": \["clean"\]}' "$work/out"

finish
