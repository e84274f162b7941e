// What isolates pipelines on one runner in Chromium (docs/js.md#trust-model), on the main thread
// and in a Web Worker: a pipeline that patches json, builtins, sys.modules, a built-in node's class
// and the remotemedia package leaves the next pipeline unaffected (each has an interpreter of its
// own); after a pipeline that also patches state the interpreters of one instance share, a package
// loaded with loadPackage still runs with the native CLI's output (it gets a fresh instance).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { openSession, REPO_ROOT, repoUrl } from './lib/session.mjs';
import { requireCli, runCli } from './lib/native.mjs';
import { checkDocument, expectedCheckOutputs, hostileDocument, poisonDocument, poisonedOutputs } from '../node/lib/poison.mjs';

let session;
let dir;
let bundleUrl;
let cliOutput;

before(async () => {
  await requireCli();
  await mkdir(path.join(REPO_ROOT, 'build/browser'), { recursive: true });
  dir = await mkdtemp(path.join(REPO_ROOT, 'build/browser/isolation-'));
  const bundle = path.join(dir, 'sentiment.rmpkg');
  const packed = await runCli(['pack', 'examples/python/sentiment.json', '-o', bundle, '--target', 'wasm32-wasi']);
  assert.equal(packed.exitCode, 0, packed.stdout + packed.stderr);
  const ran = await runCli(['run', bundle]);
  assert.equal(ran.exitCode, 0, ran.stdout + ran.stderr);
  cliOutput = ran.stdout;
  bundleUrl = repoUrl(path.relative(REPO_ROOT, bundle));
  session = await openSession();
});

after(async () => {
  try {
    await session?.close();
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});

for (const [label, runnerName, options] of [['main thread', 'isolated-main', {}], ['Web Worker', 'isolated-worker', { worker: true }]]) {
  describe(`isolation on one runner in Chromium, ${label}`, { timeout: 120_000 }, () => {
    test('a pipeline that patches Python state does not reach the next pipeline', async () => {
      await session.create(runnerName, options);
      const poisoned = await session.call(runnerName, 'execute', [poisonDocument]);
      assert.ok(poisoned.ok, JSON.stringify(poisoned.error));
      assert.deepEqual(poisoned.value.outputs, poisonedOutputs, 'the patches took effect in A');
      const checked = await session.call(runnerName, 'execute', [checkDocument]);
      assert.ok(checked.ok, JSON.stringify(checked.error));
      assert.deepEqual(checked.value.outputs, expectedCheckOutputs);
    });

    test('a package loaded after a hostile pipeline runs with the CLI\'s output', async () => {
      const poisoned = await session.call(runnerName, 'execute', [hostileDocument]);
      assert.ok(poisoned.ok, JSON.stringify(poisoned.error));
      const loaded = await session.call(runnerName, 'loadPackage', [{ __bytesFromUrl: bundleUrl }]);
      assert.ok(loaded.ok, `loadPackage rejected: ${JSON.stringify(loaded.error)}`);
      const r = await session.call(runnerName, 'executeRaw', [loaded.value.documentText]);
      assert.ok(r.ok, JSON.stringify(r.error));
      assert.equal(r.value.stdout, cliOutput);
    });
  });
}
