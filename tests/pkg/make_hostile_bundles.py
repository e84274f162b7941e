"""Builds the hostile/damaged .rmpkg corpus for hostile_test.sh (nothing binary is committed).

    python3.11 make_hostile_bundles.py OUT_DIR ABSOLUTE_SENTINEL

Writes OUT_DIR/<case>.rmpkg and OUT_DIR/cases.txt, one "case expected_code" per line. Every
bundle is valid except for the one defect its case names, so each must be refused with exactly
that code. Entries that try to escape aim at files named sentinel_* (or ABSOLUTE_SENTINEL), which
the test checks were never created.
"""
import base64
import hashlib
import io
import json
import os
import struct
import sys
import zipfile
import zlib

out_dir, absolute_sentinel = sys.argv[1], sys.argv[2]
MANIFEST = json.dumps({
    "format": "rmpkg/1",
    "runtime_target": "native",
    "package": {"name": "hostile", "version": "0.0.0", "created": "2000-01-01T00:00:00Z",
                "runtime_version": "0.1.0"},
    "pipeline": {"manifest": {"version": "v1", "nodes": [
        {"id": "add", "node_type": "AddNode", "params": {"addend": 1}}]}, "input_data": [1]},
}).encode()
cases = []


def checksums(files):
    listed = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    return json.dumps({"algorithm": "sha256", "files": dict(sorted(listed.items()))}).encode()


def build(case, code, files, extra=None, listed=None, mode=zipfile.ZIP_DEFLATED, patch=None):
    """files: name -> bytes (checksummed); extra: [(ZipInfo or name, bytes)] added unlisted."""
    entries = [("manifest.json", MANIFEST)] if "manifest.json" not in files and case != "missing_manifest" else []
    entries += list(files.items())
    digests = dict(entries) if listed is None else listed
    entries.append(("meta/checksums.json", checksums(digests)))
    entries += extra or []
    path = os.path.join(out_dir, case + ".rmpkg")
    with zipfile.ZipFile(path, "w", mode) as z:
        for name, data in entries:
            info = name if isinstance(name, zipfile.ZipInfo) else zipfile.ZipInfo(name)
            info.compress_type = mode if not isinstance(name, zipfile.ZipInfo) else info.compress_type
            if info.external_attr == 0:
                info.external_attr = 0o100644 << 16
            info.create_system = 3
            z.writestr(info, data)
    if patch:
        with open(path, "rb") as f:
            raw = bytearray(f.read())
        patch(raw)
        with open(path, "wb") as f:
            f.write(raw)
    cases.append((case, code))


def central_records(raw):
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", raw, at + 28)[0]
        yield at, bytes(raw[at + 46:at + 46 + name_len])
        at = raw.find(b"PK\x01\x02", at + 4)


def local_records(raw):
    at = raw.find(b"PK\x03\x04")
    while at != -1:
        name_len = struct.unpack_from("<H", raw, at + 26)[0]
        yield at, bytes(raw[at + 30:at + 30 + name_len])
        at = raw.find(b"PK\x03\x04", at + 4)


NODE = {"nodes/x.py": b"X = 1\n"}

# 1-4: names that escape the extraction root.
build("escape_dotdot", "bundle_entry_escapes", {**NODE, "../../sentinel_dotdot": b"pwned"})
build("escape_absolute", "bundle_entry_escapes", {**NODE, absolute_sentinel: b"pwned"})
build("escape_drive", "bundle_entry_escapes", {**NODE, "C:/sentinel_drive": b"pwned"})
build("escape_backslash", "bundle_entry_escapes", {**NODE, "..\\..\\sentinel_backslash": b"pwned"})
build("escape_nested", "bundle_entry_escapes", {**NODE, "nodes/../../sentinel_nested": b"pwned"})
# 5: a symlink pointing outside, then a file written "through" it.
link = zipfile.ZipInfo("nodes/evil")
link.external_attr = 0o120777 << 16
build("symlink", "bundle_symlink", NODE,
      extra=[(link, b"../../"), ("nodes/evil/sentinel_symlink", b"pwned")])
# 6: the same name twice (the second manifest would win in a naive reader).
build("duplicate", "bundle_duplicate_entry", NODE, extra=[("manifest.json", b"{}")])


def set_encrypted(raw):
    for at, name in central_records(raw):
        if name == b"nodes/x.py":
            raw[at + 8] |= 1
    for at, name in local_records(raw):
        if name == b"nodes/x.py":
            raw[at + 6] |= 1


