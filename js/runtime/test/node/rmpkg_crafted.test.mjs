// The package's reader (inspectPackage: src/pkg's C++ reader compiled into the wasm module, with
// zlib and libsodium cross-built from Debian's sources) against the CLI's (`remotemedia verify`,
// the same code built natively) on bundles crafted byte by byte, each valid but for one defect:
// both must give the same answer - the same error document (code, message, entry) or both
// accept - and that answer must be the one docs/rmpkg.md names. Covers what the hostile corpus
// does not: zlib's strictness, the JSON rules, key files and libsodium's signature refusals, so
// that a difference between the two builds (a library, a flag, the target) shows here.

import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { MANIFEST, bundle, cliVerify, crc32, deflate, jsRead, keygen, rawZip, sha256, skipNoCli,
  tempDir } from './lib/rmpkg_fixtures.mjs';

const random = (n, seed = 1) => {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
};
const text = (s) => new TextEncoder().encode(s);
const manifestWith = (extra) => JSON.stringify({ ...MANIFEST, ...extra });
const deep = (n) => '['.repeat(n) + ']'.repeat(n);
const NOISE = random(3000);
const padded = (stream, length) => Buffer.concat([stream, new Uint8Array(length - stream.length)]);
const noiseStream = deflate(NOISE);

