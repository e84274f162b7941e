// A bundle packed and signed by the native CLI with its runtime, loaded in Chromium with
// loadPackage(bytes, {publicKey}): it runs in the reactor it carries with the same output as
// `remotemedia run BUNDLE` (wasm, the bundle's target) and `--target native`, on the main thread
// and in a Web Worker; a copy with one byte of a node file's data flipped, and the right bundle under
// a wrong key, are refused with the same bundle_* codes the CLI gives for the same bytes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openSession, REPO_ROOT, repoUrl } from './lib/session.mjs';
import { requireCli, runCli } from './lib/native.mjs';
import { flipDataByte } from './lib/zip_tamper.mjs';

let session;
let dir;
const bundle = {};

// Fixtures live under build/browser/ so the page can fetch them from the local server.
before(async () => {
  await requireCli();
  await mkdir(path.join(REPO_ROOT, 'build/browser'), { recursive: true });
  dir = await mkdtemp(path.join(REPO_ROOT, 'build/browser/rmpkg-'));
  const must = async (args) => {
    const r = await runCli(args);
    assert.equal(r.exitCode, 0, `remotemedia ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return r;
  };
  await must(['keygen', '-o', path.join(dir, 'key')]);
  await must(['keygen', '-o', path.join(dir, 'other')]);
  const signed = path.join(dir, 'sentiment.rmpkg');
  await must(['pack', 'examples/python/sentiment.json', '-o', signed, '--with-runtime', '--stdlib', 'minimal',
    '--sign', path.join(dir, 'key.key')]);
  const tampered = path.join(dir, 'tampered.rmpkg');
  await writeFile(tampered, flipDataByte(await readFile(signed), 'nodes/sentiment.py'));

  bundle.url = repoUrl(path.relative(REPO_ROOT, signed));
  bundle.tamperedUrl = repoUrl(path.relative(REPO_ROOT, tampered));
  bundle.publicKey = await readFile(path.join(dir, 'key.pub'), 'utf8');
  bundle.otherKey = await readFile(path.join(dir, 'other.pub'), 'utf8');
  bundle.native = await runCli(['run', signed, '--pubkey', path.join(dir, 'key.pub')]);
  assert.equal(bundle.native.exitCode, 0, bundle.native.stdout + bundle.native.stderr);
  const nativeTarget = await runCli(['run', signed, '--target', 'native', '--pubkey', path.join(dir, 'key.pub')]);
  assert.equal(nativeTarget.stdout, bundle.native.stdout, 'the bundle runs natively with the same bytes');
  bundle.nativeTampered = await runCli(['verify', tampered]);
  bundle.nativeWrongKey = await runCli(['verify', signed, '--pubkey', path.join(dir, 'other.pub')]);

  session = await openSession();
});

after(async () => {
  try {
    await session?.close();
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});

const errorCodeOf = (stdout) => JSON.parse(stdout).error.code;

for (const [label, runnerName, options] of [['main thread', 'main', {}], ['Web Worker', 'worker', { worker: true }]]) {
  describe(`a CLI-packed signed .rmpkg in Chromium, ${label}`, () => {
    // A test, not a hook: when it fails, the tests below still run (and fail on their own).
    test('initialize() resolves', async () => {
      await session.create(runnerName, options);
      const init = await session.call(runnerName, 'initialize');
      assert.ok(init.ok, `initialize failed: ${JSON.stringify(init.error)}`);
    });

    test('loadPackage verifies the signature and runs it with the CLI\'s output', async () => {
      const loaded = await session.call(runnerName, 'loadPackage',
        [{ __bytesFromUrl: bundle.url }, { publicKey: bundle.publicKey }]);
      assert.ok(loaded.ok, `loadPackage rejected: ${JSON.stringify(loaded.error)}`);
      assert.equal(loaded.value.signed, true);
      assert.equal(loaded.value.signatureVerified, true);
      assert.equal(loaded.value.runtimeTarget, 'wasm32-wasi');
      assert.equal(loaded.value.runtimeModule, 'bundle', 'runs in the reactor the bundle carries');
      assert.ok(loaded.value.files.some((f) => f.name === 'nodes/sentiment.py'));
      const r = await session.call(runnerName, 'executeRaw', [loaded.value.documentText]);
      assert.ok(r.ok, `executeRaw rejected: ${JSON.stringify(r.error)}`);
      assert.equal(r.value.stdout, bundle.native.stdout);
      assert.equal(r.value.exitCode, 0);
      assert.deepEqual(session.newProblems(), []);
    });

    test('one flipped byte in a node file\'s data is refused with the CLI\'s bundle_* code', async () => {
      const want = errorCodeOf(bundle.nativeTampered.stdout);
      assert.match(want, /^bundle_/);
      for (const opts of [{ publicKey: bundle.publicKey }, {}]) {
        const r = await session.call(runnerName, 'loadPackage', [{ __bytesFromUrl: bundle.tamperedUrl }, opts]);
        assert.equal(r.ok, false, 'the tampered bundle was accepted');
        assert.equal(r.error.isRemoteMediaError, true, JSON.stringify(r.error));
        assert.equal(r.error.code, want);
        assert.equal(r.error.exitCode, 2);
        assert.deepEqual(r.error.result, JSON.parse(bundle.nativeTampered.stdout));
      }
      assert.deepEqual(session.newProblems(), []);
    });

    test('the signed bundle under another key is bundle_signature_invalid, as in the CLI', async () => {
      assert.equal(errorCodeOf(bundle.nativeWrongKey.stdout), 'bundle_signature_invalid');
      const r = await session.call(runnerName, 'loadPackage', [{ __bytesFromUrl: bundle.url }, { publicKey: bundle.otherKey }]);
      assert.equal(r.ok, false, 'a signature by another key was accepted');
      assert.equal(r.error.code, 'bundle_signature_invalid');
      assert.deepEqual(r.error.result, JSON.parse(bundle.nativeWrongKey.stdout));
    });

    test('after the refusals the good bundle still loads and runs', async () => {
      const loaded = await session.call(runnerName, 'loadPackage', [{ __bytesFromUrl: bundle.url }, { publicKey: bundle.publicKey }]);
      assert.ok(loaded.ok, JSON.stringify(loaded.error));
      const r = await session.call(runnerName, 'executeRaw', [loaded.value.documentText]);
      assert.equal(r.value.stdout, bundle.native.stdout);
    });
  });
}
