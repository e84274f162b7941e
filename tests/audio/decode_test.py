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
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from audio_cli import Failures, audio_items, nmse, floats, run, write_pipeline  # noqa: E402
from fixtures import make_fixtures  # noqa: E402

failures = Failures()
fail = failures.fail


def write_manifest(directory, name):
    return write_pipeline(directory, name, [{"id": "dec", "node_type": "AudioDecodeNode"}], [name])


def check_good(cli, targets, directory, name, rate, channels, reference, good):
    manifest = write_manifest(directory, name)
    results = {t: run(cli, t, manifest) for t in targets}
    code, out, err = results["native"]
    if code != 0:
        return fail(name, f"exit {code}: {err.decode(errors='replace').strip()}")
    if "wasm" in results and results["wasm"][1] != out:
        return fail(name, f"wasm printed other bytes (exit {results['wasm'][0]})")
    audio = audio_items(out, "dec")[0]
    if (audio["sample_rate"], audio["channels"]) != (rate, channels):
        return fail(name, f"format {audio['sample_rate']} Hz x {audio['channels']}, wanted {rate} x {channels}")
    samples = audio["samples"]
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
        print(f"{len(good)} good files, {len(bad)} broken files, {failures.count} failed")
    sys.exit(1 if failures.count else 0)


if __name__ == "__main__":
    main()
