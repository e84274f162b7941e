// The byte layout of a ZIP archive, parsed and checked without trusting a single field: a port
// of src/pkg/zip_layout.cpp, check for check and in the same order (docs/rmpkg.md, "The
// reader", step 1). I/O-free: the archive's bytes in, its entries out, or a refusal thrown.
//
// An archive is accepted only when every byte is accounted for, so that every ZIP reader sees
// the same entries with the same data: the end-of-central-directory record (EOCD) is the last 22
// bytes; the central directory ends exactly where it starts and holds exactly its entry count,
// without comments or ZIP64 markers; each local header agrees with its central record; the
// entries (local header, data, optional data descriptor) tile the bytes before the central
// directory from offset 0; no end-of-archive signature occurs in any header but the final one.
// A declared compressed size is therefore always the number of bytes the entry really occupies.

import { refuse } from './refusal.js';

export interface ZipEntry {
  /** The name's raw bytes, as stored. */
  readonly name: Uint8Array;
  /** The same bytes as a binary string (one char per byte): the key for sets, maps and order. */
  readonly key: string;
  readonly flags: number;
  /** 0 stored, 8 deflated; anything else is for the caller to refuse. */
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  /** Declared uncompressed size. */
  readonly size: number;
  /** First byte of the compressed data within the archive. */
  dataOffset: number;
  /** High byte of "version made by" (3 = Unix). */
  readonly madeByOs: number;
  readonly externalAttributes: number;
}

export const ZIP_FLAG_ENCRYPTED = 0x0001;
export const ZIP_FLAG_DATA_DESCRIPTOR = 0x0008;
export const ZIP_FLAG_STRONG_ENCRYPTION = 0x0040;

const LOCAL_SIGNATURE = 0x04034b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const END_SIGNATURE = 0x06054b50;
const DESCRIPTOR_SIGNATURE = 0x08074b50;
const LOCAL_HEADER_BYTES = 30;
const CENTRAL_HEADER_BYTES = 46;
const END_BYTES = 22;
const ZIP64_LOCATOR_BYTES = 20;
const ZIP64_MARKER_32 = 0xffffffff;
const ZIP64_MARKER_16 = 0xffff;

// The signatures a reader looks for when it searches for the end of an archive: "PK\5\6" (end of
// central directory), "PK\6\6" (ZIP64 end record), "PK\6\7" (ZIP64 locator).
const END_SIGNATURE_TAILS: ReadonlyArray<readonly [number, number]> = [[5, 6], [6, 6], [6, 7]];

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;
}

/** One char per byte, for byte-exact comparison and byte-order sorting. */
export function binaryString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

function holdsEndSignature(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i + 4 <= end; i++) {
    if (b[i] !== 0x50 || b[i + 1] !== 0x4b) continue;
    for (const [c, d] of END_SIGNATURE_TAILS) {
      if (b[i + 2] === c && b[i + 3] === d) return true;
    }
  }
  return false;
}

/** The last start of "PK\5\6" at or before `from`, or -1 (std::string_view::rfind). */
function lastEndSignature(b: Uint8Array, from: number): number {
  for (let i = Math.min(from, b.length - 4); i >= 0; i--) {
    i = b.lastIndexOf(0x50, i);  // native: a truncated bundle is scanned whole
    if (i < 0) return -1;
    if (b[i + 1] === 0x4b && b[i + 2] === 5 && b[i + 3] === 6) return i;
  }
  return -1;
}

function sameBytes(b: Uint8Array, at: number, name: Uint8Array, length: number): boolean {
  if (length !== name.length) return false;
  for (let i = 0; i < length; i++) if (b[at + i] !== name[i]) return false;
  return true;
}

interface Extent {
  start: number;
  end: number;
  index: number;
}

