// Shared by the rmpkg*.test.mjs suites: the CLI's reader (native) and the package's (the same C++
// reader compiled into the wasm module, through PipelineRunner.inspectPackage) side by side, and
// bundles crafted byte by byte at test time (nothing binary is committed). Not a test file itself.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
export const cliPath = path.join(repo, 'build/bin/remotemedia');
export const python = '/usr/bin/python3.11';
export const haveCli = fs.existsSync(cliPath);
export const skipNoCli = haveCli ? false : `${cliPath} is missing (build the CLI first: scripts/build.sh)`;

const { PipelineRunner } = await import(path.join(repo, 'js/runtime/dist/index.js'));

// One runner reads every bundle of a test file (each read gets an instance of its own anyway).
let reader = null;
export function bundleReader() {
  reader ??= new PipelineRunner({ lazyPython: true });
  return reader;
}

export function tempDir(t, prefix = 'rmpkg-test-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the CLI; returns {status, stdout, doc (parsed stdout or null), code (error code or 'OK')}. */
export function cli(args, env = {}) {
  const r = spawnSync(cliPath, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  let doc = null;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    // not a JSON document: leave doc null
  }
  const code = r.status === 0 ? 'OK' : doc?.error?.code ?? `exit ${r.status}`;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, doc, code };
}

/** `verify` through the CLI on `bytes` (written to a temp file in `dir`), optionally with a key file. */
export function cliVerify(dir, bytes, pubkeyFile) {
  const file = path.join(dir, `probe-${process.pid}-${Math.random().toString(36).slice(2)}.rmpkg`);
  fs.writeFileSync(file, bytes);
  try {
    return cli(['verify', file, ...(pubkeyFile ? ['--pubkey', pubkeyFile] : [])]);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/**
 * inspectPackage through the package (the wasm module's rm_bundle_open); returns {code ('OK' or
 * the error code), doc (the error document, or null), bundle (the InspectedPackage, with `files`
 * its contents: a Map of name -> bytes), error}. Anything but a RemoteMediaError is reported as
 * 'THREW ...'.
 */
export async function jsRead(bytes, options) {
  try {
    const info = await bundleReader().inspectPackage(bytes, options);
    return { code: 'OK', doc: null, bundle: { ...info, files: info.contents } };
  } catch (error) {
    if (error?.name !== 'RemoteMediaError') return { code: `THREW ${error?.stack ?? error}`, error };
    return { code: error.code, doc: error.result, error, exitCode: error.exitCode };
  }
}

export function keygen(dir, name = 'key') {
  const prefix = path.join(dir, name);
  const r = cli(['keygen', '-o', prefix]);
  if (r.status !== 0) throw new Error(`keygen failed: ${r.stdout}${r.stderr}`);
  return { pub: `${prefix}.pub`, key: `${prefix}.key`, pubText: fs.readFileSync(`${prefix}.pub`, 'utf8') };
}

export const sha256 = (data) => createHash('sha256').update(data).digest('hex');
export const crc32 = (data) => zlib.crc32 ? zlib.crc32(data) >>> 0 : crcSlow(data);

function crcSlow(data) {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Raw deflate of `data` (node's zlib; level 0 writes stored blocks). */
export const deflate = (data, level = 9) => new Uint8Array(zlib.deflateRawSync(data, { level }));

const bytesOf = (x) => (typeof x === 'string' ? Buffer.from(x, 'utf8') : Buffer.from(x));

/**
 * A ZIP with every field under control. Each entry: {name, data (raw), method (8 default),
 * stored (the bytes as stored; default: data deflated or as is), crc, size, flags, madeBy
 * (0x0314), mode (0o100644; externalAttr overrides), descriptor ('signed' | 'bare'), zeroLocal
 * (with a descriptor: local CRC/sizes zero), localName, central: {field overrides}}.
 */
export function rawZip(entries, { tail = Buffer.alloc(0) } = {}) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = bytesOf(e.name);
    const data = e.data === undefined ? Buffer.alloc(0) : bytesOf(e.data);
    const method = e.method ?? 8;
    const stored = e.stored !== undefined ? bytesOf(e.stored) : method === 8 ? Buffer.from(deflate(data)) : data;
    const crc = e.crc ?? crc32(data);
    const size = e.size ?? data.length;
    const flags = (e.flags ?? 0) | (e.descriptor ? 8 : 0);
    const zero = e.descriptor && e.zeroLocal !== false;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x2821, 12);
    local.writeUInt32LE(zero ? 0 : crc, 14);
    local.writeUInt32LE(zero ? 0 : stored.length, 18);
    local.writeUInt32LE(zero ? 0 : size, 22);
    const localName = e.localName !== undefined ? bytesOf(e.localName) : name;
    local.writeUInt16LE(localName.length, 26);
    local.writeUInt16LE(0, 28);
    let descriptor = Buffer.alloc(0);
    if (e.descriptor) {
      const d = e.descriptorValues ?? { crc, compressed: stored.length, size };
      const body = Buffer.alloc(12);
      body.writeUInt32LE(d.crc >>> 0, 0);
      body.writeUInt32LE(d.compressed, 4);
      body.writeUInt32LE(d.size, 8);
      descriptor = e.descriptor === 'signed' ? Buffer.concat([Buffer.from([0x50, 0x4b, 7, 8]), body]) : body;
    }
    const record = Buffer.concat([local, localName, stored, descriptor]);
    const central = Buffer.alloc(46);
    const c = { madeBy: e.madeBy ?? 0x0314, externalAttr: e.externalAttr ?? ((e.mode ?? 0o100644) * 65536) >>> 0,
      compressed: stored.length, size, crc, offset, ...(e.central ?? {}) };
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(c.madeBy, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x2821, 14);
    central.writeUInt32LE(c.crc >>> 0, 16);
    central.writeUInt32LE(c.compressed, 20);
    central.writeUInt32LE(c.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE(c.externalAttr >>> 0, 38);
    central.writeUInt32LE(c.offset, 42);
    locals.push(record);
    centrals.push(Buffer.concat([central, name]));
    offset += record.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end, tail]));
}