build("encrypted", "bundle_encrypted", NODE, patch=set_encrypted)


def declare_huge(raw):
    # Both headers tell the same lie (a local header that disagrees is a case of its own).
    for at, name in central_records(raw):
        if name == b"nodes/x.py":
            struct.pack_into("<I", raw, at + 24, 600 << 20)
    for at, name in local_records(raw):
        if name == b"nodes/x.py":
            struct.pack_into("<I", raw, at + 22, 600 << 20)


build("declared_too_large", "bundle_too_large", NODE, patch=declare_huge)
build("zip_bomb_ratio", "bundle_ratio_exceeded", {**NODE, "models/zeros.bin": bytes(32 << 20)})
# Many entries, each under the 1 MiB the per-entry ratio check starts at: 480 x 1,000,000 zero
# bytes (480 MB, within the 512 MiB total) in about 500 KB. The whole archive's ratio bounds it.
small = bytes(1_000_000)
build("bomb_small_entries", "bundle_ratio_exceeded",
      {**NODE, **{f"models/part{i:03}.bin": small for i in range(480)}})


def corrupt_data(raw):
    at = raw.find(b"CRC-PAYLOAD-0123456789")
    raw[at] ^= 0x20


build("crc_mismatch", "bundle_crc_mismatch", {"nodes/x.py": b"# CRC-PAYLOAD-0123456789\n"},
      mode=zipfile.ZIP_STORED, patch=corrupt_data)
build("checksum_mismatch", "bundle_checksum_mismatch", NODE,
      listed={"manifest.json": MANIFEST, "nodes/x.py": b"X = 2\n"})
build("unlisted_file", "bundle_unlisted_file", NODE, extra=[("nodes/sneaky.py", b"import os\n")])
build("missing_manifest", "bundle_missing_manifest", NODE)
build("wrong_target", "bundle_wrong_target",
      {**NODE, "manifest.json": MANIFEST.replace(b'"native"', b'"x86_64-windows"')})
build("signature_missing", "bundle_signature_missing", NODE)
build("signature_invalid", "bundle_signature_invalid", NODE,
      extra=[("meta/signature", base64.b64encode(bytes(range(64))) + b"\n")])



# --- Item 12: a central directory that lies, and inflation bounded by what it really does. ------
def raw_zip(entries):
    """A ZIP with every field under control: entries are dicts with name, data (the compressed
    bytes as stored), method, crc, size, and optional overrides central_comp_size / local_offset
    (an index: point this central record at that entry's local header)."""
    out, central, offsets = bytearray(), bytearray(), []
    for e in entries:
        offsets.append(len(out))
        name = e["name"].encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, e["method"], 0, 0x2100, e["crc"],
                           len(e["data"]), e["size"], len(name), 0) + name + e["data"]
    for e, offset in zip(entries, offsets):
        name = e["name"].encode()
        comp = e.get("central_comp_size", len(e["data"]))
        if "local_offset" in e:
            offset = offsets[e["local_offset"]]
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 0x0314, 20, 0, e["method"], 0,
                               0x2100, e["crc"], comp, e["size"], len(name), 0, 0, 0, 0,
                               0o100644 << 16, offset) + name
    cd_offset = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, len(entries), len(entries),
                                 len(central), cd_offset, 0)
    return bytes(out)


