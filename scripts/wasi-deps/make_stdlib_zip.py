"""Byte-compile CPython's stdlib into the zip that WASI hosts mount at /usr/lib/python311.zip.

Run with the native build python of the same CPython source (same magic number as the wasm interpreter):
    python3.11 -I make_stdlib_zip.py --lib SRC/Lib --sysconfigdata-dir BUILD/build/lib.wasi-wasm32-3.11 --out ZIP

Contract:
- The zip holds only .pyc files (unchecked hash-based, so no source is looked up and no mtime is embedded),
  deflated, with fixed timestamps and sorted entries: the same inputs give the same bytes.
- co_filename of every module is its guest path (/usr/lib/python311.zip/<relpath>.py), so tracebacks name
  the file as the wasm interpreter sees it.
- Packages and modules that cannot work on WASI or are development tooling (EXCLUDED_TOP, any test dir) are
  left out; a module whose C accelerator is missing but whose import fails cleanly (bz2, lzma, ssl) is kept.
- The build's _sysconfigdata module is added, plus an alias under the name Debian's sysconfig looks up
  (_sysconfigdata_{ABIFLAGS}_{MULTIARCH}) when the build wrote it under another one.
- Any source that fails to compile is an error: the zip is written to a temporary name and renamed at the end.
"""
import argparse
import importlib.util
import os
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

GUEST_ZIP = "/usr/lib/python311.zip"

# Top-level names (packages or modules) left out of the zip.
EXCLUDED_TOP = {
    "test", "idlelib", "tkinter", "turtle.py", "turtledemo",     # tests, GUI
    "ensurepip", "venv", "lib2to3", "distutils", "_distutils_system_mod.py",  # packaging/dev tooling
    "ctypes", "sqlite3", "curses", "multiprocessing", "msilib",  # C modules / OS features absent on WASI
    "__phello__", "__hello__.py",                                # frozen-module test fixtures
    "site-packages", "__pycache__",
}
EXCLUDED_DIRS = {"test", "tests", "idle_test", "__pycache__"}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def pyc_bytes(source: bytes, guest_path: str) -> bytes:
    code = compile(source, guest_path, "exec", dont_inherit=True, optimize=0)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def stdlib_sources(lib_dir: str):
    """Yields (relative path with '/', absolute path) of every .py file to ship, sorted."""
    found = []
    for top in sorted(os.listdir(lib_dir)):
        if top in EXCLUDED_TOP:
            continue
        path = os.path.join(lib_dir, top)
        if os.path.isfile(path):
            if top.endswith(".py"):
                found.append((top, path))
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in EXCLUDED_DIRS)
            for name in sorted(files):
                if name.endswith(".py"):
                    full = os.path.join(root, name)
                    found.append((os.path.relpath(full, lib_dir).replace(os.sep, "/"), full))
    return sorted(found)


def add(zf: zipfile.ZipFile, arcname: str, data: bytes) -> None:
    info = zipfile.ZipInfo(arcname, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data, compresslevel=9)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lib", required=True, help="CPython source Lib/ directory")
    ap.add_argument("--sysconfigdata-dir", required=True, help="cross build's build/lib.<platform>/ directory")
    ap.add_argument("--out", required=True, help="zip to write")
    args = ap.parse_args()

    entries = []
    for rel, full in stdlib_sources(args.lib):
        with open(full, "rb") as f:
            entries.append((rel[:-3] + ".pyc", pyc_bytes(f.read(), f"{GUEST_ZIP}/{rel}")))

    sysconfig_files = [n for n in os.listdir(args.sysconfigdata_dir)
                       if n.startswith("_sysconfigdata_") and n.endswith(".py")]
    if len(sysconfig_files) != 1:
        sys.exit(f"expected one _sysconfigdata_*.py in {args.sysconfigdata_dir}, found {sysconfig_files}")
    name = sysconfig_files[0][:-3]
    with open(os.path.join(args.sysconfigdata_dir, sysconfig_files[0]), "rb") as f:
        source = f.read()
    entries.append((name + ".pyc", pyc_bytes(source, f"{GUEST_ZIP}/{name}.py")))
    build_vars = {}
    exec(compile(source, name, "exec"), build_vars)
    bvars = build_vars["build_time_vars"]
    alias = f"_sysconfigdata_{bvars['ABIFLAGS']}_{bvars['MULTIARCH']}"
    if alias != name:
        alias_src = (f"# Alias: Debian's sysconfig looks for {alias}, the build wrote {name}.\n"
                     f"build_time_vars = __import__({name!r}).build_time_vars\n").encode()
        entries.append((alias + ".pyc", pyc_bytes(alias_src, f"{GUEST_ZIP}/{alias}.py")))

    tmp = args.out + ".tmp"
    with zipfile.ZipFile(tmp, "w") as zf:
        for arcname, data in sorted(entries):
            add(zf, arcname, data)
    os.replace(tmp, args.out)
    print(f"{args.out}: {len(entries)} modules, {os.path.getsize(args.out)} bytes"
          + (f", alias {alias} -> {name}" if alias != name else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
