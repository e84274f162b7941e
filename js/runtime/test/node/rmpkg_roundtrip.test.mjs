// Bundles packed by the CLI, read by the package (the reader in its wasm module): the same files, hashes, document and
// signature state as `remotemedia inspect --json` reports; the right key verifies, a wrong one
// is refused; and damaged copies (one byte flipped, or cut short) are refused with a bundle_*
// code wherever the CLI refuses them - never a crash, never accepted where the CLI refuses.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { cli, cliVerify, jsRead, keygen, python, repo, skipNoCli, tinyWasmModule } from './lib/rmpkg_fixtures.mjs';

const REFUSAL = /^(bundle_[a-z_]+|invalid_runtime_module)$/;
const realModule = path.join(repo, 'build/bin/remotemedia_runtime.wasm');
const realUsr = path.join(repo, 'build/wasi-deps/usr');

// Packs examples/python/sentiment.json natively and with a runtime and minimal stdlib, both
// signed. Without the built wasm module and stdlib, a tiny valid module and a stdlib zip of
// random (incompressible: stored deflate blocks) members stand in: the reader's rules are the
// same for both.
let packed = null;
after(() => packed && fs.rmSync(packed.dir, { recursive: true, force: true }));
function packAll() {
  packed ??= packOnce();
  return packed;
}