def raw_entry(name, data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return {"name": name, "data": c.compress(data) + c.flush(), "method": 8,
            "crc": zlib.crc32(data), "size": len(data)}


def raw_bundle(case, code, extra_entries, files=None, manifest=MANIFEST):
    """A bundle whose checksums list `files` (name -> sha256 hex) besides the manifest and
    NODE, then `extra_entries` (raw entries, already listed in `files`)."""
    listed = {"manifest.json": hashlib.sha256(manifest).hexdigest(),
              "nodes/x.py": hashlib.sha256(NODE["nodes/x.py"]).hexdigest(), **(files or {})}
    sums = json.dumps({"algorithm": "sha256", "files": dict(sorted(listed.items()))}).encode()
    entries = [raw_entry("manifest.json", manifest), raw_entry("meta/checksums.json", sums),
               raw_entry("nodes/x.py", NODE["nodes/x.py"])] + extra_entries
    with open(os.path.join(out_dir, case + ".rmpkg"), "wb") as f:
        f.write(raw_zip(entries))
    cases.append((case, code))


# 400 MB of zeros, deflated (about 400 KB), hashed and CRC'd while streaming.
BOMB_SIZE = 400 << 20
chunk = bytes(1 << 20)
compressor, sha, crc, stream = zlib.compressobj(9, zlib.DEFLATED, -15), hashlib.sha256(), 0, []
for _ in range(BOMB_SIZE >> 20):
    stream.append(compressor.compress(chunk))
    sha.update(chunk)
    crc = zlib.crc32(chunk, crc)
stream.append(compressor.flush())
stream = b"".join(stream)
bomb_listed = {"models/zeros.bin": sha.hexdigest()}
# The repro: the central directory declares 0x7FFFFFF0 compressed bytes (so the declared
# ratio looks harmless) for an entry whose real data is ~400 KB.
raw_bundle("bomb_lying_compressed_size", "bundle_layout_invalid",
           [{"name": "models/zeros.bin", "data": stream, "method": 8, "crc": crc,
             "size": BOMB_SIZE, "central_comp_size": 0x7FFFFFF0}], bomb_listed)
# Honest sizes, but the compressed size counts padding after the end of the deflate stream, so the
# declared ratio is 190:1 while the stream inflates ~1000:1: bounded by the bytes consumed.
padding = bytes(BOMB_SIZE // 190 - len(stream))
raw_bundle("bomb_padded_stream", "bundle_ratio_exceeded",
           [{"name": "models/zeros.bin", "data": stream + padding, "method": 8, "crc": crc,
             "size": BOMB_SIZE}], bomb_listed)
# Two central records sharing one local header (the overlapping-entries bomb): the second entry
# reads the first one's data, and its checksum lists the same hash.
twin = raw_entry("nodes/y.py", b"Y = 1\n" * 1000)
raw_bundle("overlapping_entries", "bundle_layout_invalid",
           [twin, dict(twin, name="nodes/z.py", local_offset=3)],
           {"nodes/y.py": hashlib.sha256(b"Y = 1\n" * 1000).hexdigest(),
            "nodes/z.py": hashlib.sha256(b"Y = 1\n" * 1000).hexdigest()})

# --- Item 13: bytes the central directory does not account for. ---------------------------------
build("valid", None, NODE)  # a valid bundle to append to; not a case
cases.pop()
with open(os.path.join(out_dir, "valid.rmpkg"), "rb") as f:
    base = f.read()
os.remove(os.path.join(out_dir, "valid.rmpkg"))


def write_case(case, code, data):
    with open(os.path.join(out_dir, case + ".rmpkg"), "wb") as f:
        f.write(data)
    cases.append((case, code))


second = io.BytesIO()
with zipfile.ZipFile(second, "w") as z:
    z.writestr("nodes/evil.py", b"import os\n")
write_case("appended_zip", "bundle_extra_data", base + second.getvalue())
write_case("trailing_bytes", "bundle_extra_data", base + b"\n")
write_case("prepended_bytes", "bundle_extra_data", b"#!/bin/sh\nexec true\n" + base)


def add_comment(raw):
    struct.pack_into("<H", raw, len(raw) - 2, 6)
    raw.extend(b"hidden")


build("archive_comment", "bundle_extra_data", NODE, patch=add_comment)
# ... also with every offset moved past the prefix (what `zip -A` does for self-extractors).
stub = b"#!/bin/sh\nexec true\n"
adjusted = bytearray(stub + base)
for at, name in central_records(adjusted):
    struct.pack_into("<I", adjusted, at + 42, struct.unpack_from("<I", adjusted, at + 42)[0] + len(stub))
struct.pack_into("<I", adjusted, len(adjusted) - 6,
                 struct.unpack_from("<I", adjusted, len(adjusted) - 6)[0] + len(stub))
write_case("prepended_adjusted", "bundle_extra_data", bytes(adjusted))
# A ZIP64 end record and locator (pointing at the same central directory) before the end record:
# Python's zipfile would take its fields over the classic record's.
eocd = len(base) - 22
cd_size, cd_offset = struct.unpack_from("<II", base, eocd + 12)
count = struct.unpack_from("<H", base, eocd + 10)[0]
zip64 = struct.pack("<IQHHIIQQQQ", 0x06064b50, 44, 45, 45, 0, 0, count, count, cd_size, cd_offset)
locator = struct.pack("<IIQI", 0x07064b50, 0, eocd, 1)
write_case("zip64_end_record", "bundle_extra_data", base[:eocd] + zip64 + locator + base[eocd:])
# Data hidden between two entries (every offset after it shifted so the archive stays readable).
records = list(local_records(bytearray(base)))
gap_at = records[1][0]
hidden = b"HIDDEN PAYLOAD"
gapped = bytearray(base[:gap_at] + hidden + base[gap_at:])
for at, name in central_records(gapped):
    offset = struct.unpack_from("<I", gapped, at + 42)[0]
    if offset >= gap_at:
        struct.pack_into("<I", gapped, at + 42, offset + len(hidden))
struct.pack_into("<I", gapped, len(gapped) - 6, cd_offset + len(hidden))
write_case("gap_between_entries", "bundle_extra_data", bytes(gapped))

# --- Item 15: names verify must refuse because no extraction can create them. -------------------
build("name_component_too_long", "bundle_name_too_long",
      {**NODE, "nodes/" + "c" * 256 + ".py": b"pass\n"})
build("name_too_long", "bundle_name_too_long",
      {**NODE, "/".join(["d" * 100] * 10) + "/e.py": b"pass\n"})

# --- Item 11: a bundled runtime module that is not a usable wasm module. ------------------------
build("corrupt_runtime_module", "invalid_runtime_module",
      {**NODE, "manifest.json": MANIFEST.replace(b'"native"', b'"wasm32-wasi"'),
       "modules/remotemedia_runtime.wasm": b"\0asm\1\0\0\0\x07\xff\xff\xff\x0f" + bytes(64)})

# --- Bytes and names no checksum covered (found by the TypeScript port of the reader). ----------
def entry_info(name, mode, extra=b""):
    info = zipfile.ZipInfo(name)
    info.external_attr = mode
    info.extra = extra
    return info


Y = b"Y = 2\n"
EVERYTHING = {"manifest.json": MANIFEST, **NODE}
build("extra_field", "bundle_extra_data", NODE,
      extra=[(entry_info("nodes/y.py", 0o100644 << 16, struct.pack("<HH", 0xCAFE, 8) + b"HIDDEN!!"), Y)],
      listed={**EVERYTHING, "nodes/y.py": Y})

# An Info-ZIP Unicode Path field (0x7075) naming another file: `unzip` extracts the entry under
# that name while the reader, the checksums and the signature see nodes/y.py. Refused like every
# extra field (pack writes none).
unicode_path = b"nodes/evil.py"
build("unicode_path_extra_field", "bundle_extra_data", NODE,
      extra=[(entry_info("nodes/y.py", 0o100644 << 16,
                         struct.pack("<HHBI", 0x7075, 5 + len(unicode_path), 1, zlib.crc32(b"nodes/y.py"))
                         + unicode_path), Y)],
      listed={**EVERYTHING, "nodes/y.py": Y})


def local_time_differs(raw):
    # The local header's modification time is a minute later than the central record's.
    for at, name in local_records(raw):
        if name == b"nodes/x.py":
            struct.pack_into("<H", raw, at + 10, struct.unpack_from("<H", raw, at + 10)[0] + 32)


build("local_header_time_differs", "bundle_layout_invalid", NODE, patch=local_time_differs)


def claim_comment(raw):
    struct.pack_into("<H", raw, len(raw) - 2, 6)


build("comment_length_without_comment", "bundle_layout_invalid", NODE, patch=claim_comment)
build("file_with_directory_mode", "bundle_layout_invalid", NODE,
      extra=[(entry_info("nodes/y.py", (0o040755 << 16) | 0x10), Y)],
      listed={**EVERYTHING, "nodes/y.py": Y})
build("directory_with_file_mode", "bundle_layout_invalid", NODE,
      extra=[(entry_info("nodes/sub/", 0o100644 << 16), b"")])
build("checksums_list_the_signature", "bundle_checksum_mismatch", NODE,
      extra=[("meta/signature", bytes(64))],
      listed={**EVERYTHING, "meta/signature": b"anything"})

with open(os.path.join(out_dir, "not_a_zip.rmpkg"), "wb") as f:
    f.write(b"PK\x03\x04 this is not really a zip archive" * 4)
cases.append(("not_a_zip", "bundle_unreadable"))
with open(os.path.join(out_dir, "escape_dotdot.rmpkg"), "rb") as f:
    whole = f.read()
with open(os.path.join(out_dir, "truncated.rmpkg"), "wb") as f:
    f.write(whole[:len(whole) // 2])
cases.append(("truncated", "bundle_unreadable"))

with open(os.path.join(out_dir, "cases.txt"), "w") as f:
    for case, code in cases:
        f.write(f"{case} {code}\n")
