// PocketSphinxNode in Chromium (docs/nodes.md#pocketsphinxnode), on the main thread and in a Web
// Worker: Debian's en-us model handed in with setModelFiles and jfk.wav with setPipelineFiles,
// the audio example (examples/audio/transcribe.json) prints the native CLI's document - the same
// words, at the same times - and a second pipeline reuses the loaded decoder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { openSession, REPO_ROOT, repoUrl } from './lib/session.mjs';

const MODELS = '/usr/share/pocketsphinx/model';
let session;
let dir;
let modelFiles;
let documentUrl;
let jfkUrl;
let expected;

async function filesUnder(root, prefix = '') {
  const files = {};
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, await filesUnder(path.join(root, entry.name), rel));
    else if (entry.isFile()) files[rel] = { __bytesFromUrl: repoUrl(path.relative(REPO_ROOT, path.join(root, entry.name))) };
  }
  return files;
}

before(async () => {
  await mkdir(path.join(REPO_ROOT, 'build/browser'), { recursive: true });
  dir = await mkdtemp(path.join(REPO_ROOT, 'build/browser/sphinx-'));
  await cp(MODELS, path.join(dir, 'models'), { recursive: true });
  await cp(path.join(REPO_ROOT, 'examples/audio/transcribe.json'), path.join(dir, 'transcribe.json'));
  await cp(path.join(REPO_ROOT, '.cache/audio-deps/current/fixtures/jfk.wav'), path.join(dir, 'jfk.wav'));
  modelFiles = await filesUnder(path.join(dir, 'models'));
  documentUrl = repoUrl(path.relative(REPO_ROOT, path.join(dir, 'transcribe.json')));
  jfkUrl = repoUrl(path.relative(REPO_ROOT, path.join(dir, 'jfk.wav')));
  const run = spawnSync(path.join(REPO_ROOT, 'build/bin/remotemedia'),
    ['run', path.join(dir, 'transcribe.json'), '--models', MODELS], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(run.status, 0, run.stderr);
  expected = run.stdout;
  session = await openSession();
});

after(async () => {
  try {
    await session?.close();
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});

for (const [label, runnerName, options] of [['main thread', 'sphinx-main', {}], ['Web Worker', 'sphinx-worker', { worker: true }]]) {
  describe(`PocketSphinxNode in Chromium, ${label}`, { timeout: 300_000 }, () => {
    test('setModelFiles gives the CLI\'s words and times; a second pipeline reuses the decoder', async () => {
      await session.create(runnerName, options);
      const models = await session.call(runnerName, 'setModelFiles', [modelFiles]);
      assert.ok(models.ok, JSON.stringify(models.error));
      const pipeline = await session.call(runnerName, 'setPipelineFiles', [{ 'jfk.wav': { __bytesFromUrl: jfkUrl } }]);
      assert.ok(pipeline.ok, JSON.stringify(pipeline.error));
      const runs = [];
      for (let i = 0; i < 2; i++) {
        const r = await session.call(runnerName, 'executeRaw', [{ __textFromUrl: documentUrl }, { metrics: true }]);
        assert.ok(r.ok, JSON.stringify(r.error));
        assert.equal(r.value.exitCode, 0, r.value.stdout);
        runs.push(r.value);
      }
      assert.equal(runs[0].stdout, expected, 'the same document as the native CLI');
      assert.match(JSON.parse(runs[0].stdout).outputs.asr[0].text, /what your country can do for you/);
      assert.deepEqual(JSON.parse(runs[0].metrics).metrics.resources, { built: 1, reused: 0 });
      assert.deepEqual(JSON.parse(runs[1].metrics).metrics.resources, { built: 0, reused: 1 });
      assert.equal(runs[1].stdout, runs[0].stdout);
    });
  });
}
