// Reads the run's input (a file, or "-" for standard input) itself, never more than
// maxBytes + 1 bytes: the guest gets the bytes as its stdin, so it never touches the host file.
// readInput returns {bytes} or {error: document}; the messages are the native CLI's
// (src/entry/read_input.cpp), as are the codes (io_error, input_too_large, exit 2).
import { closeSync, fstatSync, openSync } from 'node:fs';

import { EXIT_INVALID_INPUT, errorDocument, strerror } from './documents.mjs';
import { readSomeSync } from './host_io.mjs';

const CHUNK = 1 << 20;

const shown = (path) => (path === '-' ? '<stdin>' : path);

export function tooLarge(path, maxBytes) {
  return errorDocument('input_too_large',
    `'${shown(path)}' is larger than ${maxBytes} bytes (raise the limit with --max-input-bytes)`,
    EXIT_INVALID_INPUT);
}

// {bytes} | {failed: 'open' | 'read' | 'directory', error} | {failed: 'too_large'}: reads `path`
// ("-": fd 0) whole, or stops after maxBytes + 1 bytes. A regular file whose size already says no
// is not read.
export function readCapped(path, maxBytes) {
  const isStdin = path === '-';
  let fd = 0;
  if (!isStdin) {
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      return { failed: 'open', error };
    }
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { failed: 'directory' };
    if (stat.isFile() && stat.size > maxBytes) return { failed: 'too_large' };
    if (stat.isFile()) {
      // The size is known: read straight into one buffer (one byte more, to notice growth).
      const bytes = new Uint8Array(Math.min(stat.size, maxBytes) + 1);
      let total = 0;
      while (total < bytes.byteLength) {
        const n = readSomeSync(fd, bytes, total, bytes.byteLength - total);
        if (n === 0) break;
        total += n;
      }
      if (total > maxBytes) return { failed: 'too_large' };
      return { bytes: bytes.subarray(0, total) };
    }
    const chunks = [];
    let total = 0;
    const limit = maxBytes + 1;
    while (total < limit) {
      const want = Math.min(CHUNK, limit - total);
      const chunk = Buffer.allocUnsafe(want);
      const n = readSomeSync(fd, chunk, 0, want);
      if (n === 0) break;
      chunks.push(n === want ? chunk : chunk.subarray(0, n));
      total += n;
    }
    if (total > maxBytes) return { failed: 'too_large' };
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    return { bytes };
  } catch (error) {
    return { failed: error.code === 'EISDIR' ? 'directory' : 'read', error };
  } finally {
    if (!isStdin) closeSync(fd);
  }
}

export function readInput(path, maxBytes) {
  const read = readCapped(path, maxBytes);
  if (read.bytes) return read;
  if (read.failed === 'too_large') return { error: tooLarge(path, maxBytes) };
  let message = `cannot read '${shown(path)}': ${strerror(read.error)}`;
  if (read.failed === 'open') message = `cannot open '${path}': ${strerror(read.error)}`;
  if (read.failed === 'directory') message = `'${shown(path)}' is a directory`;
  return { error: errorDocument('io_error', message, EXIT_INVALID_INPUT) };
}
