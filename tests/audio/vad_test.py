"""VadNode on real speech, natively and in wasm (docs/nodes.md#vadnode).

    vad_test.py REMOTEMEDIA [--wasm]

1. Decode -> ChannelMix -> Resample(16 kHz) -> Vad on the synthesised clip (three sentences with a
   second of silence around each): exactly one segment per sentence, each covering its sentence
   (give or take the padding, the detector's delay and the short silence espeak-ng ends each
   sentence with), the times port agreeing with the audio's timeline, and the wasm run printing
   the same bytes.
2. The same clip at 48 kHz pushed as 20 ms items on one timeline (wire-form audio with
   start_frame), through Resample -> Vad: exactly the segments of the one-item run.
3. jfk.wav (real speech, when RM_JFK_WAV names it): segments found, the same bytes in wasm.
Exits 1 if any check failed.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from audio_cli import Failures, audio_items, floats, run, write_pipeline  # noqa: E402
from fixtures import make_fixtures  # noqa: E402

DECODE_TO_VAD = [{"id": "dec", "node_type": "AudioDecodeNode"},
                 {"id": "mix", "node_type": "ChannelMixNode"},
                 {"id": "rs", "node_type": "ResampleNode", "params": {"target_rate": 16000}},
                 {"id": "vad", "node_type": "VadNode"}]


def run_all(cli, targets, manifest, failures, name):
    """The native stdout when every target succeeded with the same bytes, else None."""
    results = {t: run(cli, t, manifest) for t in targets}
    code, out, err = results["native"]
    if code != 0:
        failures.fail(name, f"exit {code}: {err.decode(errors='replace').strip()}")
        return None
    if "wasm" in results and results["wasm"][1] != out:
        failures.fail(name, f"wasm printed other bytes (exit {results['wasm'][0]})")
        return None
    return out


def segments_of(out):
    result = json.loads(out)["outputs"]
    audio = audio_items(out, "vad.segments")
    times = result["vad.times"]
    return audio, times


def check_times_agree(audio, times, failures, name):
    for item, t in zip(audio, times):
        start = item.get("start_frame", 0) / item["sample_rate"]
        end = start + len(item["samples"]) / item["sample_rate"]
        if abs(t["start"] - start) > 1e-9 or abs(t["end"] - end) > 1e-9:
            failures.fail(name, f"times {t} disagree with the audio's {start}..{end}")
            return False
    return len(audio) == len(times)


def main():
    cli = sys.argv[1]
    targets = ["native"] + (["wasm"] if "--wasm" in sys.argv[2:] else [])
    failures = Failures()
    with tempfile.TemporaryDirectory() as directory:
        good, _ = make_fixtures(directory)
        sentences = [tuple(map(float, line.split()))
                     for line in open(os.path.join(directory, "sentences.txt"))]

        # 1. One clip, decoded and segmented.
        manifest = write_pipeline(directory, "vad_speech", DECODE_TO_VAD, ["pcm_s16.wav"])
        out = run_all(cli, targets, manifest, failures, "speech")
        if out is not None:
            audio, times = segments_of(out)
            if check_times_agree(audio, times, failures, "speech"):
                if len(times) != len(sentences):
                    failures.fail("speech", f"{len(times)} segments for {len(sentences)} sentences: {times}")
                else:
                    for (start, end), t in zip(sentences, times):
                        if not (start - 0.35 <= t["start"] <= start + 0.3 and end - 0.4 <= t["end"] <= end + 0.6):
                            failures.fail("speech", f"segment {t} does not cover the sentence {start:.2f}..{end:.2f}")
                            break
                    else:
                        print(f"ok speech: {len(times)} segments, one per sentence: "
                              + ", ".join(f"{t['start']:.2f}-{t['end']:.2f}" for t in times)
                              + f" ({'/'.join(targets)})")

        # 2. 20 ms items on one timeline give the segments of one item.
        raw = os.path.join(directory, "speech48k.f32")
        subprocess.run(["sox", "-D", good["pcm_s16.wav"][0], "-t", "f32", "-e", "floating-point",
                        "-b", "32", "-L", "-r", "48000", raw], check=True)
        data = open(raw, "rb").read()
        chunk = 960 * 4
        items = [{"__audio__": True, "sample_rate": 48000, "channels": 1,
                  **({"start_frame": at // 4} if at else {}),
                  "data": base64.b64encode(data[at:at + chunk]).decode()}
                 for at in range(0, len(data), chunk)]
        whole = [{"__audio__": True, "sample_rate": 48000, "channels": 1,
                  "data": base64.b64encode(data).decode()}]
        nodes = DECODE_TO_VAD[2:]
        batch = run_all(cli, targets, write_pipeline(directory, "vad_batch", nodes, whole), failures, "batch")
        streamed = run_all(cli, targets, write_pipeline(directory, "vad_streamed", nodes, items),
                           failures, "streamed")
        if batch is not None and streamed is not None:
            b = json.loads(batch)["outputs"]
            s = json.loads(streamed)["outputs"]
            if b["vad.segments"] != s["vad.segments"] or b["vad.times"] != s["vad.times"]:
                failures.fail("streamed", f"{len(items)} items of 20 ms give other segments than one item: "
                              f"{s['vad.times']} vs {b['vad.times']}")
            elif not b["vad.times"]:
                failures.fail("streamed", "no segments at all")
            else:
                print(f"ok streamed: {len(items)} items of 20 ms give the {len(b['vad.times'])} segments "
                      f"of one item ({'/'.join(targets)})")

        # 3. Real speech.
        if "jfk.wav" in good:
            jfk = os.path.join(directory, "jfk.wav")
            with open(good["jfk.wav"][0], "rb") as src, open(jfk, "wb") as dst:
                dst.write(src.read())
            out = run_all(cli, targets, write_pipeline(directory, "vad_jfk", DECODE_TO_VAD, ["jfk.wav"]),
                          failures, "jfk")
            if out is not None:
                audio, times = segments_of(out)
                if check_times_agree(audio, times, failures, "jfk") and times:
                    print(f"ok jfk: {len(times)} segments: "
                          + ", ".join(f"{t['start']:.2f}-{t['end']:.2f}" for t in times)
                          + f" ({'/'.join(targets)})")
                elif not times:
                    failures.fail("jfk", "no speech found in real speech")
    print(f"{failures.count} failed")
    sys.exit(1 if failures.count else 0)


if __name__ == "__main__":
    main()
