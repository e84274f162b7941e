"""Audio fixtures made at test time (nothing binary is committed): speech synthesised with
espeak-ng, converted with sox (no dither, so the bytes are the same on every run), flac and lame;
jfk.wav (real speech) from the audio dependency cache; and broken files, each with the error
AudioDecodeNode must give for it.

    make_fixtures(out_dir) -> (good, bad)
      good: {name: (path, sample_rate, channels, reference)}, where reference is the path of a
            float32 little-endian raw file sox decoded from the same source (lossless formats)
            or None (MP3: compared with the WAV it was encoded from).
      bad:  {name: (path, message_part)}
"""
import os
import struct
import subprocess

SENTENCES = ("Speech segments are found between silences. "
             "The quick brown fox jumps over the lazy dog. Then it rests.")


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def duration(path):
    return float(subprocess.run(["soxi", "-D", path], check=True, capture_output=True,
                                text=True).stdout)


def make_speech(out_dir):
    """speech.wav: 22050 Hz mono 16-bit, sentences with a second of silence between them (and
    before the first and after the last). Also writes sentences.txt: each sentence's start and
    end in seconds, one per line."""
    parts = []
    for i, sentence in enumerate(s.strip() + "." for s in SENTENCES.split(".") if s.strip()):
        part = os.path.join(out_dir, f"part{i}.wav")
        run("espeak-ng", "-v", "en-us", "-s", "150", "-w", part, sentence)
        parts.append(part)
    silence = os.path.join(out_dir, "silence.wav")
    run("sox", "-n", "-r", "22050", "-c", "1", "-b", "16", silence, "trim", "0", "1")
    joined = [silence]
    at = 1.0
    times = []
    for part in parts:
        joined += [part, silence]
        length = duration(part)
        times.append((at, at + length))
        at += length + 1.0
    speech = os.path.join(out_dir, "speech.wav")
    run("sox", *joined, speech)
    with open(os.path.join(out_dir, "sentences.txt"), "w") as f:
        f.writelines(f"{start} {end}\n" for start, end in times)
    for p in parts + [silence]:
        os.remove(p)
    return speech


def raw_reference(src, out_dir, name):
    raw = os.path.join(out_dir, name + ".f32")
    run("sox", "-D", src, "-t", "f32", "-e", "floating-point", "-b", "32", "-L", raw)
    return raw


