// meta/checksums.json, the SHA-256 of every other file of a bundle (docs/rmpkg.md): parsed as
// src/pkg/checksums.cpp parses it, hashed with WebCrypto (Node 20 and browsers alike).

import { RemoteMediaError } from '../errors.js';
import { JsonSyntaxError, parseStrictJson } from './strict_json.js';
import { refuse } from './refusal.js';
import { binaryString } from './zip_layout.js';

/**
 * Lower-case hex SHA-256 of `data`. Throws wasm_host_failed where the host has no WebCrypto (a
 * page served over plain http from another host than localhost is not a secure context).
 */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new RemoteMediaError('wasm_host_failed',
      'WebCrypto (crypto.subtle) is unavailable here, so bundle checksums cannot be checked: ' +
      'browsers offer it only to secure contexts (https, or http from localhost)', { exitCode: 1 });
  }
  const digest = new Uint8Array(await subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * `{"algorithm": "sha256", "files": {"<entry>": "<64 characters>", ...}}` as a map from each
 * entry name's UTF-8 bytes (a binary string, as zip_layout.ts keys entries) to its digest text,
 * or a thrown bundle_checksum_mismatch. Digests are compared as text, so one that is not
 * lower-case hex simply never matches.
 */
export function parseChecksums(bytes: Uint8Array): Map<string, string> {
  const bad = (why: string) => refuse('bundle_checksum_mismatch', null, `meta/checksums.json is invalid: ${why}`);
  let doc: unknown;
  try {
    doc = parseStrictJson(bytes).value;
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw bad(`malformed JSON: ${error.message}`);
    throw error;
  }
  if (!isObject(doc)) throw bad('not a JSON object');
  if (doc.algorithm !== 'sha256') throw bad('"algorithm" must be "sha256"');
  const files = doc.files;
  if (!isObject(files)) throw bad('"files" must be an object');
  const out = new Map<string, string>();
  const encoder = new TextEncoder();  // lengths and names as the C++ reader sees them: bytes
  for (const [name, hex] of Object.entries(files)) {
    if (typeof hex !== 'string' || encoder.encode(hex).length !== 64) throw bad(`bad digest for '${name}'`);
    out.set(binaryString(encoder.encode(name)), hex);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
