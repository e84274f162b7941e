# Smoke test for the wasi-deps prefix: run by smoke/host.c under a WASI host, and natively by the build python.
# Prints lines that must equal smoke/expected.txt on every platform; any failure raises (non-zero exit).
import sys

sys.setrecursionlimit(350)  # the limit WASM hosts use: deep recursion must raise, never trap

import collections, datetime, decimal, fractions, json, re, statistics, struct, zlib

payload = json.dumps({"b": [1, 2.5, None], "a": "\u00e9"}, sort_keys=True)
blob = zlib.compress(payload.encode() * 50, 9)
parts = [
    "json=" + payload,
    "re=" + ",".join(re.findall(r"\d+", "a1b22c333")),
    "struct=" + struct.pack("<If", 7, 1.5).hex(),
    "stats=%s/%s" % (statistics.median([3, 1, 4, 1, 5]), statistics.fmean([1, 2, 4])),
    "decimal=%s" % (decimal.Decimal("1.10") + decimal.Decimal("2.205")),
    "fraction=%s" % (fractions.Fraction(1, 3) + fractions.Fraction(1, 6)),
    "counter=%s" % collections.Counter("abracadabra").most_common(1),
    "date=%s" % (datetime.date(2024, 2, 29) + datetime.timedelta(days=1)).isoformat(),
    "zlib=%d:%08x" % (len(zlib.decompress(blob)), zlib.crc32(zlib.decompress(blob))),
]
print("smoke " + " ".join(parts))


def py_recursion(n):
    return py_recursion(n + 1)


class ReprLoop:
    def __repr__(self):
        return repr(self)  # Python -> C -> Python at every level


def nested_list_repr():
    x = []
    for _ in range(100_000):
        x = [x]
    return repr(x)


patterns = {
    "python": lambda: py_recursion(0),
    "repr": lambda: repr(ReprLoop()),
    "nested-repr": nested_list_repr,
    "json": lambda: json.loads("[" * 100_000 + "]" * 100_000),
}
caught = []
for name, fn in patterns.items():
    try:
        fn()
    except RecursionError:
        caught.append(name)
print("recursion RecursionError: " + ",".join(caught))

if sys.platform == "wasi":  # the layout the embedders rely on; no output, so native and wasm compare equal
    import sysconfig
    assert json.__spec__.origin.startswith("/usr/lib/python311.zip/"), json.__spec__.origin
    assert sysconfig.get_config_var("MULTIARCH") == "wasm32-wasi", sysconfig.get_config_var("MULTIARCH")