def make_fixtures(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    speech = make_speech(out_dir)
    good = {}

    def variant(name, *fmt, rate=22050, channels=1):
        path = os.path.join(out_dir, name)
        run("sox", "-D", speech, *fmt, "-r", str(rate), "-c", str(channels), path)
        good[name] = (path, rate, channels, raw_reference(path, out_dir, name))
        return path

    variant("pcm_u8.wav", "-e", "unsigned-integer", "-b", "8")
    variant("pcm_s16.wav", "-e", "signed-integer", "-b", "16")
    variant("pcm_s24.wav", "-e", "signed-integer", "-b", "24")
    variant("pcm_s32.wav", "-e", "signed-integer", "-b", "32")
    variant("float32.wav", "-e", "floating-point", "-b", "32")
    variant("float64.wav", "-e", "floating-point", "-b", "64")
    variant("stereo_44k.wav", "-b", "16", rate=44100, channels=2)
    variant("rate_48k.wav", "-b", "16", rate=48000)
    variant("rate_8k.wav", "-b", "16", rate=8000)
    variant("quad_16k.wav", "-b", "16", rate=16000, channels=4)
    stereo = good["stereo_44k.wav"][0]
    flac = os.path.join(out_dir, "stereo_44k.flac")
    run("flac", "--silent", "--force", "-o", flac, stereo)
    good["stereo_44k.flac"] = (flac, 44100, 2, good["stereo_44k.wav"][3])
    mp3 = os.path.join(out_dir, "stereo_44k.mp3")
    run("lame", "--quiet", "-b", "192", stereo, mp3)
    good["stereo_44k.mp3"] = (mp3, 44100, 2, None)
    mono_mp3 = os.path.join(out_dir, "mono_22k.mp3")
    run("lame", "--quiet", "-b", "64", good["pcm_s16.wav"][0], mono_mp3)
    good["mono_22k.mp3"] = (mono_mp3, 22050, 1, None)
    jfk = os.environ.get("RM_JFK_WAV")
    if jfk:
        good["jfk.wav"] = (jfk, 16000, 1, raw_reference(jfk, out_dir, "jfk.wav"))
    return good, make_bad(out_dir, good)


def make_bad(out_dir, good):
    wav = open(good["pcm_s16.wav"][0], "rb").read()
    flac = open(good["stereo_44k.flac"][0], "rb").read()
    mp3 = open(good["stereo_44k.mp3"][0], "rb").read()
    fmt_at = wav.index(b"fmt ") + 8

    def patched(data, offset, fmt, value):
        data = bytearray(data)
        struct.pack_into(fmt, data, offset, value)
        return bytes(data)

    data_at = wav.index(b"data") + 4
    cases = {
        "empty.wav": (b"", "not a WAV, FLAC or MP3 file (it starts with no bytes)"),
        "text.wav": (b"this is not audio, just text\n", "not a WAV, FLAC or MP3 file"),
        "zeros.bin": (bytes(4096), "not a WAV, FLAC or MP3 file (it starts with bytes 00 00 00 00)"),
        "png.wav": (b"\x89PNG\r\n\x1a\n" + bytes(64), "not a WAV, FLAC or MP3 file"),
        "riff_only.wav": (wav[:12], "no 'fmt ' chunk"),
        "header_cut.wav": (wav[:30], "'fmt ' chunk declares 16 bytes"),
        "no_data.wav": (wav[:fmt_at + 16], "no 'data' chunk"),
        "truncated_data.wav": (wav[:len(wav) // 2], "'data' chunk declares"),
        "lying_size.wav": (patched(wav, data_at, "<I", len(wav) * 4), "a truncated file, or a size that lies"),
        "huge_length.wav": (patched(wav, data_at, "<I", 0xFFFFFFF0), "declares 4294967280 bytes"),
        "zero_channels.wav": (patched(wav, fmt_at + 2, "<H", 0), "zero channels"),
        "many_channels.wav": (patched(wav, fmt_at + 2, "<H", 200), "200 channels"),
        "zero_rate.wav": (patched(wav, fmt_at + 4, "<I", 0), "a sample rate of 0 Hz"),
        "huge_rate.wav": (patched(wav, fmt_at + 4, "<I", 4000000), "4000000 Hz"),
        "odd_block_align.wav": (patched(wav, fmt_at + 12, "<H", 3), "a block align of 3 bytes"),
        "bits_12.wav": (patched(wav, fmt_at + 14, "<H", 12), "12 bits per sample"),
        "adpcm.wav": (patched(wav, fmt_at, "<H", 2), "encoding 2 is not supported"),
        "small_fmt.wav": (patched(wav, fmt_at - 4, "<I", 8), "the 'fmt ' chunk is 8 bytes, under 16"),
        "rf64.wav": (b"RF64" + wav[4:], "RF64"),
        "flac_half.flac": (flac[:len(flac) // 2], "FLAC file: its header declares"),
        "flac_header_only.flac": (flac[:42], "FLAC file"),
        "flac_magic_only.flac": (b"fLaC", "FLAC file"),
        "mp3_half.mp3": (mp3[:len(mp3) // 2], "MP3 file: its header declares"),
        "mp3_tag_only.mp3": (mp3[:600] if mp3.startswith(b"ID3") else b"ID3\x04" + bytes(60), "MP3 file"),
        "mp3_garbage_frames.mp3": (b"\xff\xfb\x90\x00" + bytes(range(256)) * 8, "MP3 file"),
    }
    bad = {}
    for name, (data, message) in cases.items():
        path = os.path.join(out_dir, name)
        with open(path, "wb") as f:
            f.write(data)
        bad[name] = (path, message)
    return bad


def make_seeds(out_dir):
    """Small files (under 64 KiB) of every format, for the decoder's fuzzer to start from."""
    os.makedirs(out_dir, exist_ok=True)
    tone = os.path.join(out_dir, "tone.wav")
    run("sox", "-D", "-n", "-r", "8000", "-c", "1", "-b", "16", tone, "synth", "0.2", "sine", "440")
    formats = {"u8.wav": ("-e", "unsigned-integer", "-b", "8"), "s24.wav": ("-b", "24"),
               "f32.wav": ("-e", "floating-point", "-b", "32"), "stereo.wav": ("-c", "2")}
    for name, fmt in formats.items():
        run("sox", "-D", tone, *fmt, os.path.join(out_dir, name))
    run("flac", "--silent", "--force", "-o", os.path.join(out_dir, "tone.flac"), tone)
    run("lame", "--quiet", "-b", "32", tone, os.path.join(out_dir, "tone.mp3"))


if __name__ == "__main__":
    import sys
    if len(sys.argv) != 3 or sys.argv[1] != "seeds":
        sys.exit("usage: fixtures.py seeds OUT_DIR")
    make_seeds(sys.argv[2])
