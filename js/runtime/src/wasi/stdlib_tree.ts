// The stdlib zip's files as a read-only directory tree (mounted at /usr/lib/python3.11), so that
// CPython imports the stdlib through plain directory lookups instead of zipimport: zipimport
// reads and parses the whole central directory in Python code at the first import (about 100 ms
// of the start-up in wasm), a directory costs one listing per package actually used.
//
// The central directory is read here, in JS, once per stdlib; a file is inflated on its first
// open (the guest imports a few dozen of the ~500 modules), and its bytes are kept until the
// tree goes. The zip is trusted no further than this: an entry it cannot place (an unsafe name,
// an unknown method, sizes beyond the zip) makes stdlibTree return null, and the caller mounts
// the zip alone, where CPython's zipimport applies its own checks.
import { inflateRaw } from '../inflate.js';

import { wasi } from './shim.js';

import { ReadOnlyDirectory, ReadOnlyFile } from './readonly_fs.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRIES = 65536;
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** One stored or deflated member, inflated on its first open. */
class ZipMemberFile extends ReadOnlyFile {
  private inflated = false;

  constructor(private readonly compressed: Uint8Array, private readonly method: number,
    private readonly length: number) {
    super(new Uint8Array(0));
  }

  override get size(): bigint {
    return BigInt(this.length);
  }

  override path_open(oflags: number, rights: bigint): ReturnType<ReadOnlyFile['path_open']> {
    if (!this.inflated) {
      const data = this.method === 0 ? this.compressed : inflate(this.compressed);
      if (data === null || data.byteLength !== this.length) {
        return { ret: wasi.ERRNO_IO, fd_obj: null as unknown as ReturnType<ReadOnlyFile['path_open']>['fd_obj'] };
      }
      this.data = data;
      this.inflated = true;
    }
    return super.path_open(oflags, rights);
  }
}

function inflate(compressed: Uint8Array): Uint8Array | null {
  try {
    return inflateRaw(compressed);
  } catch {
    return null;
  }
}

function safeParts(name: string): string[] | null {
  const parts = name.endsWith('/') ? name.slice(0, -1).split('/') : name.split('/');
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..' || part.includes('\0') || part.includes('\\')) return null;
  }
  return parts;
}

/** The tree of `zip`'s files, or null when the zip cannot be laid out as one (see above). The
 * members share `zip`'s bytes until inflated. */
export function stdlibTree(zip: Uint8Array): ReadOnlyDirectory | null {
  try {
    return layOut(zip);
  } catch {
    return null; // a field past the end (RangeError) or a name that is not UTF-8
  }
}

function layOut(zip: Uint8Array): ReadOnlyDirectory | null {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22;
  if (end < 0 || view.getUint32(end, true) !== EOCD) return null;
  const count = view.getUint16(end + 10, true);
  const cdSize = view.getUint32(end + 12, true);
  const cdOffset = view.getUint32(end + 16, true);
  if (count > MAX_ENTRIES || cdOffset + cdSize > end) return null;
  type Dir = Map<string, Dir | ZipMemberFile>;
  const root: Dir = new Map();
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cdOffset + cdSize || view.getUint32(at, true) !== CENTRAL) return null;
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    if (next > cdOffset + cdSize) return null;
    const name = new TextDecoder('utf-8', { fatal: true }).decode(zip.subarray(at + 46, at + 46 + nameLength));
    at = next;
    const parts = safeParts(name);
    if (parts === null) return null;
    let dir = root;
    for (let p = 0; p < parts.length - 1 + (name.endsWith('/') ? 1 : 0); p++) {
      const child = dir.get(parts[p]!);
      if (child instanceof ZipMemberFile) return null;
      if (child === undefined) {
        const made: Dir = new Map();
        dir.set(parts[p]!, made);
        dir = made;
      } else {
        dir = child;
      }
    }
    if (name.endsWith('/')) continue;
    if ((method !== 0 && method !== 8) || size > MAX_FILE_BYTES || (method === 0 && compressedSize !== size)) return null;
    if (local + 30 > cdOffset || view.getUint32(local, true) !== LOCAL) return null;
    const data = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (data + compressedSize > cdOffset) return null;
    const leaf = parts[parts.length - 1]!;
    if (dir.has(leaf)) return null;
    dir.set(leaf, new ZipMemberFile(zip.subarray(data, data + compressedSize), method, size));
  }
  const build = (dir: Dir): ReadOnlyDirectory =>
    new ReadOnlyDirectory(new Map([...dir].map(([name, node]) => [name, node instanceof Map ? build(node) : node])));
  return build(root);
}
