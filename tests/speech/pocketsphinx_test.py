"""PocketSphinxNode natively and in wasm with Debian's US English model (docs/nodes.md#pocketsphinxnode).

    pocketsphinx_test.py REMOTEMEDIA MAKE_WHISPER_MODEL WORK_DIR [--wasm]

(MAKE_WHISPER_MODEL is not used; the speech tests share one command line.) Needs jfk.wav
(RM_JFK_WAV) and pocketsphinx-en-us (scripts/setup.sh). /models is Debian's model directory,
the CLI's default.

1. examples/audio/transcribe.json (decode -> mix -> resample -> VAD -> PocketSphinx) on jfk.wav:
   natively and in wasm the same result document; the word error rate against the reference
   transcript is printed, and must not exceed what was measured (4 errors in 22 words).
2. The whole clip as one utterance (no VAD): the same on both targets, its WER printed and held
   to the measured value.
3. Synthesised speech (espeak-ng; recognised badly, so no accuracy check): the same words on
   both targets.
4. The example packed with its model (`pack --models --include`, and `--with-runtime` when the
   wasm target is built): the bundle runs natively and with --target wasm and prints the manifest's document, with no --models given
   (a --models that names an empty directory is not used); its size is printed.
5. Broken models under --models (a truncated means file, an mdef that is not one, a missing
   file): `invalid_model` or `resource_not_found` at the param, exit 2, the same document on both
   targets; a --models that is not a directory is a usage error.
6. `run --progress` ends each item at 100%, the same lines on both targets.
Exits 1 if any check failed.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "..", "audio"))
from audio_cli import Failures, run, write_pipeline  # noqa: E402

MODELS = "/usr/share/pocketsphinx/model"
REFERENCE = ("and so my fellow americans ask not what your country can do for you "
             "ask what you can do for your country")
# Measured 2026-12-06 (natively and in wasm alike): 4 errors in 22 words, both pipelines.
MAX_ERRORS = {"vad": 4, "whole": 4}
SYNTHETIC = "the weather is nice today and the music is playing"


def word_errors(hypothesis, reference):
    """Word-level Levenshtein distance (substitutions + deletions + insertions)."""
    hyp, ref = hypothesis.split(), reference.split()
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[len(hyp)]


def transcript(stdout):
    return " ".join(item["text"] for item in json.loads(stdout)["outputs"]["asr"]).strip()


def main():
    cli, work = sys.argv[1], sys.argv[3]
    targets = ["native"] + (["wasm"] if "--wasm" in sys.argv[4:] else [])
    jfk = os.environ.get("RM_JFK_WAV", "")
    failures = Failures()
    if not os.path.isfile(jfk) or not os.path.isdir(MODELS + "/en-us/en-us"):
        print(f"FAIL setup: needs RM_JFK_WAV ({jfk!r}) and {MODELS}/en-us (pocketsphinx-en-us)")
        return 1
    os.makedirs(work, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="sphinx-", dir=work)
    try:
        shutil.copy(jfk, os.path.join(tmp, "jfk.wav"))
        shutil.copy(os.path.join(ROOT, "examples", "audio", "transcribe.json"), tmp)
        whole = write_pipeline(tmp, "whole", [
            {"id": "decode", "node_type": "AudioDecodeNode", "params": {}},
            {"id": "asr", "node_type": "PocketSphinxNode", "params": {}}], ["jfk.wav"])
        for name, manifest in (("vad", os.path.join(tmp, "transcribe.json")), ("whole", whole)):
            outs = {}
            for target in targets:
                code, out, err = run(cli, target, manifest)
                if code != 0:
                    failures.fail(f"jfk-{name}-{target}", f"exit {code}: {err.decode()[-400:]}")
                    continue
                outs[target] = out
                text = transcript(out)
                errors = word_errors(text, REFERENCE)
                print(f"jfk.wav {name} {target}: WER {errors / len(REFERENCE.split()):.3f} "
                      f"({errors}/{len(REFERENCE.split())}): {text}")
                if errors > MAX_ERRORS[name]:
                    failures.fail(f"jfk-{name}-{target}",
                                  f"{errors} word errors, more than the measured {MAX_ERRORS[name]}")
            if len(outs) == 2 and outs["native"] != outs["wasm"]:
                failures.fail(f"jfk-{name}-parity",
                              f"native {transcript(outs['native'])!r} vs wasm {transcript(outs['wasm'])!r}")

        # Synthesised speech: parity only.
        spoken = os.path.join(tmp, "spoken.wav")
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "140", "-w", spoken, SYNTHETIC],
                       check=True, capture_output=True)
        synth = write_pipeline(tmp, "synth", [
            {"id": "decode", "node_type": "AudioDecodeNode", "params": {}},
            {"id": "resample", "node_type": "ResampleNode", "params": {"target_rate": 16000}},
            {"id": "asr", "node_type": "PocketSphinxNode", "params": {}}], ["spoken.wav"])
        outs = {t: run(cli, t, synth) for t in targets}
        for target, (code, out, err) in outs.items():
            if code != 0:
                failures.fail(f"synthetic-{target}", f"exit {code}: {err.decode()[-400:]}")
            else:
                print(f"synthetic {target}: {transcript(out)!r} (said: {SYNTHETIC!r})")
        if len(outs) == 2 and outs["native"][1] != outs["wasm"][1]:
            failures.fail("synthetic-parity", f"{outs['native'][1][:300]} vs {outs['wasm'][1][:300]}")

        check_bundle(cli, tmp, targets, failures)
        check_broken_models(cli, tmp, targets, failures)
        check_progress(cli, whole, targets, failures)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{failures.count} failed")
    return 1 if failures.count else 0


def check_bundle(cli, tmp, targets, failures):
    manifest = os.path.join(tmp, "transcribe.json")
    code, expected, err = run(cli, "native", manifest)
    if code != 0:
        failures.fail("bundle-expected", f"exit {code}: {err.decode()[-300:]}")
        return
    bundle = os.path.join(tmp, "transcribe.rmpkg")
    # With the wasm target built, the bundle carries it (a native-only build has none to pack).
    runtime = ["--with-runtime"] if "wasm" in targets else []
    pack = subprocess.run([cli, "pack", manifest, "--models", MODELS, "--include", "jfk.wav",
                           *runtime, "-o", bundle], capture_output=True, timeout=600)
    if pack.returncode != 0:
        failures.fail("bundle-pack", pack.stdout.decode()[-300:] + pack.stderr.decode()[-300:])
        return
    print(f"transcribe.rmpkg with its model{', runtime and stdlib' if runtime else ''}: "
          f"{os.path.getsize(bundle)} bytes")
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty, exist_ok=True)
    for target in targets:
        # A wasm32-wasi bundle runs in wasm unless told otherwise.
        native = ["--target", "native"] if target == "native" else []
        code, out, err = run(cli, target, bundle, "--models", empty, *native)
        if code != 0 or out != expected:
            failures.fail(f"bundle-{target}", f"exit {code}: {out[:300]!r} {err.decode()[-300:]}")
    os.remove(bundle)


def check_broken_models(cli, tmp, targets, failures):
    models = os.path.join(tmp, "models")
    shutil.copytree(MODELS + "/en-us", os.path.join(models, "en-us"))
    hmm = os.path.join(models, "en-us", "en-us")
    manifest = write_pipeline(tmp, "broken", [
        {"id": "asr", "node_type": "PocketSphinxNode", "params": {}}], [])
    cases = (
        ("truncated-means", lambda: os.truncate(os.path.join(hmm, "means"), 5000),
         "invalid_model", "$.manifest.nodes[0].params.hmm"),
        ("not-an-mdef", lambda: open(os.path.join(hmm, "mdef"), "wb").write(b"hello"),
         "invalid_model", "$.manifest.nodes[0].params.hmm"),
        ("no-dict", lambda: os.remove(os.path.join(models, "en-us", "cmudict-en-us.dict")),
         "resource_not_found", "$.manifest.nodes[0].params.dict"),
    )
    for name, damage, code, path in cases:
        shutil.rmtree(os.path.join(models, "en-us"))
        shutil.copytree(MODELS + "/en-us", os.path.join(models, "en-us"))
        damage()
        docs = {}
        for target in targets:
            rc, out, err = run(cli, target, manifest, "--models", models)
            docs[target] = out
            try:
                error = json.loads(out)["error"]
            except (ValueError, KeyError):
                failures.fail(f"{name}-{target}", f"exit {rc}, no error document: {out[:300]!r}")
                continue
            if rc != 2 or error.get("code") != code or error.get("path") != path:
                failures.fail(f"{name}-{target}", f"exit {rc}: {error}")
        if len(docs) == 2 and docs["native"] != docs["wasm"]:
            failures.fail(f"{name}-parity", f"{docs['native']!r} vs {docs['wasm']!r}")
    rc, out, _ = run(cli, "native", manifest, "--models", os.path.join(tmp, "nowhere"))
    if rc != 2 or b"--models" not in out:
        failures.fail("models-not-a-directory", f"exit {rc}: {out[:300]!r}")


def check_progress(cli, manifest, targets, failures):
    lines = {}
    for target in targets:
        rc, _, err = run(cli, target, manifest, "--progress")
        lines[target] = [l for l in err.decode().splitlines() if l.startswith("remotemedia: asr ")]
        if rc != 0 or not lines[target] or lines[target][-1] != "remotemedia: asr 100%":
            failures.fail(f"progress-{target}", f"exit {rc}, lines {lines[target]}")
    if len(lines) == 2 and lines["native"] != lines["wasm"]:
        failures.fail("progress-parity", f"{lines['native']} vs {lines['wasm']}")


if __name__ == "__main__":
    sys.exit(main())