// Checks the local header at `localOffset` against the central record, sets entry.dataOffset and
// returns the entry's extent. `limit` is where the central directory starts.
function checkLocal(bytes: Uint8Array, limit: number, localOffset: number, entry: ZipEntry,
  index: number): Extent {
  const name = entry.name;
  if (localOffset > limit || limit - localOffset < LOCAL_HEADER_BYTES) {
    throw refuse('bundle_layout_invalid', name, 'its local header offset is outside the entries');
  }
  const at = localOffset;
  if (u32(bytes, at) !== LOCAL_SIGNATURE) {
    throw refuse('bundle_layout_invalid', name, 'no local header at its declared offset');
  }
  const flags = u16(bytes, at + 6);
  const method = u16(bytes, at + 8);
  const crc = u32(bytes, at + 14);
  const compressed = u32(bytes, at + 18);
  const size = u32(bytes, at + 22);
  const nameLength = u16(bytes, at + 26);
  const extraLength = u16(bytes, at + 28);
  const data = localOffset + LOCAL_HEADER_BYTES + nameLength + extraLength;
  if (data > limit) {
    throw refuse('bundle_layout_invalid', name, 'its local header runs past the entries');
  }
  if (!sameBytes(bytes, at + LOCAL_HEADER_BYTES, name, nameLength)) {
    throw refuse('bundle_layout_invalid', name,
      'the local header names a different file than the central directory');
  }
  if (holdsEndSignature(bytes, at, data)) {
    throw refuse('bundle_extra_data', name, 'its local header holds an end-of-archive record');
  }
  // An encrypted entry's extra field (the AES header) is left for the reader to report as encryption.
  if (extraLength !== 0 && (flags & ZIP_FLAG_ENCRYPTED) === 0) {
    throw refuse('bundle_extra_data', name, 'its local header has an extra field (data no checksum covers)');
  }
  if (flags !== entry.flags || method !== entry.method) {
    throw refuse('bundle_layout_invalid', name,
      "the local header's flags or method differ from the central directory");
  }
  const descriptor = (flags & ZIP_FLAG_DATA_DESCRIPTOR) !== 0;
  const zeroed = descriptor && crc === 0 && compressed === 0 && size === 0;
  if (!zeroed &&
    (crc !== entry.crc32 || compressed !== entry.compressedSize || size !== entry.size)) {
    throw refuse('bundle_layout_invalid', name,
      "the local header's CRC or sizes differ from the central directory");
  }
  if (entry.compressedSize > limit - data) {
    throw refuse('bundle_layout_invalid', name,
      'its declared compressed size runs past the end of the entries');
  }
  let end = data + entry.compressedSize;
  if (descriptor) {
    // crc, compressed size, size (32-bit each), optionally preceded by a signature.
    let skip = 0;
    if (limit - end >= 4 && u32(bytes, end) === DESCRIPTOR_SIGNATURE) skip = 4;
    if (limit - end < skip + 12) {
      throw refuse('bundle_layout_invalid', name, 'its data descriptor runs past the entries');
    }
    const d = end + skip;
    if (u32(bytes, d) !== entry.crc32 || u32(bytes, d + 4) !== entry.compressedSize ||
      u32(bytes, d + 8) !== entry.size) {
      throw refuse('bundle_layout_invalid', name,
        'its data descriptor differs from the central directory');
    }
    end += skip + 12;
  }
  entry.dataOffset = data;
  return { start: localOffset, end, index };
}

/**
 * The entries in central-directory order, or a thrown refusal:
 *   bundle_unreadable      not a ZIP (no EOCD), a record cut short, ZIP64 sizes, several disks;
 *   bundle_extra_data      bytes no entry accounts for, an archive or entry comment, a second
 *                          (or ZIP64) end record;
 *   bundle_layout_invalid  offsets or compressed sizes that do not fit, overlapping entries, a
 *                          local header or data descriptor that disagrees with the central one;
 *   bundle_too_large       more than `maxEntries` entries.
 */
