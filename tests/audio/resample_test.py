"""ResampleNode on real speech, natively and in wasm (docs/nodes.md#resamplenode).

    resample_test.py REMOTEMEDIA [--wasm]

Decode -> ChannelMix -> Resample(16 kHz) for the fixtures at 8, 22.05, 44.1 (stereo) and 48 kHz:
the result is 16 kHz mono of exactly ceil(frames x 16000 / rate) frames, close to sox's own
resampling of the same file (a different algorithm, so within a small error, not equal), and with
--wasm the wasm run prints the same bytes. Exits 1 if any case failed.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from audio_cli import Failures, audio_items, floats, nmse, run, write_pipeline  # noqa: E402
from fixtures import make_fixtures  # noqa: E402

CASES = ["rate_8k.wav", "pcm_s16.wav", "stereo_44k.wav", "rate_48k.wav"]


def main():
    cli = sys.argv[1]
    targets = ["native"] + (["wasm"] if "--wasm" in sys.argv[2:] else [])
    failures = Failures()
    with tempfile.TemporaryDirectory() as directory:
        good, _ = make_fixtures(directory)
        for name in CASES:
            path, rate, channels, _ = good[name]
            nodes = [{"id": "dec", "node_type": "AudioDecodeNode"},
                     {"id": "mix", "node_type": "ChannelMixNode"},
                     {"id": "rs", "node_type": "ResampleNode", "params": {"target_rate": 16000}}]
            manifest = write_pipeline(directory, "resample_" + name, nodes, [name])
            results = {t: run(cli, t, manifest) for t in targets}
            code, out, err = results["native"]
            if code != 0:
                failures.fail(name, f"exit {code}: {err.decode(errors='replace').strip()}")
                continue
            if "wasm" in results and results["wasm"][1] != out:
                failures.fail(name, f"wasm printed other bytes (exit {results['wasm'][0]})")
                continue
            items = audio_items(out, "rs")
            samples = [s for item in items for s in item["samples"]]
            if any((i["sample_rate"], i["channels"]) != (16000, 1) for i in items):
                failures.fail(name, "not 16 kHz mono")
                continue
            frames = len(floats(good[name][3])) // channels
            want_frames = (frames * 16000 + rate - 1) // rate
            if len(samples) != want_frames:
                failures.fail(name, f"{len(samples)} frames, wanted {want_frames}")
                continue
            reference = os.path.join(directory, name + ".16k.f32")
            subprocess.run(["sox", "-D", path, "-t", "f32", "-e", "floating-point", "-b", "32",
                            "-L", "-c", "1", "-r", "16000", reference], check=True)
            error = nmse(samples, floats(reference))
            if error > 1e-3:
                failures.fail(name, f"NMSE {error:.2e} against sox's resampling")
                continue
            print(f"ok {name}: {rate} Hz x {channels} -> 16000 Hz mono, {len(samples)} frames, "
                  f"NMSE {error:.1e} against sox ({'/'.join(targets)})")
    print(f"{len(CASES)} cases, {failures.count} failed")
    sys.exit(1 if failures.count else 0)


if __name__ == "__main__":
    main()
