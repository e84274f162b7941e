"""Helpers the audio tests share: running a pipeline through the CLI on each target, reading the
audio of a result, and comparing samples."""
import array
import base64
import json
import os
import subprocess


class Failures:
    def __init__(self):
        self.count = 0

    def fail(self, name, why):
        self.count += 1
        print(f"FAIL {name}: {why}")


def run(cli, target, manifest, *flags):
    """(exit code, stdout bytes, stderr bytes) of `remotemedia run MANIFEST FLAGS` on `target`."""
    args = [cli, "run", manifest, *flags] + (["--target", "wasm"] if target == "wasm" else [])
    proc = subprocess.run(args, capture_output=True, timeout=600)
    return proc.returncode, proc.stdout, proc.stderr


def write_pipeline(directory, name, nodes, input_data):
    """Writes NAME.json (nodes in a chain, then input_data) into `directory`; returns its path."""
    path = os.path.join(directory, name + ".json")
    connections = [{"from": a["id"], "to": b["id"]} for a, b in zip(nodes, nodes[1:])]
    with open(path, "w") as f:
        json.dump({"manifest": {"version": "v1", "metadata": {"name": name}, "nodes": nodes,
                                "connections": connections},
                   "input_data": input_data}, f)
    return path


def floats(data):
    """float32 samples from bytes, or from the file at a path."""
    a = array.array("f")
    a.frombytes(data if isinstance(data, bytes) else open(data, "rb").read())
    return a


def audio_items(stdout, node_id):
    """The audio items node `node_id` emitted, as dicts with their samples decoded."""
    items = json.loads(stdout)["outputs"][node_id]
    for item in items:
        item["samples"] = floats(base64.b64decode(item["data"]))
    return items


def nmse(got, want):
    n = min(len(got), len(want))
    err = sum((got[i] - want[i]) ** 2 for i in range(n))
    energy = sum(want[i] ** 2 for i in range(n)) or 1.0
    return err / energy