export function readZipLayout(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const total = bytes.length;
  if (total < END_BYTES || u32(bytes, total - END_BYTES) !== END_SIGNATURE) {
    // An end record further back means a comment or bytes appended after the archive.
    const from = total > END_BYTES ? total - END_BYTES : 0;
    const found = lastEndSignature(bytes, from);
    if (found >= 0 && total - found >= END_BYTES) {
      throw refuse('bundle_extra_data', null,
        'bytes follow the end-of-central-directory record (an archive comment or appended data)');
    }
    throw refuse('bundle_unreadable', null, 'not a ZIP archive (no end-of-central-directory)');
  }
  const eocd = total - END_BYTES;
  const disk = u16(bytes, eocd + 4);
  const cdDisk = u16(bytes, eocd + 6);
  const diskEntries = u16(bytes, eocd + 8);
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (u16(bytes, eocd + 20) !== 0) {
    // The record is the archive's last 22 bytes: the comment it claims is not there.
    throw refuse('bundle_layout_invalid', null, 'the end-of-central-directory record claims an archive comment it does not hold');
  }
  if (count === ZIP64_MARKER_16 || cdSize === ZIP64_MARKER_32 || cdOffset === ZIP64_MARKER_32) {
    throw refuse('bundle_unreadable', null, 'ZIP64 archives are not supported');
  }
  if (disk !== 0 || cdDisk !== 0 || diskEntries !== count) {
    throw refuse('bundle_unreadable', null, 'multi-disk archives are not supported');
  }
  const locator = eocd - ZIP64_LOCATOR_BYTES;
  if (eocd >= ZIP64_LOCATOR_BYTES && bytes[locator] === 0x50 && bytes[locator + 1] === 0x4b &&
    bytes[locator + 2] === 6 && bytes[locator + 3] === 7) {
    throw refuse('bundle_extra_data', null, 'the archive has a ZIP64 end record besides its own');
  }
  if (count > maxEntries) throw refuse('bundle_too_large', null, 'too many entries');
  const cdEnd = cdOffset + cdSize;
  if (cdEnd > eocd) {
    throw refuse('bundle_layout_invalid', null,
      "the central directory's declared offset and size run past its end record");
  }
  if (cdEnd < eocd) {
    throw refuse('bundle_extra_data', null,
      'bytes lie between the central directory and its end record (prepended data, ' +
      'a second archive or a ZIP64 record)');
  }

  const entries: ZipEntry[] = [];
  const localOffsets: number[] = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (cdEnd - at < CENTRAL_HEADER_BYTES || u32(bytes, at) !== CENTRAL_SIGNATURE) {
      throw refuse('bundle_unreadable', null,
        `central directory record #${i} is missing or cut short`);
    }
    const r = at;
    const nameLength = u16(bytes, r + 28);
    const extraLength = u16(bytes, r + 30);
    const commentLength = u16(bytes, r + 32);
    const record = CENTRAL_HEADER_BYTES + nameLength + extraLength + commentLength;
    if (cdEnd - at < record) {
      throw refuse('bundle_unreadable', null, `central directory record #${i} is cut short`);
    }
    const name = bytes.slice(r + CENTRAL_HEADER_BYTES, r + CENTRAL_HEADER_BYTES + nameLength);
    const compressed = u32(bytes, r + 20);
    const size = u32(bytes, r + 24);
    const startDisk = u16(bytes, r + 34);
    const localOffset = u32(bytes, r + 42);
    if (compressed === ZIP64_MARKER_32 || size === ZIP64_MARKER_32 ||
      localOffset === ZIP64_MARKER_32 || startDisk === ZIP64_MARKER_16) {
      throw refuse('bundle_unreadable', name, 'ZIP64 entries are not supported');
    }
    if (startDisk !== 0) {
      throw refuse('bundle_unreadable', name, 'multi-disk archives are not supported');
    }
    if (commentLength !== 0) {
      throw refuse('bundle_extra_data', name, 'has a comment (data no checksum covers)');
    }
    if (extraLength !== 0 && (u16(bytes, r + 8) & ZIP_FLAG_ENCRYPTED) === 0) {
      throw refuse('bundle_extra_data', name, 'its central record has an extra field (data no checksum covers)');
    }
    if (holdsEndSignature(bytes, r, r + record)) {
      throw refuse('bundle_extra_data', name, 'its central record holds an end-of-archive record');
    }
    entries.push({
      name,
      key: binaryString(name),
      flags: u16(bytes, r + 8),
      method: u16(bytes, r + 10),
      crc32: u32(bytes, r + 16),
      compressedSize: compressed,
      size,
      dataOffset: 0,
      madeByOs: u16(bytes, r + 4) >> 8,
      externalAttributes: u32(bytes, r + 38),
    });
    localOffsets.push(localOffset);
    at += record;
  }
  if (at !== cdEnd) {
    throw refuse('bundle_extra_data', null,
      'the central directory holds bytes beyond its declared entries');
  }

  const extents = entries.map((entry, i) => checkLocal(bytes, cdOffset, localOffsets[i]!, entry, i));
  extents.sort((a, b) => a.start - b.start);
  let expected = 0;
  for (const extent of extents) {
    const name = entries[extent.index]!.name;
    if (extent.start < expected) throw refuse('bundle_layout_invalid', name, 'overlaps another entry');
    if (extent.start > expected) {
      throw refuse('bundle_extra_data', name, expected === 0
        ? 'bytes precede the first entry (prepended data)'
        : 'bytes no entry accounts for precede it');
    }
    expected = extent.end;
  }
  if (expected !== cdOffset) {
    throw refuse('bundle_extra_data', null, 'bytes no entry accounts for precede the central directory');
  }
  return entries;
}