// name -> [expected code, bundle bytes]
const CASES = {
  valid: ['OK', bundle()],
  stored_block_nlen_corrupt: ['bundle_unreadable', bundle({ files: { 'models/noise.bin': NOISE },
    entry: { 'models/noise.bin': { stored: (() => { const s = deflate(NOISE, 0); s[3] ^= 0xff; return s; })() } } })],
  stored_block_intact: ['OK', bundle({ files: { 'models/noise.bin': NOISE },
    entry: { 'models/noise.bin': { stored: deflate(NOISE, 0) } } })],
  junk_after_stream: ['bundle_layout_invalid', bundle({ files: { 'models/noise.bin': NOISE },
    entry: { 'models/noise.bin': { stored: Buffer.concat([noiseStream, text('JUNK')]) } } })],
  stream_truncated: ['bundle_unreadable', bundle({ files: { 'models/noise.bin': NOISE },
    entry: { 'models/noise.bin': { stored: noiseStream.slice(0, -3) } } })],
  block_type_3: ['bundle_unreadable', bundle({ files: { 'models/noise.bin': NOISE },
    entry: { 'models/noise.bin': { stored: Uint8Array.of(0x07, 0, 0) } } })],
  more_than_declared: ['bundle_too_large', bundle({ files: { 'models/noise.bin': NOISE },
    entry: { 'models/noise.bin': { size: NOISE.length - 1 } } })],
  less_than_declared: ['bundle_unreadable', bundle({ files: { 'models/noise.bin': NOISE },
    entry: { 'models/noise.bin': { size: NOISE.length + 1 } } })],
  crc_wrong_deflated: ['bundle_crc_mismatch', bundle({ entry: { 'nodes/x.py': { crc: 1234 } } })],
  stored_sizes_differ: ['bundle_layout_invalid', bundle({ entry: { 'nodes/x.py': { method: 0, size: 7 } } })],
  method_bzip2: ['bundle_unreadable', bundle({ entry: { 'nodes/x.py': { method: 12, stored: 'X = 1\n' } } })],
  method_aes: ['bundle_encrypted', bundle({ entry: { 'nodes/x.py': { method: 99, stored: 'X = 1\n' } } })],
  strong_encryption_flag: ['bundle_encrypted', bundle({ entry: { 'nodes/x.py': { flags: 0x40 } } })],
  fifo: ['bundle_symlink', bundle({ entry: { 'nodes/x.py': { mode: 0o010644 } } })],
  symlink_mode_from_dos: ['OK', bundle({ entry: { 'nodes/x.py': { mode: 0o120777, madeBy: 0x0014 } } })],
  no_mode_bits: ['OK', bundle({ entry: { 'nodes/x.py': { externalAttr: 0 } } })],
  descriptor_signed: ['OK', bundle({ entry: { 'nodes/x.py': { descriptor: 'signed' } } })],
  descriptor_bare: ['OK', bundle({ entry: { 'nodes/x.py': { descriptor: 'bare' } } })],
  descriptor_disagrees: ['bundle_layout_invalid', bundle({ entry: { 'nodes/x.py': { descriptor: 'signed',
    descriptorValues: { crc: crc32(text('X = 1\n')), compressed: 1, size: 6 } } } })],
  local_name_differs: ['bundle_layout_invalid', bundle({ entry: { 'nodes/x.py': { localName: 'nodes/y.py' } } })],
  central_offset_past_entries: ['bundle_layout_invalid', bundle({ entry: { 'nodes/x.py': { central: { offset: 0x7fff0000 } } } })],
  directory_entries: ['OK', bundle({ extra: [{ name: 'nodes/', method: 0, mode: 0o040755 }, { name: 'models/', method: 0, mode: 0o040755 }] })],
  directory_name_file_mode: ['bundle_layout_invalid', bundle({ extra: [{ name: 'models/', method: 0 }] })],
  file_name_directory_mode: ['bundle_layout_invalid', bundle({ extra: [{ name: 'models', method: 0, mode: 0o040755 }] })],
  directory_with_data: ['bundle_unreadable', bundle({ extra: [{ name: 'models/', data: 'x', mode: 0o040755 }] })],
  directory_twice: ['bundle_duplicate_entry', bundle({ extra: [{ name: 'nodes/', method: 0, mode: 0o040755 }, { name: 'nodes/', method: 0, mode: 0o040755 }] })],
  file_and_directory: ['bundle_duplicate_entry', bundle({ extra: [{ name: 'nodes/x.py/', method: 0, mode: 0o040755 }] })],
  file_is_parent: ['bundle_duplicate_entry', bundle({ files: { models: 'a', 'models/b': 'b' } })],
  non_utf8_directory: ['OK', bundle({ extra: [{ name: Buffer.from([0x6d, 0xff, 0x2f]), method: 0, mode: 0o040755 }] })],
  non_utf8_file: ['bundle_unlisted_file', bundle({ extra: [{ name: Buffer.from([0x6d, 0xff]), data: 'x' }] })],
  control_character: ['bundle_entry_escapes', bundle({ extra: [{ name: 'nodes/a\x01b.py', data: 'x' }] })],
  dot_component: ['bundle_entry_escapes', bundle({ extra: [{ name: 'nodes/./a.py', data: 'x' }] })],
  double_slash_directory: ['bundle_entry_escapes', bundle({ extra: [{ name: 'nodes//', method: 0 }] })],
  name_512_bytes: ['bundle_unlisted_file', bundle({ extra: [{ name: `${'a'.repeat(255)}/${'b'.repeat(254)}/0`, data: 'x' }] })],
  name_513_bytes: ['bundle_name_too_long', bundle({ extra: [{ name: `${'a'.repeat(255)}/${'b'.repeat(255)}/0`, data: 'x' }] })],
  too_many_entries: ['bundle_too_large', bundle({ extra: Array.from({ length: 10001 }, (_, i) => ({ name: `d${i}/`, method: 0 })) })],
  declared_ratio_over_200: ['bundle_ratio_exceeded', bundle({ files: { 'models/z.bin': new Uint8Array(2 << 20) },
    entry: { 'models/z.bin': { stored: padded(deflate(new Uint8Array(2 << 20)), Math.floor((2 << 20) / 200) - 1) } } })],
  streaming_ratio: ['bundle_ratio_exceeded', bundle({ files: { 'models/z.bin': new Uint8Array(4 << 20) },
    entry: { 'models/z.bin': { stored: Buffer.concat([deflate(new Uint8Array(4 << 20)), new Uint8Array((4 << 20) / 150)]) } } })],
  manifest_duplicate_key: ['bundle_manifest_invalid', bundle({ manifest: JSON.stringify(MANIFEST).replace('{', '{"format": "x",') })],
  manifest_depth_256: ['OK', bundle({ manifest: manifestWith({ extra: JSON.parse(deep(255)) }) })],
  manifest_depth_257: ['bundle_manifest_invalid', bundle({ manifest: manifestWith({ extra: JSON.parse(deep(256)) }) })],
  manifest_int64_max: ['OK', bundle({ manifest: manifestWith({ n: 0 }).replace('"n":0', '"n":9223372036854775807,"m":-9223372036854775808') })],
  manifest_int64_overflow: ['bundle_manifest_invalid', bundle({ manifest: manifestWith({ n: 0 }).replace('"n":0', '"n":9223372036854775808') })],
  manifest_big_float: ['OK', bundle({ manifest: manifestWith({ n: 0 }).replace('"n":0', '"n":9223372036854775808.0') })],
  manifest_lone_surrogate: ['bundle_manifest_invalid', bundle({ manifest: manifestWith({ n: 'X' }).replace('"X"', '"\\ud800x"') })],
  manifest_low_surrogate: ['bundle_manifest_invalid', bundle({ manifest: manifestWith({ n: 'X' }).replace('"X"', '"\\udc00"') })],
  manifest_surrogate_pair: ['OK', bundle({ manifest: manifestWith({ n: 'X' }).replace('"X"', '"\\ud83d\\ude00"') })],
  manifest_bom: ['OK', bundle({ manifest: `\ufeff${JSON.stringify(MANIFEST)}` })],
  manifest_bad_utf8: ['bundle_manifest_invalid', bundle({ manifest: Buffer.concat([text(manifestWith({ n: 'X' })).slice(0, -3), Buffer.from([0xff, 0x22, 0x7d])]) })],
  manifest_trailing_comma: ['bundle_manifest_invalid', bundle({ manifest: manifestWith({}).replace(/}$/, ',}') })],
  manifest_not_object: ['bundle_manifest_invalid', bundle({ manifest: '[1]' })],
  manifest_no_pipeline: ['bundle_manifest_invalid', bundle({ manifest: manifestWith({ pipeline: undefined }) })],
  manifest_pipeline_list: ['bundle_manifest_invalid', bundle({ manifest: manifestWith({ pipeline: [] }) })],
  manifest_no_target: ['bundle_wrong_target', bundle({ manifest: manifestWith({ runtime_target: undefined }) })],
  manifest_bad_json_and_target: ['bundle_manifest_invalid', bundle({ manifest: '{"runtime_target": "x",}' })],
  checksums_duplicate_key: ['bundle_checksum_mismatch', bundle({ checksums: null, files: {} , entry: {} })],
  checksums_upper_hex: ['bundle_checksum_mismatch', null],
  checksums_wide_digest_and_unlisted: ['bundle_checksum_mismatch', null],
  checksums_wrong_algorithm: ['bundle_checksum_mismatch', null],
  checksums_lists_missing: ['bundle_checksum_mismatch', null],
  checksums_lists_itself: ['bundle_checksum_mismatch', null],
  no_checksums: ['bundle_checksum_mismatch', rawZip([{ name: 'manifest.json', data: JSON.stringify(MANIFEST) }])],
  empty_archive: ['bundle_missing_manifest', rawZip([])],
  eocd_comment_length_without_comment: ['bundle_layout_invalid', (() => { const b = bundle(); b[b.length - 2] = 6; return b; })()],
};