function packOnce() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rmpkg-roundtrip-'));
  const key = keygen(dir);
  const other = keygen(dir, 'other');
  const env = {};
  if (!fs.existsSync(realModule)) {
    env.REMOTEMEDIA_WASM_MODULE = path.join(dir, 'tiny.wasm');
    fs.writeFileSync(env.REMOTEMEDIA_WASM_MODULE, tinyWasmModule());
  }
  if (!fs.existsSync(path.join(realUsr, 'lib/python311.zip'))) {
    env.REMOTEMEDIA_WASI_USR = path.join(dir, 'usr');
    fs.mkdirSync(path.join(dir, 'usr/lib'), { recursive: true });
    const r = spawnSync(python, ['-c', `import random, sys, zipfile
r = random.Random(1)
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as z:
    for n in ["encodings/__init__.pyc", "encodings/utf_8.pyc", "traceback.pyc", "re/__init__.pyc", "codecs.pyc"]:
        z.writestr(n, r.randbytes(40000))`, path.join(dir, 'usr/lib/python311.zip')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  const source = path.join(repo, 'examples/python/sentiment.json');
  const pack = (name, args) => {
    const file = path.join(dir, name);
    const r = cli(['pack', source, '-o', file, '--sign', key.key, ...args], env);
    assert.equal(r.status, 0, `pack ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return { file, bytes: new Uint8Array(fs.readFileSync(file)) };
  };
  return { dir, key, other, env, native: pack('native.rmpkg', []),
    runtime: pack('runtime.rmpkg', ['--with-runtime', '--stdlib', 'minimal']) };
}

async function sameAsInspect(file, bytes, publicKey, pubFile) {
  const started = performance.now();
  const js = await jsRead(bytes, publicKey ? { publicKey } : undefined);
  const ms = performance.now() - started;
  assert.equal(js.code, 'OK', `${file}: ${js.error?.message}`);
  const inspect = cli(['inspect', file, '--json', ...(pubFile ? ['--pubkey', pubFile] : [])]);
  assert.equal(inspect.status, 0, inspect.stdout);
  const b = js.bundle;
  const { createHash } = await import('node:crypto');
  assert.deepEqual([...b.files].map(([name, data]) => ({ name, size: data.length,
    sha256: createHash('sha256').update(data).digest('hex') })), inspect.doc.files, `${file}: files`);
  assert.equal(b.runtimeTarget, inspect.doc.runtime_target);
  assert.equal(b.signed, inspect.doc.signed);
  assert.equal(b.signatureVerified, inspect.doc.signature_verified);
  assert.deepEqual(b.manifest.package, inspect.doc.package);
  assert.deepEqual(b.document, b.manifest.pipeline);
  assert.deepEqual(JSON.parse(b.documentText), b.document);
  return { bundle: b, ms };
}

test('CLI-packed bundles read back with the files, document and signature state inspect reports', { skip: skipNoCli }, async (t) => {
  const { dir, key, other, native, runtime } = packAll();
  for (const [name, packed] of Object.entries({ native, runtime })) {
    const { bundle, ms } = await sameAsInspect(packed.file, packed.bytes, key.pubText, key.pub);
    t.diagnostic(`${name}: ${packed.bytes.length} bytes, ${bundle.files.size} files, read in ${ms.toFixed(1)} ms`);
    assert.equal(bundle.signatureVerified, true);
    assert.ok(bundle.files.has('nodes/sentiment.py'));
    assert.equal(bundle.document.manifest.nodes.find((n) => n.id === 'sentiment').params.module, 'nodes/sentiment.py');
    const unkeyed = await sameAsInspect(packed.file, packed.bytes, undefined, undefined);
    assert.equal(unkeyed.bundle.signed, true);
    assert.equal(unkeyed.bundle.signatureVerified, false, 'no key: not verified');
    const wrong = await jsRead(packed.bytes, { publicKey: other.pubText });
    assert.equal(wrong.code, 'bundle_signature_invalid');
    assert.deepEqual(wrong.doc, cliVerify(dir, packed.bytes, other.pub).doc);
  }
  assert.equal(runtime.bytes.length > 0 && (await jsRead(runtime.bytes)).bundle.runtimeTarget, 'wasm32-wasi');
  assert.ok((await jsRead(runtime.bytes)).bundle.files.has('modules/remotemedia_runtime.wasm'));
});

// Offsets of the header bytes (local header, central record) of the entries `wanted` accepts,
// and of the end record.
function headerOffsets(bytes, wanted = () => true) {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const eocd = bytes.length - 22;
  const offsets = [];
  for (let i = eocd; i < bytes.length; i++) offsets.push(i);
  for (let at = view.readUInt32LE(eocd + 16); at < eocd;) {
    const nameLength = view.readUInt16LE(at + 28);
    const record = 46 + nameLength + view.readUInt16LE(at + 30) + view.readUInt16LE(at + 32);
    if (wanted(view.toString('utf8', at + 46, at + 46 + nameLength))) {
      const local = view.readUInt32LE(at + 42);
      const localLength = 30 + view.readUInt16LE(local + 26) + view.readUInt16LE(local + 28);
      for (let i = local; i < local + localLength; i++) offsets.push(i);
      for (let i = at; i < at + record; i++) offsets.push(i);
    }
    at += record;
  }
  return offsets;
}

// Flips each byte at `offsets` (XOR 0xff). JS must never throw anything but a refusal; where it
// accepts, the CLI must accept too and the files must be unchanged (the byte was one no reader
// interprets, e.g. a timestamp); every `compareEvery`-th refusal is checked against the CLI.
async function flipAll(t, dir, name, original, offsets, publicKey, pubFile, compareEvery) {
  const reference = (await jsRead(original, { publicKey })).bundle;
  const accepted = [];
  let refused = 0;
  let compared = 0;
  for (const [n, offset] of offsets.entries()) {
    const bytes = original.slice();
    bytes[offset] ^= 0xff;
    const js = await jsRead(bytes, { publicKey });
    assert.ok(js.code === 'OK' || REFUSAL.test(js.code), `${name} @${offset}: ${js.code}`);
    if (js.code === 'OK') {
      accepted.push(offset);
      assert.deepEqual(js.bundle.files, reference.files, `${name} @${offset}: accepted with other contents`);
    } else {
      refused++;
      assert.equal(js.exitCode, 2);
    }
    if (js.code === 'OK' || n % compareEvery === 0) {
      const native = cliVerify(dir, bytes, pubFile);
      compared++;
      assert.equal(js.code, native.code, `${name} @${offset}: JS ${js.code} vs CLI ${native.code}`);
    }
  }
  t.diagnostic(`${name}: ${offsets.length} flips, ${refused} refused, ${accepted.length} accepted by both ` +
    `readers (bytes no reader checks), ${compared} compared with the CLI`);
  return accepted;
}

test('one flipped byte: refused with a bundle_* code wherever the CLI refuses it', { skip: skipNoCli }, async (t) => {
  const { dir, key, native, runtime } = packAll();
  // The native bundle: every byte.
  const all = Array.from(native.bytes, (_, i) => i);
  const accepted = await flipAll(t, dir, 'native', native.bytes, all, key.pubText, key.pub, 8);
  // Only header bytes that no reader checks may be flipped unnoticed (times, versions,
  // permission bits, internal attributes), never a byte of entry data.
  const headers = new Set(headerOffsets(native.bytes));
  assert.deepEqual(accepted.filter((o) => !headers.has(o)), [], 'a flipped data byte was accepted');
  // The runtime bundle (each read inflates megabytes): the headers of its two large entries
  // (same writer, same fields as above), and 97 data bytes spread over the archive.
  const large = new Set(['modules/remotemedia_runtime.wasm', 'wasi-deps/usr/lib/python311.zip']);
  const offsets = headerOffsets(runtime.bytes, (name) => large.has(name));
  const inHeaders = new Set(headerOffsets(runtime.bytes));
  for (let i = 0; i < 97; i++) {
    let offset = Math.floor(((i + 0.5) * runtime.bytes.length) / 97);
    while (inHeaders.has(offset)) offset++;
    offsets.push(offset);
  }
  await flipAll(t, dir, 'runtime', runtime.bytes, offsets, key.pubText, key.pub, 16);
});

// Cut points: every 97th byte of the native bundle; of the runtime bundle (2.7 MB: each refusal
// searches the whole remainder for an end record, so every 97th byte would take a minute),
// every 97th byte of its last 64 KiB - its central directory, last entries and end record - and
// 97 cuts spread over the rest.
function cutPoints(length, whole) {
  const cuts = [];
  const tailStart = whole ? 0 : Math.max(0, length - 65536);
  for (let i = 0; i < 97 && !whole; i++) cuts.push(Math.floor((i * tailStart) / 97));
  for (let cut = tailStart; cut < length; cut += 97) cuts.push(cut);
  return cuts;
}

test('truncated at every 97th byte: refused, with the CLI\'s code', { skip: skipNoCli }, async (t) => {
  const { dir, key, native, runtime } = packAll();
  for (const [name, packed, compareEvery] of [['native', native, 1], ['runtime', runtime, 16]]) {
    let count = 0;
    for (const length of cutPoints(packed.bytes.length, name === 'native')) {
      count++;
      const bytes = packed.bytes.subarray(0, length);
      const js = await jsRead(bytes, { publicKey: key.pubText });
      assert.match(js.code, REFUSAL, `${name} cut at ${length}`);
      if (count % compareEvery === 0) {
        assert.equal(js.code, cliVerify(dir, bytes, key.pub).code, `${name} cut at ${length}`);
      }
    }
    t.diagnostic(`${name}: ${count} truncations refused`);
  }
});

test('the release build\'s example bundles read as inspect reports them', { skip: skipNoCli }, async (t) => {
  const examples = path.join(repo, 'build/release/examples');
  const files = fs.existsSync(examples) ? fs.readdirSync(examples).filter((f) => f.endsWith('.rmpkg')) : [];
  if (files.length === 0) return t.skip(`no bundles in ${examples} (the release build packs them)`);
  for (const file of files) {
    const full = path.join(examples, file);
    const { bundle, ms } = await sameAsInspect(full, new Uint8Array(fs.readFileSync(full)));
    t.diagnostic(`${file}: ${bundle.files.size} files, ${bundle.runtimeTarget}, read in ${ms.toFixed(1)} ms`);
  }
});
