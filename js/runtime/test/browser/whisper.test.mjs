// WhisperNode in Chromium (docs/nodes.md#whispernode), on the main thread and in a Web Worker:
// the model's bytes handed in with setModelFiles give the native CLI's document, and a second
// pipeline on the same runner reuses the loaded model (the run's metrics say so). The model is
// generated (random weights): this checks plumbing and parity, not accuracy. The node's progress
// arrives as 'nodeprogress' events.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openSession, REPO_ROOT, repoUrl } from './lib/session.mjs';
import { microModel, nativeStdout, whisperDocument } from '../node/lib/whisper_fixture.mjs';

let session;
let dir;
let modelUrl;
let documentUrl;
let expected;

before(async () => {
  await mkdir(path.join(REPO_ROOT, 'build/browser'), { recursive: true });
  dir = await mkdtemp(path.join(REPO_ROOT, 'build/browser/whisper-'));
  const model = microModel();
  await writeFile(path.join(dir, 'micro.bin'), model);
  await writeFile(path.join(dir, 'run.json'), whisperDocument('/models/micro.bin'));
  modelUrl = repoUrl(path.relative(REPO_ROOT, path.join(dir, 'micro.bin')));
  documentUrl = repoUrl(path.relative(REPO_ROOT, path.join(dir, 'run.json')));
  expected = nativeStdout(whisperDocument('micro.bin'), model);
  session = await openSession();
});

after(async () => {
  try {
    await session?.close();
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});

for (const [label, runnerName, options] of [['main thread', 'whisper-main', {}], ['Web Worker', 'whisper-worker', { worker: true }]]) {
  describe(`WhisperNode in Chromium, ${label}`, { timeout: 180_000 }, () => {
    test('setModelFiles gives the CLI\'s tokens; a second pipeline reuses the model; progress events', async () => {
      await session.create(runnerName, options);
      await session.page.evaluate((name) => window.harness.recordEvents(name, 'nodeprogress'), runnerName);
      const mounted = await session.call(runnerName, 'setModelFiles', [{ 'micro.bin': { __bytesFromUrl: modelUrl } }]);
      assert.ok(mounted.ok, JSON.stringify(mounted.error));
      const runs = [];
      for (let i = 0; i < 2; i++) {
        const r = await session.call(runnerName, 'executeRaw', [{ __textFromUrl: documentUrl }, { metrics: true }]);
        assert.ok(r.ok, JSON.stringify(r.error));
        assert.equal(r.value.exitCode, 0, r.value.stdout);
        runs.push(r.value);
      }
      assert.equal(runs[0].stdout.replace(/\n$/, ''), expected, 'the same document as the native CLI');
      assert.deepEqual(JSON.parse(runs[0].metrics).metrics.resources, { built: 1, reused: 0 });
      assert.deepEqual(JSON.parse(runs[1].metrics).metrics.resources, { built: 0, reused: 1 });
      assert.equal(runs[1].stdout, runs[0].stdout);
      const progress = await session.page.evaluate((name) => window.harness.recordedEvents(name, 'nodeprogress'), runnerName);
      assert.ok(progress.length >= 4, `progress of both runs: ${JSON.stringify(progress)}`);
      assert.ok(progress.every((p) => p.nodeId === 'asr' && p.total === 100));
      assert.equal(progress.filter((p) => p.done === 100).length, 2, 'each run ends at 100%');
    });
  });
}
