// How every part of the reader refuses a bundle: a RemoteMediaError with a bundle_* code (or
// invalid_runtime_module), exit code 2 (invalid input), and - when one entry is at fault - the
// message "entry 'NAME': WHAT" and an `entry` field in the error document, exactly as
// src/pkg/refusal.cpp builds them, so the CLI and this reader report the same document.

import { RemoteMediaError } from '../errors.js';

/** Exit code of every refusal: invalid input. */
export const INVALID_INPUT_EXIT = 2;

/**
 * A raw entry name (bytes) as text for messages: control bytes (< 0x20, 0x7f) shown as \xNN so a
 * hostile name cannot break a message or a line; the rest decoded as UTF-8 (invalid sequences
 * become U+FFFD).
 */
export function printable(name: Uint8Array): string {
  let hasControl = false;
  for (const c of name) {
    if (c < 0x20 || c === 0x7f) {
      hasControl = true;
      break;
    }
  }
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  if (!hasControl) return decoder.decode(name);
  let out = '';
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c < 0x20 || c === 0x7f) {
      out += decoder.decode(name.subarray(start, i)) + '\\x' + c.toString(16).padStart(2, '0');
      start = i + 1;
    }
  }
  return out + decoder.decode(name.subarray(start));
}

/**
 * The refusal for `code`. `entry` is the entry at fault (raw bytes or already-readable text), or
 * null/'' for the bundle as a whole.
 */
export function refuse(code: string, entry: Uint8Array | string | null, what: string): RemoteMediaError {
  const shown = entry === null ? '' : typeof entry === 'string' ? entry : printable(entry);
  if (shown === '') {
    return new RemoteMediaError(code, what, {
      exitCode: INVALID_INPUT_EXIT,
      result: { status: 'error', error: { code, message: what } },
    });
  }
  const message = `entry '${shown}': ${what}`;
  return new RemoteMediaError(code, message, {
    exitCode: INVALID_INPUT_EXIT,
    result: { status: 'error', error: { code, message, entry: shown } },
  });
}
