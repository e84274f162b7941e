// The structural check of a bundled WebAssembly module (docs/rmpkg.md, "The reader", step 7): a
// port of src/pkg/wasm_module_check.cpp. Magic and version 1; every section a known id (0-13),
// a length inside the module, a custom section's name inside its section, non-custom sections at
// most once and in the specification's order; an export section exporting the function
// `rm_abi_version` and the memory `memory` (the runtime reactor). It does not compile the module.

import { RemoteMediaError } from '../errors.js';
import { INVALID_INPUT_EXIT } from './refusal.js';

// Position of each non-custom section id in the order the specification requires (tag, 13,
// between memory and global; data count, 12, between element and code).
const ORDER = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6];

class Reader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}
  done(): boolean {
    return this.at === this.bytes.length;
  }
  byte(): number | null {
    return this.done() ? null : this.bytes[this.at++]!;
  }
  // An unsigned LEB128 of at most 32 bits (at most 5 bytes, no bits above 32).
  u32(): number | null {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      if (b === null) return null;
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) return value > 0xffffffff ? null : value;
    }
    return null;
  }
  take(n: number): Uint8Array | null {
    if (n > this.bytes.length - this.at) return null;
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

function refuse(label: string, what: string, entry: string): RemoteMediaError {
  const message = `'${label}' is not a usable wasm module: ${what}`;
  return new RemoteMediaError('invalid_runtime_module', message, {
    exitCode: INVALID_INPUT_EXIT,
    result: { status: 'error', error: { code: 'invalid_runtime_module', message, entry } },
  });
}

function isName(bytes: Uint8Array, name: string): boolean {
  if (bytes.length !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (bytes[i] !== name.charCodeAt(i)) return false;
  return true;
}

function checkExports(contents: Uint8Array, label: string): void {
  const r = new Reader(contents);
  const count = r.u32();
  if (count === null) throw refuse(label, 'malformed export section', label);
  let abi = false;
  let memory = false;
  for (let i = 0; i < count; i++) {
    const length = r.u32();
    const name = length === null ? null : r.take(length);
    const kind = name === null ? null : r.byte();
    const index = kind === null ? null : r.u32();
    if (name === null || kind === null || index === null) {
      throw refuse(label, 'malformed export section', label);
    }
    if (kind === 0 && isName(name, 'rm_abi_version')) abi = true;
    if (kind === 2 && isName(name, 'memory')) memory = true;
  }
  if (!r.done()) throw refuse(label, 'malformed export section', label);
  if (!abi) throw refuse(label, "it exports no function 'rm_abi_version' (it is not the runtime reactor, remotemedia_runtime.wasm)", label);
  if (!memory) throw refuse(label, "it exports no memory 'memory'", label);
}

/** Throws invalid_runtime_module (exit 2, `entry` = label) unless `module` passes the check. */
export function checkWasmModule(module: Uint8Array, label: string): void {
  const r = new Reader(module);
  const header = r.take(8);
  if (!header || !(header[0] === 0 && isName(header.subarray(1, 4), 'asm'))) {
    throw refuse(label, 'no wasm magic number', label);
  }
  if (!(header[4] === 1 && header[5] === 0 && header[6] === 0 && header[7] === 0)) {
    throw refuse(label, 'not version 1 of the binary format', label);
  }
  let last = 0;
  let exports = false;
  while (!r.done()) {
    const id = r.byte() ?? 0;
    const length = r.u32();
    const contents = length === null ? null : r.take(length);
    if (contents === null) throw refuse(label, `section ${id} runs past the end of the module`, label);
    if (id === 0) {
      const custom = new Reader(contents);
      const nameLength = custom.u32();
      if (nameLength === null || custom.take(nameLength) === null) {
        throw refuse(label, "a custom section's name runs past its section", label);
      }
      continue;
    }
    const order = id < ORDER.length ? ORDER[id]! : -1;
    if (order < 0) throw refuse(label, `unknown section id ${id}`, label);
    if (order <= last) throw refuse(label, `section ${id} is out of order or repeated`, label);
    last = order;
    if (id === 7) {
      checkExports(contents, label);
      exports = true;
    }
  }
  if (!exports) throw refuse(label, 'it has no export section', label);
}
