"""AudioDecodeNode on real files, natively and in wasm (docs/nodes.md#audiodecodenode).

    decode_test.py REMOTEMEDIA [--wasm]

For every fixture of fixtures.py: a pipeline that decodes it (the file named by a path relative
to the manifest) succeeds; the audio has the file's rate and channels; its samples equal sox's
decoding of the same file (lossless formats: to within float32 rounding of the integer scale) or,
for MP3, come within a small error of the WAV it was encoded from, with the same length; with
--wasm, the wasm run prints the same bytes as the native run. Every broken file fails with exit 1,
`invalid_audio` and its own message, natively and (with --wasm) in wasm with the same bytes, never
by a signal. Prints one line per case; exits 1 if any failed.
"""
import array
import base64
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixtures import make_fixtures  # noqa: E402

failures = 0


def fail(name, why):
    global failures
    failures += 1
    print(f"FAIL {name}: {why}")


def run(cli, target, manifest):
    args = [cli, "run", manifest] + (["--target", "wasm"] if target == "wasm" else [])
    proc = subprocess.run(args, capture_output=True, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def floats(path_or_bytes):
    a = array.array("f")
    a.frombytes(path_or_bytes if isinstance(path_or_bytes, bytes) else open(path_or_bytes, "rb").read())
    return a


def nmse(got, want):
    n = min(len(got), len(want))
    err = sum((got[i] - want[i]) ** 2 for i in range(n))
    energy = sum(want[i] ** 2 for i in range(n)) or 1.0
    return err / energy


def write_manifest(directory, name):
    path = os.path.join(directory, name + ".json")
    with open(path, "w") as f:
        json.dump({"manifest": {"version": "v1", "metadata": {"name": "decode"},
                                "nodes": [{"id": "dec", "node_type": "AudioDecodeNode"}]},
                   "input_data": [name]}, f)
    return path


def check_good(cli, targets, directory, name, rate, channels, reference, good):
    manifest = write_manifest(directory, name)
    results = {t: run(cli, t, manifest) for t in targets}
    code, out, err = results["native"]
    if code != 0:
        return fail(name, f"exit {code}: {err.decode(errors='replace').strip()}")
    if "wasm" in results and results["wasm"][1] != out:
        return fail(name, f"wasm printed other bytes (exit {results['wasm'][0]})")
    audio = json.loads(out)["outputs"]["dec"][0]
    if (audio["sample_rate"], audio["channels"]) != (rate, channels):
        return fail(name, f"format {audio['sample_rate']} Hz x {audio['channels']}, wanted {rate} x {channels}")
    samples = floats(base64.b64decode(audio["data"]))
    if reference is not None:
        want = floats(reference)
        if len(samples) != len(want):
            return fail(name, f"{len(samples)} samples, sox decodes {len(want)}")
        worst = max((abs(a - b) for a, b in zip(samples, want)), default=0.0)
        if worst > 1e-2 if name == "pcm_u8.wav" else worst > 1e-6:
            return fail(name, f"samples differ from sox's by up to {worst}")
    else:
        source = good["stereo_44k.wav" if channels == 2 else "pcm_s16.wav"][3]
        want = floats(source)
        if len(samples) != len(want):
            return fail(name, f"{len(samples)} samples, the WAV it was encoded from has {len(want)}")
        error = nmse(samples, want)
        if error > 0.02:
            return fail(name, f"NMSE {error:.4f} against the WAV it was encoded from")
    print(f"ok {name} ({len(samples) // channels} frames, {'/'.join(targets)})")


def check_bad(cli, targets, directory, name, message):
    manifest = write_manifest(directory, name)
    results = {t: run(cli, t, manifest) for t in targets}
    for target, (code, out, err) in results.items():
        if code < 0 or code >= 128:
            return fail(name, f"{target}: killed by a signal ({code})")
        if code != 1:
            return fail(name, f"{target}: exit {code}, wanted 1: {err.decode(errors='replace').strip()}")
        error = json.loads(out)["error"]
        if error["code"] != "invalid_audio" or message not in error["message"] or error.get("node_id") != "dec":
            return fail(name, f"{target}: {error}, wanted invalid_audio with '{message}'")
    if "wasm" in results and results["wasm"][1] != results["native"][1]:
        return fail(name, "wasm printed other bytes")
    print(f"ok {name}: {json.loads(results['native'][1])['error']['message']}")


def main():
    cli = sys.argv[1]
    targets = ["native"] + (["wasm"] if "--wasm" in sys.argv[2:] else [])
    with tempfile.TemporaryDirectory() as directory:
        good, bad = make_fixtures(directory)
        for name, (path, rate, channels, reference) in good.items():
            if os.path.dirname(path) != directory:  # jfk.wav: copied next to the manifest
                copy = os.path.join(directory, name)
                with open(path, "rb") as src, open(copy, "wb") as dst:
                    dst.write(src.read())
            check_good(cli, targets, directory, name, rate, channels, reference, good)
        for name, (path, message) in bad.items():
            check_bad(cli, targets, directory, name, message)
        print(f"{len(good)} good files, {len(bad)} broken files, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
