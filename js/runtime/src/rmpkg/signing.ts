// Ed25519 over meta/checksums.json (docs/rmpkg.md), checked with WebCrypto (Node 20 and
// Chromium both verify Ed25519 with a raw 32-byte public key). Accepts exactly what the C++
// reader (libsodium's crypto_sign_verify_detached) accepts: WebCrypto's Ed25519 (OpenSSL,
// BoringSSL) would also accept a signature whose R is a small-order point and a public key that
// is non-canonical or of small order, which libsodium refuses, so those are refused here first.

import { RemoteMediaError } from '../errors.js';
import { decodeBase64Strict } from './base64.js';
import { refuse } from './refusal.js';

const PUBLIC_TAG = 'rmpkg-ed25519-public ';
const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

// libsodium's ge25519_has_small_order blocklist: encodings (sign bit ignored) of the points of
// order 1, 2, 4 and 8, and the non-canonical encodings p and p + 1 of 0 and 1.
const SMALL_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map(hexBytes);
// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const ORDER = hexBytes('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function hasSmallOrder(point: Uint8Array): boolean {
  return SMALL_ORDER.some((bad) => {
    for (let i = 0; i < 31; i++) if (point[i] !== bad[i]) return false;
    return (point[31]! & 0x7f) === bad[31];
  });
}

// y >= p (with the sign bit masked): libsodium's ge25519_is_canonical refuses it.
function isCanonicalPoint(point: Uint8Array): boolean {
  if ((point[31]! & 0x7f) !== 0x7f) return true;
  for (let i = 30; i > 0; i--) if (point[i] !== 0xff) return true;
  return point[0]! < 0xed;
}

// S < L (sc25519_is_canonical).
function isCanonicalScalar(s: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (s[i]! < ORDER[i]!) return true;
    if (s[i]! > ORDER[i]!) return false;
  }
  return false;
}

function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r' || text[end - 1] === ' ')) end--;
  return text.slice(0, end);
}

/**
 * The raw 32-byte public key from the CLI's key file text (`rmpkg-ed25519-public <base64>`,
 * trailing newline allowed), from that text as bytes, or from the raw 32 bytes themselves;
 * otherwise a thrown bundle_key_invalid.
 */
export function parsePublicKey(key: string | Uint8Array | ArrayBuffer): Uint8Array {
  const invalid = () => refuse('bundle_key_invalid', null, 'not a rmpkg-ed25519-public key file');
  let text: string;
  if (typeof key === 'string') {
    text = key;
  } else if (key instanceof Uint8Array || key instanceof ArrayBuffer) {
    const bytes = key instanceof Uint8Array ? key : new Uint8Array(key);
    if (bytes.length === PUBLIC_KEY_BYTES) return bytes.slice();
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw invalid();
    }
  } else {
    throw invalid();
  }
  if (!text.startsWith(PUBLIC_TAG)) throw invalid();
  const raw = decodeBase64Strict(trimEnd(text.slice(PUBLIC_TAG.length)));
  if (!raw || raw.length !== PUBLIC_KEY_BYTES) throw invalid();
  return raw;
}

/**
 * Whether `signatureText` (meta/signature: base64 of a 64-byte detached signature, then a
 * newline) is a valid Ed25519 signature of `message` for `publicKey`. Throws wasm_host_failed
 * (not a bundle code: the bundle may be fine) when the host's WebCrypto has no Ed25519.
 */
export async function verifySignature(message: Uint8Array, signatureText: Uint8Array,
  publicKey: Uint8Array): Promise<boolean> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(signatureText);
  } catch {
    return false;
  }
  const signature = decodeBase64Strict(trimEnd(text));
  if (!signature || signature.length !== SIGNATURE_BYTES || publicKey.length !== PUBLIC_KEY_BYTES) {
    return false;
  }
  if (!isCanonicalScalar(signature.subarray(32)) || hasSmallOrder(signature.subarray(0, 32))) return false;
  if (!isCanonicalPoint(publicKey) || hasSmallOrder(publicKey)) return false;
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw noEd25519(undefined);
  let key: CryptoKey;
  try {
    key = await subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
  } catch (error) {
    if (error instanceof Error && error.name === 'NotSupportedError') throw noEd25519(error);
    return false;  // not a point on the curve: libsodium refuses it too
  }
  try {
    return await subtle.verify({ name: 'Ed25519' }, key, signature as Uint8Array<ArrayBuffer>,
      message as Uint8Array<ArrayBuffer>);
  } catch (error) {
    if (error instanceof Error && error.name === 'NotSupportedError') throw noEd25519(error);
    return false;
  }
}

function noEd25519(cause: unknown): RemoteMediaError {
  return new RemoteMediaError('wasm_host_failed',
    "this host's WebCrypto cannot verify Ed25519 signatures, so the bundle's signature cannot be checked",
    { exitCode: 1, cause });
}