const SYNTAX_ERRORS = new Set(['manifest_bad_utf8', 'manifest_trailing_comma', 'manifest_bad_json_and_target',
  'manifest_lone_surrogate', 'manifest_low_surrogate']);

// The checksum variants need the real digests of the default files.
{
  const files = { 'manifest.json': JSON.stringify(MANIFEST), 'nodes/x.py': 'X = 1\n' };
  const digests = Object.fromEntries(Object.entries(files).map(([n, d]) => [n, sha256(d)]));
  const sums = (f, algorithm = 'sha256') => JSON.stringify({ algorithm, files: f });
  const dup = sums(digests).replace('{"manifest.json"', `{"nodes/x.py":"${digests['nodes/x.py']}","manifest.json"`);
  CASES.checksums_duplicate_key[1] = bundle({ checksums: dup });
  CASES.checksums_upper_hex[1] = bundle({ checksums: sums({ ...digests, 'nodes/x.py': digests['nodes/x.py'].toUpperCase() }) });
  CASES.checksums_wide_digest_and_unlisted[1] = bundle({ files: { 'nodes/y.py': 'Y' },
    checksums: sums({ ...digests, 'nodes/z.py': 'é'.repeat(64) }) });
  CASES.checksums_wrong_algorithm[1] = bundle({ checksums: sums(digests, 'sha512') });
  CASES.checksums_lists_missing[1] = bundle({ checksums: sums({ ...digests, 'nodes/gone.py': digests['nodes/x.py'] }) });
  CASES.checksums_lists_itself[1] = bundle({ checksums: sums({ ...digests, 'meta/checksums.json': '0'.repeat(64) }) });
}

