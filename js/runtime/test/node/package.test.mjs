// loadPackage / runPackage with bundles packed by the CLI: the same bytes as `remotemedia run
// BUNDLE --target wasm`, signatures checked when a key is given, a native bundle refused like the
// CLI refuses it. (The reader's hostile-bundle refusals are rmpkg_*.test.mjs.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { pkg, repo } from './lib/golden.mjs';

const { PipelineRunner, RemoteMediaError } = pkg;
const cliPath = path.join(repo, 'build/bin/remotemedia');
const skip = fs.existsSync(cliPath) ? false : `${cliPath} is missing (scripts/build.sh)`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-package-test-'));
const runner = new PipelineRunner();

function cli(...args) {
  return cliWith({}, ...args);
}

function cliWith(env, ...args) {
  const r = spawnSync(cliPath, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  return { stdout: r.stdout, status: r.status, stderr: r.stderr };
}

const bundle = (name) => path.join(dir, name);
before(async () => {
  if (skip) return;
  const manifest = path.join(repo, 'examples/python/sentiment.json');
  assert.equal(cli('keygen', '-o', bundle('key')).status, 0);
  assert.equal(cli('keygen', '-o', bundle('other')).status, 0);
  assert.equal(cli('pack', manifest, '-o', bundle('signed.rmpkg'), '--target', 'wasm32-wasi', '--sign', bundle('key.key')).status, 0);
  assert.equal(cli('pack', manifest, '-o', bundle('native.rmpkg')).status, 0);
  // With their runtime: the build's reactor; a fake one that traps in rm_run; the build's reactor
  // declaring another C ABI version.
  assert.equal(cli('pack', manifest, '-o', bundle('with-runtime.rmpkg'), '--with-runtime', '--stdlib', 'minimal', '--sign', bundle('key.key')).status, 0);
  const abi = /#define RM_ABI_VERSION (\d+)/.exec(fs.readFileSync(path.join(repo, 'include/remotemedia/c_api.h'), 'utf8'))[1];
  assert.equal(spawnSync('node', [path.join(repo, 'tests/sandbox/make_modules.mjs'), dir, abi]).status, 0);
  assert.equal(cliWith({ REMOTEMEDIA_WASM_MODULE: path.join(dir, 'trap.wasm') }, 'pack', manifest, '-o', bundle('trapping.rmpkg'), '--with-runtime').status, 0);
  fs.copyFileSync(path.join(repo, 'build/bin/remotemedia_runtime.wasm'), path.join(dir, 'other_abi.wasm'));
  assert.equal(spawnSync('python3', [path.join(repo, 'scripts/lib/add_wasm_custom_section.py'), path.join(dir, 'other_abi.wasm'), 'remotemedia.abi_version', '99']).status, 0);
  assert.equal(cliWith({ REMOTEMEDIA_WASM_MODULE: path.join(dir, 'other_abi.wasm') }, 'pack', manifest, '-o', bundle('other-abi.rmpkg'), '--with-runtime', '--stdlib', 'minimal').status, 0);
  await runner.initialize();
});
after(() => {
  runner.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a CLI-packed signed bundle loads, verifies and runs with the CLI\'s bytes', { skip }, async () => {
  const publicKey = fs.readFileSync(bundle('key.pub'), 'utf8');
  const info = await runner.loadPackage(new Uint8Array(fs.readFileSync(bundle('signed.rmpkg'))), { publicKey });
  assert.equal(info.name, 'sentiment');
  assert.equal(info.runtimeTarget, 'wasm32-wasi');
  assert.equal(info.signed, true);
  assert.equal(info.signatureVerified, true);
  assert.ok(info.files.some((f) => f.name === 'nodes/sentiment.py' && f.size > 0), 'lists its files with sizes');
  assert.ok(info.document.manifest, 'the pipeline envelope');
  const cliRun = cli('run', bundle('signed.rmpkg'), '--target', 'wasm');
  assert.equal(cliRun.status, 0, cliRun.stderr);
  const raw = await runner.executeRaw(info.documentText);
  assert.equal(raw.stdout, cliRun.stdout);
  const result = await runner.runPackage();
  assert.deepEqual(result.outputs, JSON.parse(cliRun.stdout).outputs);
  assert.equal(runner.package, info);
});

test('loadPackage takes a path, and runPackage takes other input', { skip }, async () => {
  const info = await runner.loadPackage(bundle('signed.rmpkg'));
  assert.equal(info.signed, true);
  assert.equal(info.signatureVerified, false, 'no key given: not verified');
  const result = await runner.runPackage(['What a lovely day.']);
  assert.equal(result.outputs.tidy.length, 2);
});

test('the wrong key is bundle_signature_invalid, as in the CLI', { skip }, async () => {
  const publicKey = fs.readFileSync(bundle('other.pub'), 'utf8');
  const cliCode = JSON.parse(cli('verify', bundle('signed.rmpkg'), '--pubkey', bundle('other.pub')).stdout).error.code;
  await assert.rejects(runner.loadPackage(bundle('signed.rmpkg'), { publicKey }), (e) => e instanceof RemoteMediaError && e.code === cliCode);
  assert.equal(cliCode, 'bundle_signature_invalid');
});

test('a bundle built for native is refused with bundle_wrong_target, like run --target wasm', { skip }, async () => {
  const cliCode = JSON.parse(cli('run', bundle('native.rmpkg'), '--target', 'wasm').stdout).error.code;
  await assert.rejects(runner.loadPackage(bundle('native.rmpkg')), (e) => e.code === cliCode);
});

test('a tampered bundle is refused and the previous package stays mounted', { skip }, async () => {
  const good = await runner.loadPackage(bundle('signed.rmpkg'));
  const bytes = new Uint8Array(fs.readFileSync(bundle('signed.rmpkg')));
  // Flip one byte inside the stored data of the first entry.
  const tampered = bytes.slice();
  tampered[60] ^= 0xff;
  await assert.rejects(runner.loadPackage(tampered), (e) => e instanceof RemoteMediaError && e.code.startsWith('bundle_'));
  assert.equal(runner.package, good);
  assert.ok((await runner.runPackage()).outputs.tidy);
});

test('a bundle packed with its runtime runs in the reactor it carries, else in the runner\'s own', { skip }, async () => {
  const own = new PipelineRunner();
  try {
    // Loaded first: the bundle's module is the runner's first and only instance.
    const publicKey = fs.readFileSync(bundle('key.pub'), 'utf8');
    const info = await own.loadPackage(bundle('with-runtime.rmpkg'), { publicKey });
    assert.equal(info.runtimeModule, 'bundle');
    assert.equal(own.metrics.instances, 1);
    const cliRun = cli('run', bundle('with-runtime.rmpkg'), '--target', 'wasm');
    assert.equal(cliRun.status, 0, cliRun.stderr);
    assert.equal((await own.executeRaw(info.documentText)).stdout, cliRun.stdout);
    // A bundle whose module traps: it is that module that runs.
    assert.equal((await own.loadPackage(bundle('trapping.rmpkg'))).runtimeModule, 'bundle');
    await assert.rejects(own.runPackage(), (e) => e.code === 'wasm_trap');
    // Another ABI version, or no module at all: back to the runner's own module.
    const other = await own.loadPackage(bundle('other-abi.rmpkg'));
    assert.equal(other.runtimeModule, 'runner');
    assert.deepEqual((await own.runPackage()).outputs, JSON.parse(cliRun.stdout).outputs);
    assert.equal((await own.loadPackage(bundle('signed.rmpkg'))).runtimeModule, 'runner');
    assert.ok((await own.runPackage()).outputs.tidy);
  } finally {
    own.dispose();
  }
});

test('runPackage before any package is invalid_argument', async () => {
  const r = new PipelineRunner();
  await assert.rejects(r.runPackage(), (e) => e.code === 'invalid_argument');
  r.dispose();
});
