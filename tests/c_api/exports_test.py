"""The C ABI's three lists agree: the functions declared in c_api.h, the export list the build
derives from the header (cmake/c_api_exports.cmake, passed as arguments: a second parser), and the
dynamic symbols of
libremotemedia.so (nothing else may be global there).

    exports_test.py C_API_H LIBREMOTEMEDIA_SO FUNCTION...
"""
import re
import subprocess
import sys


def main():
    header, library, *listed = sys.argv[1:]
    text = open(header, encoding="utf-8").read()
    declared = re.findall(r"^RM_API\s[^(]*?\b(rm_\w+)\s*\(", text, re.M)
    problems = []
    if sorted(declared) != sorted(listed):
        problems.append("c_api.h declares %s but cmake/c_api_exports.cmake lists %s" % (
            sorted(set(declared) ^ set(listed)), "the others"))
    out = subprocess.run(["nm", "-D", "--defined-only", library], capture_output=True, text=True,
                         check=True).stdout
    exported = sorted({line.split()[-1] for line in out.splitlines()
                       if line.split() and line.split()[-2] in ("T", "W", "D", "B", "R")})
    if exported != sorted(listed):
        problems.append("libremotemedia.so exports %s; expected exactly %s" % (exported, sorted(listed)))
    for p in problems:
        print("FAIL", p)
    print("%d functions declared, %d exported" % (len(declared), len(exported)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
