// Decompressing one ZIP entry with every bound checked while it streams: a port of
// src/pkg/entry_inflate.cpp (docs/rmpkg.md, "The reader", step 3).
//
// Inflation uses pako's port of zlib's own inflate() and drives it exactly as the C++ reader
// drives zlib: all compressed bytes as input, 64 KiB of output per call, the bounds checked after
// every call. So both readers stop at the same step, count the same consumed bytes and refuse
// the same streams with the same code (fflate's Inflate, which the package uses elsewhere,
// accepts streams zlib refuses - a stored block whose NLEN is not ~LEN, bytes after the end of
// the stream - and cannot say how much input it consumed).
//
// Memory: the output never exceeds the entry's declared size (bounded by the caller) nor
// max_ratio x the compressed bytes consumed so far, plus one 64 KiB step and pako's 32 KiB
// window.

import { ZStream, Z_BUF_ERROR, Z_NO_FLUSH, Z_OK, Z_STREAM_END, zlibInflate, zlibInflateEnd,
  zlibInflateInit2 } from '../inflate.js';

import { crc32 } from './crc32.js';
import type { ReadLimits } from './limits.js';
import { refuse } from './refusal.js';
import type { ZipEntry } from './zip_layout.js';

const STEP_BYTES = 65536;

// The first allocation for an entry, as a multiple of its compressed size: most entries fit
// (deflate rarely gains more than 8:1 on real files), and a bomb's allocation stays bounded by
// its real bytes.
const INITIAL_GROWTH = 8;

/** A buffer that grows by doubling up to a fixed capacity (the entry's declared size). */
class Output {
  private buffer: Uint8Array;
  length = 0;

  constructor(private readonly capacity: number, initial: number) {
    this.buffer = new Uint8Array(Math.min(capacity, Math.max(initial, STEP_BYTES)));
  }

  append(chunk: Uint8Array): void {
    const needed = this.length + chunk.length;  // the caller keeps it <= capacity
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.min(this.capacity, Math.max(needed, this.buffer.length * 2)));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length = needed;
  }

  take(): Uint8Array {
    return this.length === this.buffer.length ? this.buffer : this.buffer.slice(0, this.length);
  }
}

function inflateRaw(data: Uint8Array, entry: ZipEntry, limits: ReadLimits): Uint8Array {
  const name = entry.name;
  const stream = new ZStream();
  if (zlibInflateInit2(stream, -15) !== Z_OK) {
    throw refuse('bundle_unreadable', name, 'cannot start the decompressor');
  }
  try {
    stream.input = data;
    stream.next_in = 0;
    stream.avail_in = data.length;
    const step = new Uint8Array(STEP_BYTES);
    const out = new Output(entry.size, data.length * INITIAL_GROWTH);
    let consumed = 0;
    for (;;) {
      stream.output = step;
      stream.next_out = 0;
      stream.avail_out = STEP_BYTES;
      const before = stream.avail_in;
      const rc: number = zlibInflate(stream, Z_NO_FLUSH);
      consumed += before - stream.avail_in;
      const produced = STEP_BYTES - stream.avail_out;
      if (rc !== Z_OK && rc !== Z_STREAM_END && !(rc === Z_BUF_ERROR && produced > 0)) {
        throw refuse('bundle_unreadable', name, rc === Z_BUF_ERROR
          ? 'its compressed data is truncated' : 'its compressed data is corrupt');
      }
      if (out.length + produced > entry.size) {
        throw refuse('bundle_too_large', name, 'holds more data than its declared size');
      }
      out.append(step.subarray(0, produced));
      const total = out.length;
      if (total >= limits.ratioMinBytes && Math.floor(total / limits.maxRatio) > consumed) {
        throw refuse('bundle_ratio_exceeded', name,
          `inflates more than ${limits.maxRatio}:1 from the compressed bytes it consumed (a zip bomb)`);
      }
      if (rc === Z_STREAM_END) break;
    }
    if (consumed !== data.length) {
      throw refuse('bundle_layout_invalid', name,
        'its compressed stream ends before its declared compressed size');
    }
    return out.take();
  } finally {
    zlibInflateEnd(stream);
  }
}

/**
 * The data of `entry` (stored, or raw deflate) from `archive`, a fresh copy owned by the caller,
 * or a thrown refusal:
 *   bundle_too_large       more data than the declared size;
 *   bundle_ratio_exceeded  produced > maxRatio x consumed, once produced >= ratioMinBytes;
 *   bundle_layout_invalid  the stream ends before its declared compressed size, or a stored
 *                          entry whose sizes differ;
 *   bundle_unreadable      corrupt or truncated data, less data than declared, an unknown method;
 *   bundle_crc_mismatch    the data does not match the entry's CRC-32.
 * Precondition: `entry` came from readZipLayout(archive, ...).
 */
export function inflateEntry(archive: Uint8Array, entry: ZipEntry, limits: ReadLimits): Uint8Array {
  const data = archive.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  let out: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) {
      throw refuse('bundle_layout_invalid', entry.name,
        'a stored entry whose compressed and uncompressed sizes differ');
    }
    out = data.slice();
  } else if (entry.method === 8) {
    out = inflateRaw(data, entry, limits);
  } else {
    throw refuse('bundle_unreadable', entry.name, `unsupported compression method ${entry.method}`);
  }
  if (out.length !== entry.size) {
    throw refuse('bundle_unreadable', entry.name, 'holds less data than its declared size');
  }
  if (crc32(out) !== entry.crc32) {
    throw refuse('bundle_crc_mismatch', entry.name, 'CRC-32 of the data does not match');
  }
  return out;
}