test('crafted bundles: the wasm reader gives the CLI verify document, and the documented code', { skip: skipNoCli }, async (t) => {
  const dir = tempDir(t);
  for (const [name, [expected, bytes]] of Object.entries(CASES)) {
    const js = await jsRead(bytes);
    const native = cliVerify(dir, bytes);
    assert.equal(js.code, native.code, `${name}: JS ${js.code} vs CLI ${native.code} (${native.stdout.trim()})`);
    if (js.code !== 'OK') {
      // nlohmann's own syntax-error wording is not reproduced: up to "malformed JSON:" only.
      const cut = (doc) => (SYNTAX_ERRORS.has(name)
        ? { ...doc, error: { ...doc.error, message: doc.error.message.replace(/(malformed JSON:).*/, '$1') } } : doc);
      assert.deepEqual(cut(js.doc), cut(native.doc), `${name}: the error documents differ`);
      assert.equal(js.exitCode, 2, `${name}: a refusal is invalid input`);
    }
    assert.equal(js.code, expected, `${name}: both readers say ${js.code}, docs/rmpkg.md says ${expected}`);
  }
});

// libsodium's secret key is seed || public key; WebCrypto signs with the seed as PKCS#8.
async function signer(keyFile) {
  const raw = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim().split(' ')[1], 'base64');
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), raw.subarray(0, 32)]);
  const key = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
  return async (message) => new Uint8Array(await webcrypto.subtle.sign({ name: 'Ed25519' }, key, message));
}

function signedBundle(signatureBytes) {
  const files = { 'manifest.json': JSON.stringify(MANIFEST), 'nodes/x.py': 'X = 1\n' };
  const sums = JSON.stringify({ algorithm: 'sha256',
    files: Object.fromEntries(Object.entries(files).map(([n, d]) => [n, sha256(d)])) });
  return { sums, make: (signature) => bundle({ checksums: sums, extra: [{ name: 'meta/signature', data: signature }] }) };
}

const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const ORDER_L = 2n ** 252n + 27742317777372353535851937790883648493n;
const le = (n) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const fromLe = (b) => b.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);

