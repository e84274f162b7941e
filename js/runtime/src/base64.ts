// Standard base64 (RFC 4648: "+/", "=" padding, no whitespace) - the encoding of the wire forms
// in docs/values.md. Table-driven so it works the same in Node and browsers without Buffer/atob
// and without building a binary string of the input.
import { RemoteMediaError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = new Uint8Array(64);
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  ENCODE[i] = ALPHABET.charCodeAt(i);
  DECODE[ALPHABET.charCodeAt(i)] = i;
}
const ascii = new TextDecoder('latin1');

/** `bytes` as base64 text. */
export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ENCODE[v >> 18]!;
    out[o++] = ENCODE[(v >> 12) & 63]!;
    out[o++] = ENCODE[(v >> 6) & 63]!;
    out[o++] = ENCODE[v & 63]!;
  }
  if (i < n) {
    const rest = n - i;
    const v = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = ENCODE[v >> 18]!;
    out[o++] = ENCODE[(v >> 12) & 63]!;
    out[o++] = rest === 2 ? ENCODE[(v >> 6) & 63]! : 61;
    out[o++] = 61;
  }
  return ascii.decode(out);
}

/** The bytes of base64 `text`; `where` (a JSON path) names the value in the error thrown for
 * text that is not canonical base64 (`invalid_wire_form`). */
export function decodeBase64(text: string, where = 'data'): Uint8Array {
  const n = text.length;
  const bad = (): never => {
    throw new RemoteMediaError('invalid_wire_form', `${where} is not valid base64`, { exitCode: 1, path: where });
  };
  if (n % 4 !== 0) bad();
  let pad = 0;
  if (n > 0 && text.charCodeAt(n - 1) === 61) pad = text.charCodeAt(n - 2) === 61 ? 2 : 1;
  const out = new Uint8Array((n / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < n; i += 4) {
    const last = i + 4 === n;
    const a = DECODE[text.charCodeAt(i)]!;
    const b = DECODE[text.charCodeAt(i + 1)]!;
    const c = last && pad >= 2 ? 0 : DECODE[text.charCodeAt(i + 2)]!;
    const d = last && pad >= 1 ? 0 : DECODE[text.charCodeAt(i + 3)]!;
    if ((a | b | c | d) < 0) bad();
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}
