// Tampering with a well-formed ZIP (a bundle the CLI packed) for refusal tests: just enough of the
// format to find one entry's data. Trusts its input - it is only ever given the CLI's output.
//
// flipDataByte(bytes, name) returns a copy of `bytes` with one byte of entry `name`'s stored
// (compressed) data inverted, in the middle of that data; the headers are left as they were.
// Throws if the archive has no such entry or the entry has no data.

function u16(b, at) { return b[at] | (b[at + 1] << 8); }
function u32(b, at) { return (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0; }

export function entryData(bytes, name) {
  const eocd = bytes.length - 22;
  if (u32(bytes, eocd) !== 0x06054b50) throw new Error('no end-of-central-directory record at the end');
  const count = u16(bytes, eocd + 10);
  let at = u32(bytes, eocd + 16);
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (u32(bytes, at) !== 0x02014b50) throw new Error(`bad central record at ${at}`);
    const compressed = u32(bytes, at + 20);
    const nameLen = u16(bytes, at + 28), extraLen = u16(bytes, at + 30), commentLen = u16(bytes, at + 32);
    const local = u32(bytes, at + 42);
    const entryName = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLen));
    if (entryName === name) {
      const dataStart = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
      return { start: dataStart, length: compressed };
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`no entry '${name}'`);
}

export function flipDataByte(bytes, name) {
  const { start, length } = entryData(bytes, name);
  if (length === 0) throw new Error(`entry '${name}' has no data`);
  const out = new Uint8Array(bytes);
  out[start + Math.floor(length / 2)] ^= 0xff;
  return out;
}
