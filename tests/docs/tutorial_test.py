#!/usr/bin/env python3
"""Runs docs/tutorial.md, so the tutorial cannot rot.

    tutorial_test.py REPO_ROOT REMOTEMEDIA

Every ```sh block runs, in order, in one fresh directory, with REMOTEMEDIA's directory first on
PATH, under `bash -e -o pipefail`: it must exit 0, or (a ```sh fails block) non-zero. When an
```output block follows, the block's stdout must equal it (trailing newlines aside). Prints one
line per block and "N passed, N failed"; exit 1 on any failure.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

root, cli = sys.argv[1], os.path.abspath(sys.argv[2])
text = open(os.path.join(root, "docs", "tutorial.md"), encoding="utf-8").read()
blocks = re.findall(r"^```([a-z ]*)\n(.*?)^```$", text, re.S | re.M)

env = dict(os.environ, PATH=os.path.dirname(cli) + os.pathsep + os.environ.get("PATH", ""))
work = tempfile.mkdtemp(prefix="tutorial-")
passed = failed = 0
try:
    for i, (kind, body) in enumerate(blocks):
        kind = kind.strip()
        if not kind.startswith("sh"):
            continue
        expect_failure = kind == "sh fails"
        run = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", body], cwd=work, env=env,
                             capture_output=True, text=True, timeout=600)
        first = body.strip().splitlines()[-1][:70]
        problems = []
        if expect_failure and run.returncode == 0:
            problems.append("exit 0, expected a failure")
        if not expect_failure and run.returncode != 0:
            problems.append(f"exit {run.returncode}: {run.stderr[-500:]}")
        if i + 1 < len(blocks) and blocks[i + 1][0].strip() == "output":
            want = blocks[i + 1][1].rstrip("\n")
            got = run.stdout.rstrip("\n")
            if got != want:
                problems.append(f"stdout differs:\n  want: {want}\n  got:  {got}")
        if problems:
            failed += 1
            print(f"FAIL block {i} ({first}): " + "; ".join(problems))
        else:
            passed += 1
            print(f"ok block {i} ({first})")
finally:
    shutil.rmtree(work, ignore_errors=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
