#!/usr/bin/env python3
"""Keeps the one table of error codes (include/remotemedia/error_codes.h) true everywhere.

Fails when
- a declared code has no row in the docs (docs/errors.md, docs/python-nodes.md, docs/rmpkg.md);
- a docs error table lists a code that is not declared;
- project C++ (tests aside) spells a declared code as a string literal instead of errc::X, or makes
  an Error (invalid_input / run_failure) from any string literal;
- the CLI's wasm child writes a document whose code is not declared;
- a golden case expects a code that is not declared;
- the TypeScript package does not take its table from the one generated from this header
  (js/runtime/src/generated.ts), or its sources make an error with a code that is not declared, or
  docs/js.md lists one that is not.

usage: error_codes_test.py REPO_ROOT
Prints one line per problem and "N passed, N failed" per check group; exit 1 on any problem.
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
header = (root / "include/remotemedia/error_codes.h").read_text()
declared = [c for c in re.findall(r"\bX\(([a-z_0-9]+)\)", header) if c != "name"]
declared_set = set(declared)
problems = []

if len(declared) != len(declared_set):
    problems.append("error_codes.h declares a code twice")

# Rows of the docs' error tables: "| `code` |" in the files that document codes.
doc_files = ["docs/errors.md", "docs/python-nodes.md", "docs/rmpkg.md"]
documented = set()
for name in doc_files:
    text = (root / name).read_text()
    documented |= set(re.findall(r"^\| `([a-z_0-9]+)` \|", text, re.M))
for code in declared:
    if code not in documented:
        problems.append(f"'{code}' is declared but has no row in {', '.join(doc_files)}")

# Every row of an error table names a declared code (errors.md and rmpkg.md hold only error
# tables; python-nodes.md's error table is the one headed "| code | exit | when |").
error_rows = set()
for name in ["docs/errors.md", "docs/rmpkg.md"]:
    text = (root / name).read_text()
    for table in re.findall(r"^\| code \|.*?(?=^\s*$)", text, re.M | re.S):
        error_rows |= set(re.findall(r"^\| `([a-z_0-9]+)` \|", table, re.M))
py_doc = (root / "docs/python-nodes.md").read_text()
for table in re.findall(r"^\| code \| exit \| when \|.*?(?=^\s*$)", py_doc, re.M | re.S):
    error_rows |= set(re.findall(r"^\| `([a-z_0-9]+)` \|", table, re.M))
for code in sorted(error_rows - declared_set):
    problems.append(f"the docs list '{code}' as an error code, but error_codes.h does not declare it")

# No literal codes in project C++.
literal = re.compile(r'"(' + "|".join(map(re.escape, declared)) + r')"')
made_from_literal = re.compile(r'\b(invalid_input|run_failure)\(\s*"')
for path in sorted((root / "src").rglob("*")):
    if path.suffix not in (".cpp", ".h") or path.name.endswith("_test.cpp") or "test_support" in path.name:
        continue
    for number, line in enumerate(path.read_text().splitlines(), 1):
        where = f"{path.relative_to(root)}:{number}"
        if literal.search(line):
            problems.append(f"{where}: a code spelled as a literal (use errc::): {line.strip()}")
        if made_from_literal.search(line):
            problems.append(f"{where}: an Error made from a literal code (declare it): {line.strip()}")

# Codes the CLI's wasm child writes itself, before the package is loaded.
child = root / "src/cli/wasm_child.mjs"
for code in re.findall(r"(?:fallbackDocument|errorDocumentText)\(\s*'([a-z_0-9]+)'", child.read_text()):
    if code not in declared_set:
        problems.append(f"{child.relative_to(root)}: the wasm child writes undeclared code '{code}'")

# Codes the golden cases expect.
for path in sorted((root / "tests/golden").glob("*/expected.json")):
    for code in re.findall(r'"code": "([a-z_0-9]+)"', path.read_text()):
        if code not in declared_set:
            problems.append(f"{path.relative_to(root)}: expects undeclared code '{code}'")

# The TypeScript package takes the table from generated.ts (written from error_codes.h at build
# time by scripts/lib/gen_js_tables.py), and makes errors only with declared codes.
ts_table = root / "js/runtime/src/error_codes.ts"
if ts_table.exists():
    if "from './generated.js'" not in ts_table.read_text():
        problems.append("js/runtime/src/error_codes.ts: ERROR_CODES must come from the generated table")
    # Errors the package makes itself: RemoteMediaError(code, ...) and the helpers that take a code.
    made = re.compile(r"(?:new RemoteMediaError|hostError|refuse|errorDocumentText)\(\s*'([a-z_0-9]+)'")
    for path in sorted((root / "js/runtime/src").rglob("*.ts")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for code in made.findall(line):
                if code not in declared_set:
                    problems.append(f"{path.relative_to(root)}:{number}: makes an error with undeclared code '{code}'")
    js_doc = root / "docs/js.md"
    if js_doc.exists():
        js_rows = set()
        for table in re.findall(r"^\| code \|.*?(?=^\s*$)", js_doc.read_text(), re.M | re.S):
            js_rows |= set(re.findall(r"^\| `([a-z_0-9]+)` \|", table, re.M))
        for code in sorted(js_rows - declared_set):
            problems.append(f"docs/js.md lists '{code}' as an error code, but error_codes.h does not declare it")

for problem in problems:
    print("FAIL", problem)
print(f"error codes: {len(declared)} declared, {len(documented & declared_set)} documented")
print(f"{0 if problems else 1} passed, {1 if problems else 0} failed")
sys.exit(1 if problems else 0)