export const MANIFEST = {
  format: 'rmpkg/1',
  runtime_target: 'native',
  package: { name: 'parity', version: '0.0.0', created: '2000-01-01T00:00:00Z', runtime_version: '0.1.0' },
  pipeline: { manifest: { version: 'v1', nodes: [{ id: 'add', node_type: 'AddNode', params: { addend: 1.0 } }] },
    input_data: [1] },
};

/**
 * A bundle valid but for what the options change. files: name -> data (listed in the checksums
 * unless `unlisted` names it); manifest: text or bytes (default MANIFEST); checksums: the exact
 * checksums text (default: computed); entry: per-name overrides for rawZip; extra: raw entries
 * appended after the listed ones.
 */
export function bundle({ files = {}, manifest, checksums, entry = {}, extra = [], unlisted = [], tail } = {}) {
  const all = { 'manifest.json': manifest ?? JSON.stringify(MANIFEST), 'nodes/x.py': 'X = 1\n', ...files };
  const listed = Object.keys(all).filter((n) => !unlisted.includes(n)).sort();
  const sums = checksums ?? JSON.stringify({ algorithm: 'sha256',
    files: Object.fromEntries(listed.map((n) => [n, sha256(bytesOf(all[n]))])) });
  all['meta/checksums.json'] = sums;
  const names = Object.keys(all).sort();
  return rawZip([...names.map((name) => ({ name, data: all[name], ...(entry[name] ?? {}) })), ...extra], { tail });
}

/** A minimal wasm module of the runtime reactor's shape (exports `rm_abi_version` and `memory`). */
export function tinyWasmModule() {
  const section = (id, bytes) => [id, bytes.length, ...bytes];
  const name = (s) => [s.length, ...Buffer.from(s)];
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 0, 0]), ...section(3, [1, 0]), ...section(5, [1, 0, 1]),
    ...section(7, [2, ...name('rm_abi_version'), 0, 0, ...name('memory'), 2, 0]),
    ...section(10, [1, 2, 0, 0x0b])]);
}
