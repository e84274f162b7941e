// Reads the run's input (a file, or "-" for standard input) itself, never more than
// maxBytes + 1 bytes: the guest gets the bytes as its stdin, so it never touches the host file.
// Returns {bytes} or {error: document}; the messages are the native CLI's (src/entry/read_input.cpp).
import { closeSync, fstatSync, openSync } from 'node:fs';

import { EXIT_INVALID_INPUT, errorDocument, strerror } from './documents.mjs';
import { readSomeSync } from './host_io.mjs';

const CHUNK = 1 << 20;

export function tooLarge(maxBytes) {
  return errorDocument('input_too_large',
    `the input is larger than ${maxBytes} bytes (--max-input-bytes)`, EXIT_INVALID_INPUT);
}

export function readInput(path, maxBytes) {
  const isStdin = path === '-';
  let fd = 0;
  if (!isStdin) {
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      return { error: errorDocument('io_error', `cannot open '${path}': ${strerror(error)}`, EXIT_INVALID_INPUT) };
    }
  }
  try {
    // A regular file whose size already says no is refused without reading it.
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > maxBytes) return { error: tooLarge(maxBytes) };
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
    if (total > maxBytes) return { error: tooLarge(maxBytes) };
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    return { bytes };
  } catch (error) {
    const shown = isStdin ? '<stdin>' : path;
    return { error: errorDocument('io_error', `cannot read '${shown}': ${strerror(error)}`, EXIT_INVALID_INPUT) };
  } finally {
    if (!isStdin) closeSync(fd);
  }
}
