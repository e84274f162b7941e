"""WhisperNode natively and in wasm on generated models (docs/nodes.md#whispernode).

    whisper_test.py REMOTEMEDIA MAKE_WHISPER_MODEL WORK_DIR [--wasm] [--update]

The models are made at test time into WORK_DIR by MAKE_WHISPER_MODEL: Whisper's exact layout with
seeded random weights (no real weights can be fetched here), so transcripts are noise; what is
checked is plumbing, determinism and parity between targets.

1. A whole clip (speech synthesised with espeak-ng) through Decode -> Resample(16 kHz) -> Whisper
   with the micro model in f16 and q8_0: the result's shape, times inside the audio, and the wasm
   run printing the same bytes. The f16 result must equal tests/speech/expected/whole_clip.json
   (--update rewrites the expected files).
2. VAD segments (-> Vad -> Whisper): one transcript per segment, its times inside the segment.
3. 30 s windows with 5 s overlap of a 50 s clip (-> Chunker -> Whisper): the second window's
   times start at 25 s; the result must equal tests/speech/expected/chunks.json.
4. Broken models (empty, wrong magic, truncated at several points, wrong shapes, a wrong
   vocabulary size): each `invalid_model` with its message, exit 2, no signal; wasm the same bytes.
5. Validation: an English-only model asked for German, a missing model file, 48 kHz audio into the
   node (port_mismatch), each exit 2.
6. `run --progress` prints "remotemedia: asr N%" lines on stderr, the same on both targets and
   ending at 100%; without it, none.
Exits 1 if any check failed.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "audio"))
from audio_cli import Failures, run, write_pipeline  # noqa: E402

EXPECTED_DIR = os.path.join(HERE, "expected")
SPEECH = ("The quick brown fox jumps over the lazy dog. "
          "Speech recognition runs on the device, natively and in a web page.")


def sh(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_models(make_model, work):
    """{name: path} of the generated models, reused when already made by this tool."""
    models = {}
    for name, shape, dtype in (("micro-f16", "micro", "f16"), ("micro-q8_0", "micro", "q8_0")):
        path = os.path.join(work, name + ".bin")
        if not os.path.exists(path) or os.path.getmtime(path) < os.path.getmtime(make_model):
            sh(make_model, "--shape", shape, "--type", dtype, "--seed", "1", "-o", path)
        models[name] = path
    return models


def make_clips(work):
    speech = os.path.join(work, "speech.wav")
    sh("espeak-ng", "-v", "en-us", "-s", "150", "-w", speech, SPEECH)
    long_clip = os.path.join(work, "long.wav")
    silence = os.path.join(work, "silence.wav")
    sh("sox", "-n", "-r", "22050", "-c", "1", "-b", "16", silence, "trim", "0", "2")
    parts = [speech, silence] * 5
    sh("sox", *parts, long_clip)
    return speech, long_clip


def whisper_node(model, **params):
    return {"id": "asr", "node_type": "WhisperNode", "params": {"model": model, **params}}


DECODE_16K = [{"id": "dec", "node_type": "AudioDecodeNode"},
              {"id": "rs", "node_type": "ResampleNode", "params": {"target_rate": 16000}}]


def run_targets(cli, targets, manifest, failures, name, want_code=0):
    """The native (code, stdout) when every target gave `want_code` and the same bytes."""
    results = {t: run(cli, t, manifest) for t in targets}
    code, out, err = results["native"]
    if code != want_code:
        failures.fail(name, f"exit {code}, expected {want_code}: "
                      f"{err.decode(errors='replace').strip()[:400]}")
        return None
    for target, (t_code, t_out, t_err) in results.items():
        if (t_code, t_out) != (code, out):
            failures.fail(name, f"{target} gave exit {t_code} and other bytes: "
                          f"{t_out[:300]!r} {t_err[-300:]!r}")
            return None
    return out


def check_transcripts(items, bounds, failures, name):
    """Each transcript well-formed with every segment inside its (start, end) bounds."""
    if len(items) != len(bounds):
        failures.fail(name, f"{len(items)} transcripts for {len(bounds)} audio items")
        return
    for item, (lo, hi) in zip(items, bounds):
        if set(item) != {"text", "language", "segments"} or item["language"] != "en":
            failures.fail(name, f"malformed transcript {item}")
            return
        for seg in item["segments"]:
            if not (lo - 1e-9 <= seg["start"] <= seg["end"] <= hi + 1e-9):
                failures.fail(name, f"segment {seg['start']}..{seg['end']} outside {lo}..{hi}")
                return
            if not isinstance(seg["text"], str):
                failures.fail(name, f"segment text {seg['text']!r}")
                return
        joined = " ".join(s["text"] for s in item["segments"] if s["text"])
        if item["segments"] and not item["text"]:
            failures.fail(name, f"no text for segments {joined!r}")


def check_golden(file_name, out, update, failures, name):
    """`out` must equal tests/speech/expected/FILE_NAME (--update rewrites it)."""
    path = os.path.join(EXPECTED_DIR, file_name)
    if update:
        os.makedirs(EXPECTED_DIR, exist_ok=True)
        with open(path, "wb") as f:
            f.write(out)
    elif not os.path.exists(path) or open(path, "rb").read() != out:
        failures.fail(name, f"differs from {path}: {out[:400]!r}")


def whole_clip(cli, targets, work, models, speech, failures, update):
    duration = float(subprocess.run(["soxi", "-D", speech], capture_output=True, text=True,
                                    check=True).stdout)
    for model in ("micro-f16", "micro-q8_0"):
        name = f"whole clip, {model}"
        manifest = write_pipeline(work, "whole-" + model,
                                  DECODE_16K + [whisper_node(model + ".bin", token_ids=True)],
                                  ["speech.wav"])
        out = run_targets(cli, targets, manifest, failures, name)
        if out is None:
            continue
        items = json.loads(out)["outputs"]["asr"]
        # The resampler's flush gives a last, short item after the clip's body.
        check_transcripts(items[:1], [(0.0, duration)], failures, name)
        if not any(seg.get("tokens") for seg in items[0]["segments"]):
            failures.fail(name, "no token ids")
        if model == "micro-f16":
            check_golden("whole_clip.json", out, update, failures, name)


def vad_segments(cli, targets, work, speech_long, failures):
    name = "VAD segments"
    nodes = DECODE_16K + [{"id": "vad", "node_type": "VadNode"},
                          whisper_node("micro-q8_0.bin")]
    manifest = os.path.join(work, "vad.json")
    with open(manifest, "w") as f:
        json.dump({"manifest": {"version": "v1", "metadata": {"name": "vad-asr"}, "nodes": nodes,
                                "connections": [{"from": "dec", "to": "rs"},
                                                {"from": "rs", "to": "vad"},
                                                {"from": "vad.segments", "to": "asr"}]},
                   "input_data": [os.path.basename(speech_long)]}, f)
    out = run_targets(cli, targets, manifest, failures, name)
    if out is None:
        return
    result = json.loads(out)["outputs"]
    times = result["vad.times"]
    if len(times) < 4:
        failures.fail(name, f"only {len(times)} speech segments in five sentences")
        return
    check_transcripts(result["asr"], [(t["start"], t["end"]) for t in times], failures, name)


def chunks(cli, targets, work, speech_long, failures, update):
    name = "30 s chunks with overlap"
    nodes = DECODE_16K + [{"id": "chunk", "node_type": "ChunkerNode",
                           "params": {"window_ms": 30000, "overlap_ms": 5000}},
                          whisper_node("micro-f16.bin")]
    manifest = write_pipeline(work, "chunks", nodes, [os.path.basename(speech_long)])
    out = run_targets(cli, targets, manifest, failures, name)
    if out is None:
        return
    duration = float(subprocess.run(["soxi", "-D", speech_long], capture_output=True, text=True,
                                    check=True).stdout)
    check_golden("chunks.json", out, update, failures, name)
    items = json.loads(out)["outputs"]["asr"]
    # The clip is 22.05 kHz; its 16 kHz end may be a fraction of a frame later.
    check_transcripts(items, [(0.0, 30.0), (25.0, duration + 1e-4)], failures, name)


def bad_models(good_path, work):
    """[(file name, message part)] of broken copies of the micro model."""
    good = open(good_path, "rb").read()
    hparams = 4  # after the magic: n_vocab, n_audio_ctx, n_audio_state, ..., n_text_state, ...
    vocab = hparams + 11 * 4 + 8 + 80 * 201 * 4
    tokens = []  # (offset of its length, length) of each token
    at = vocab + 4
    for _ in range(struct.unpack_from("<i", good, vocab)[0]):
        length = struct.unpack_from("<i", good, at)[0]
        tokens.append((at, length))
        at += 4 + length
    end_of_vocab = at
    wider = struct.pack("<i", 128)
    cases = {
        "empty": (b"", "the model is empty (0 bytes)"),
        "magic": (b"GGUF" + good[4:], "is not a ggml Whisper model"),
        "cut-hparams": (good[:20], "ends inside the hyper-parameters"),
        "cut-filters": (good[:5000], "ends inside the mel filter bank"),
        "cut-vocab": (good[:tokens[1000][0] + 5], "ends inside token 1000"),
        "cut-tensor": (good[:len(good) // 2], "ends inside tensor '"),
        "cut-last-byte": (good[:-1], "ends inside tensor 'decoder.ln.bias'"),
        # n_audio_state and n_text_state of a wider model over the micro model's tensors
        "shapes": (good[:hparams + 8] + wider + good[hparams + 12:hparams + 24] + wider
                   + good[hparams + 28:],
                   "of shape [64, 1500] where its hyper-parameters need [128, 1500]"),
        "vocab-size": (good[:hparams] + struct.pack("<i", 50000) + good[hparams + 4:],
                       "n_vocab 50000 is not a Whisper vocabulary size"),
        "vocab-count": (good[:vocab] + struct.pack("<i", 51865) + good[vocab + 4:],
                        "lists 51865 vocabulary tokens"),
        # whisper.cpp itself would run this as an "empty model for testing"
        "no-tensors": (good[:end_of_vocab], "has no tensor 'encoder.positional_embedding'"),
    }
    out = []
    for name, (data, message) in cases.items():
        path = os.path.join(work, f"bad-{name}.bin")
        with open(path, "wb") as f:
            f.write(data)
        out.append((os.path.basename(path), message))
    return out


def broken_models(cli, targets, work, models, failures):
    for file_name, message in bad_models(models["micro-f16"], work):
        name = f"bad model {file_name}"
        manifest = write_pipeline(work, "bad", DECODE_16K + [whisper_node(file_name)],
                                  ["speech.wav"])
        out = run_targets(cli, targets, manifest, failures, name, want_code=2)
        if out is None:
            continue
        error = json.loads(out)["error"]
        want_path = "$.manifest.nodes[2].params.model"
        if (error["code"] != "invalid_model" or message not in error["message"]
                or error.get("path") != want_path or error.get("node_id") != "asr"):
            failures.fail(name, f"error {error}, expected invalid_model with {message!r}")


def validation(cli, targets, work, failures):
    cases = [
        ("English-only model asked for German",
         DECODE_16K + [whisper_node("micro-f16.bin", language="de")], "invalid_param",
         "English-only"),
        ("missing model", DECODE_16K + [whisper_node("no-such-model.bin")],
         "resource_not_found", "no-such-model.bin"),
        ("48 kHz into WhisperNode",
         [DECODE_16K[0], {"id": "rs", "node_type": "ResampleNode",
                          "params": {"target_rate": 48000}},
          whisper_node("micro-f16.bin")], "port_mismatch", "16000 Hz"),
        ("unknown language", DECODE_16K + [whisper_node("micro-f16.bin", language="xx")],
         "invalid_param", "language 'xx'"),
    ]
    for name, nodes, code, part in cases:
        manifest = write_pipeline(work, "validation", nodes, ["speech.wav"])
        out = run_targets(cli, targets, manifest, failures, name, want_code=2)
        if out is None:
            continue
        error = json.loads(out)["error"]
        if error["code"] != code or part not in error["message"]:
            failures.fail(name, f"error {error}, expected {code} with {part!r}")


def progress(cli, targets, work, failures):
    """--progress prints the node's progress on stderr, the same lines on every target, ending at
    100%; without it (stderr is not a terminal here) nothing is printed, and stdout is the same
    either way."""
    manifest = write_pipeline(work, "progress", DECODE_16K + [whisper_node("micro-f16.bin")],
                              ["long.wav"])
    seen = {}
    for target in targets:
        name = f"progress on stderr ({target})"
        quiet = run(cli, target, manifest)
        loud = run(cli, target, manifest, "--progress")
        lines = [line for line in loud[2].decode().splitlines()
                 if line.startswith("remotemedia: asr ")]
        if quiet[0] != 0 or loud[0] != 0 or quiet[1] != loud[1]:
            failures.fail(name, f"exit {quiet[0]}/{loud[0]} or other stdout")
        elif b"remotemedia: asr" in quiet[2]:
            failures.fail(name, f"progress without --progress: {quiet[2][:200]!r}")
        elif len(lines) < 2 or not all(line.endswith("%") for line in lines) or \
                lines[-1] != "remotemedia: asr 100%":
            failures.fail(name, f"no progress lines ending at 100%: {loud[2][:300]!r}")
        seen[target] = lines
    if len(set(map(tuple, seen.values()))) > 1:
        failures.fail("progress on stderr", f"targets print other lines: {seen}")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        sys.exit(__doc__)
    cli, make_model, work_root = args
    targets = ["native"] + (["wasm"] if "--wasm" in sys.argv else [])
    update = "--update" in sys.argv
    failures = Failures()
    os.makedirs(work_root, exist_ok=True)
    models = make_models(make_model, work_root)
    with tempfile.TemporaryDirectory(dir=work_root) as work:
        for path in models.values():
            shutil.copy(path, work)
        speech, speech_long = make_clips(work)
        whole_clip(cli, targets, work, models, speech, failures, update)
        vad_segments(cli, targets, work, speech_long, failures)
        chunks(cli, targets, work, speech_long, failures, update)
        broken_models(cli, targets, work, {k: os.path.join(work, k + ".bin") for k in models},
                      failures)
        validation(cli, targets, work, failures)
        progress(cli, targets, work, failures)
    print(f"{failures.count} failed" if failures.count else "all passed")
    sys.exit(1 if failures.count else 0)


if __name__ == "__main__":
    main()
