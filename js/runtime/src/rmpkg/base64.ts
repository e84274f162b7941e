// Strict standard base64 (RFC 4648, '+/' alphabet, '=' padding), the same acceptance as
// decode_base64 in src/core/base64.cpp: no whitespace, no missing or misplaced padding, no
// non-zero trailing bits. Key files and meta/signature are decoded with it.

function sextet(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
  if (c === 0x2b) return 62;
  if (c === 0x2f) return 63;
  return -1;
}

/** The decoded bytes, or null when `text` is not canonical base64. */
export function decodeBase64Strict(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  let padding = 0;
  if (text.length > 0 && text[text.length - 1] === '=') padding = text[text.length - 2] === '=' ? 2 : 1;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let written = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const s = [0, 0, 0, 0];
    for (let k = 0; k < 4; k++) {
      const padSlot = last && k >= 4 - padding;
      const c = text.charCodeAt(i + k);
      s[k] = padSlot ? (c === 0x3d ? 0 : -1) : sextet(c);
      if (s[k]! < 0) return null;
    }
    const n = (s[0]! << 18) | (s[1]! << 12) | (s[2]! << 6) | s[3]!;
    if (last && padding === 2 && (n & 0xffff) !== 0) return null;
    if (last && padding === 1 && (n & 0xff) !== 0) return null;
    const count = last ? 3 - padding : 3;
    const bytes = [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
    for (let k = 0; k < count; k++) out[written++] = bytes[k]!;
  }
  return out;
}
