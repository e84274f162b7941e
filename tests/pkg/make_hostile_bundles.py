"""Builds the hostile/damaged .rmpkg corpus for hostile_test.sh (nothing binary is committed).

    python3.11 make_hostile_bundles.py OUT_DIR ABSOLUTE_SENTINEL

Writes OUT_DIR/<case>.rmpkg and OUT_DIR/cases.txt, one "case expected_code" per line. Every
bundle is valid except for the one defect its case names, so each must be refused with exactly
that code. Entries that try to escape aim at files named sentinel_* (or ABSOLUTE_SENTINEL), which
the test checks were never created.
"""
import base64
import hashlib
import json
import os
import struct
import sys
import zipfile

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
    for at, name in central_records(raw):
        if name == b"nodes/x.py":
            struct.pack_into("<I", raw, at + 24, 600 << 20)


build("declared_too_large", "bundle_too_large", NODE, patch=declare_huge)
build("zip_bomb_ratio", "bundle_ratio_exceeded", {**NODE, "models/zeros.bin": bytes(32 << 20)})


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