test('signatures and keys: the wasm reader refuses what libsodium refuses, with the CLI code', { skip: skipNoCli }, async (t) => {
  const dir = tempDir(t);
  const { pub, key, pubText } = keygen(dir);
  const sign = await signer(key);
  const { sums, make } = signedBundle();
  const signature = await sign(text(sums));
  const keyFile = (name, content) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const identity = keyFile('identity.pub', `rmpkg-ed25519-public ${b64(le(1n))}\n`);
  const nonCanonical = keyFile('noncanonical.pub', `rmpkg-ed25519-public ${b64(le(2n ** 255n - 19n + 2n))}\n`);
  const basepoint = Buffer.from('5866666666666666666666666666666666666666666666666666666666666666', 'hex');
  const sPlusL = Buffer.concat([signature.subarray(0, 32), le(fromLe(signature.subarray(32)) + ORDER_L)]);
  const cases = [
    // [name, expected, bundle bytes, key file]
    ['valid signature', 'OK', make(`${b64(signature)}\n`), pub],
    ['signature without newline', 'OK', make(b64(signature)), pub],
    ['flipped signature bit', 'bundle_signature_invalid', make(`${b64(signature.map((b, i) => (i === 5 ? b ^ 1 : b)))}\n`), pub],
    ['non-canonical S (S + L)', 'bundle_signature_invalid', make(`${b64(sPlusL)}\n`), pub],
    ['signature of 63 bytes', 'bundle_signature_invalid', make(`${b64(signature.subarray(0, 63))}\n`), pub],
    ['signature base64 with whitespace', 'bundle_signature_invalid', make(` ${b64(signature)}\n`), pub],
    ['forged for the identity key (R = B, S = 1)', 'bundle_signature_invalid',
      make(`${b64(Buffer.concat([basepoint, le(1n)]))}\n`), identity],
    ['non-canonical public key', 'bundle_signature_invalid', make(`${b64(signature)}\n`), nonCanonical],
  ];
  for (const [name, expected, bytes, keyPath] of cases) {
    const js = await jsRead(bytes, { publicKey: fs.readFileSync(keyPath, 'utf8') });
    const native = cliVerify(dir, bytes, keyPath);
    assert.equal(js.code, native.code, `${name}: JS ${js.code} vs CLI ${native.code}`);
    if (js.code !== 'OK') assert.deepEqual(js.doc, native.doc, `${name}: documents differ`);
    assert.equal(js.code, expected, name);
  }

  const good = make(`${b64(signature)}\n`);
  const raw = Buffer.from(pubText.trim().split(' ')[1], 'base64');
  assert.equal((await jsRead(good, { publicKey: new Uint8Array(raw) })).bundle?.signatureVerified, true, 'raw 32-byte key');
  assert.equal((await jsRead(good, { publicKey: text(pubText) })).bundle?.signatureVerified, true, 'key file bytes');
  const keyTexts = [
    ['without newline', pubText.trim(), 'OK'],
    ['CRLF', `${pubText.trim()}\r\n`, 'OK'],
    ['leading space', ` ${pubText}`, 'bundle_key_invalid'],
    ['a secret key file', fs.readFileSync(key, 'utf8'), 'bundle_key_invalid'],
    ['31 bytes', `rmpkg-ed25519-public ${b64(raw.subarray(0, 31))}\n`, 'bundle_key_invalid'],
    ['non-canonical base64', `rmpkg-ed25519-public ${b64(raw).replace(/=$/, '')}B\n`.replace(/.B\n$/, 'B=\n'), 'bundle_key_invalid'],
    ['empty', '', 'bundle_key_invalid'],
  ];
  for (const [name, content, expected] of keyTexts) {
    const js = await jsRead(good, { publicKey: content });
    const native = cliVerify(dir, good, keyFile('k.pub', content));
    fs.rmSync(path.join(dir, 'k.pub'));
    assert.equal(js.code, native.code, `key ${name}: JS ${js.code} vs CLI ${native.code}`);
    assert.equal(js.code, expected, `key ${name}`);
  }
  assert.equal((await jsRead(good, { publicKey: new Uint8Array(31) })).code, 'bundle_key_invalid', 'raw key of 31 bytes');
  // The key is checked before the bundle, as the CLI does.
  assert.equal((await jsRead(new Uint8Array(3), { publicKey: 'nonsense' })).code, 'bundle_key_invalid');
});

test('options: maxBytes lowers the size limit only; expectedTarget is checked', async () => {
  const bytes = bundle();
  assert.equal((await jsRead(bytes, { maxBytes: bytes.length })).code, 'OK');
  assert.equal((await jsRead(bytes, { maxBytes: bytes.length - 1 })).code, 'bundle_too_large');
  assert.equal((await jsRead(bytes, { maxBytes: -1 })).code, 'invalid_option');
  assert.equal((await jsRead(bytes, { expectedTarget: 'native' })).code, 'OK');
  const wrong = await jsRead(bytes, { expectedTarget: 'wasm32-wasi' });
  assert.equal(wrong.code, 'bundle_wrong_target');
  assert.match(wrong.error.message, /built for 'native', not 'wasm32-wasi'/);
  assert.equal((await jsRead(42)).code, 'invalid_argument');
  assert.equal((await jsRead({ bytes })).code, 'invalid_argument');
});

test('documentText is manifest.json\'s pipeline as the runtime reads it: floats stay floats, ints stay exact', async () => {
  const manifest = '{"format": "rmpkg/1", "runtime_target": "native", "pipeline": {"manifest": {"n": 1.0, "big": 12345678901234567890.5, "i": 9007199254740993}},\n "x": []}';
  const { bundle: read } = await jsRead(bundle({ manifest }));
  // The runtime's own JSON writer (what `remotemedia run BUNDLE` hands the runtime, too).
  assert.equal(read.documentText, '{"manifest": {"n": 1.0, "big": 1.2345678901234567e+19, "i": 9007199254740993}}');
  assert.deepEqual(read.document, JSON.parse(read.documentText));
  assert.deepEqual([...read.files.keys()], ['manifest.json', 'meta/checksums.json', 'nodes/x.py']);
  assert.equal(read.runtimeTarget, 'native');
  assert.equal(read.signed, false);
  assert.equal(read.signatureVerified, false);
});
