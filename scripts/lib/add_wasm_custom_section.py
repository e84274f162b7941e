#!/usr/bin/env python3
"""Appends a custom section to a WebAssembly module, in place (after wasm-strip, which drops
custom sections). The runtime reactor carries its C ABI version this way, as the custom section
"remotemedia.abi_version" holding the version in decimal ASCII (docs/c_api.md): hosts read it
without instantiating the module (WebAssembly.Module.customSections), and the bundle reader checks
it. A section of that name already present is replaced, so running this twice is harmless.

    add_wasm_custom_section.py MODULE NAME TEXT
"""
import os
import sys


def leb128(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def read_leb128(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def without_section(module, name):
    """The module with every custom section called `name` left out."""
    out = bytearray(module[:8])
    at = 8
    while at < len(module):
        start = at
        section_id = module[at]
        size, body = read_leb128(module, at + 1)
        end = body + size
        keep = True
        if section_id == 0:
            name_len, name_at = read_leb128(module, body)
            keep = module[name_at:name_at + name_len] != name
        if keep:
            out += module[start:end]
        at = end
    return bytes(out)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    path, name, text = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
    with open(path, "rb") as f:
        module = f.read()
    if module[:8] != b"\0asm\1\0\0\0":
        sys.exit(f"{path}: not a WebAssembly module (version 1)")
    payload = leb128(len(name)) + name + text
    module = without_section(module, name) + b"\0" + leb128(len(payload)) + payload
    with open(path + ".tmp", "wb") as f:
        f.write(module)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
