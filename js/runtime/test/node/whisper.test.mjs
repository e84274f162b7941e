// WhisperNode through @remotemedia/runtime in Node (docs/nodes.md#whispernode): the model's bytes
// handed in with setModelFiles give the native CLI's tokens, and a second pipeline on the same
// runner reuses the loaded model (the run's metrics say so). The model is generated (random
// weights): this checks plumbing and parity, not accuracy. The node's progress reaches the runner's
// onNodeProgress and 'nodeprogress' listeners, in the thread and from a worker.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { pkg } from './lib/golden.mjs';
import { microModel, nativeStdout, whisperDocument } from './lib/whisper_fixture.mjs';

const { PipelineRunner, RemoteMediaError } = pkg;

let model;
let document;
let expected;

before(() => {
  model = microModel();
  document = whisperDocument('/models/micro.bin');
  expected = nativeStdout(whisperDocument('micro.bin'), model);
});

for (const worker of [false, true]) {
  test(`setModelFiles: the CLI's tokens, one model load for two pipelines, progress (worker: ${worker})`, async () => {
    const reported = [];
    const runner = new PipelineRunner({ worker, onNodeProgress: (p) => reported.push(p) });
    const events = [];
    runner.addEventListener('nodeprogress', (e) => events.push(e.detail));
    await runner.initialize();
    try {
      await runner.setModelFiles({ 'micro.bin': model });
      const first = await runner.executeRaw(document, { metrics: true });
      assert.equal(first.exitCode, 0, first.stdout);
      assert.equal(first.stdout.replace(/\n$/, ''), expected, 'the same document as the native CLI');
      const transcript = JSON.parse(first.stdout).outputs.asr[0];
      assert.ok(transcript.segments.some((s) => s.tokens.length > 0), 'tokens decoded');
      assert.deepEqual(JSON.parse(first.metrics).metrics.resources, { built: 1, reused: 0 });
      assert.ok(reported.length >= 2, `progress reported: ${JSON.stringify(reported)}`);
      assert.deepEqual(events, reported, 'the same progress as events');
      assert.ok(reported.every((p) => p.nodeId === 'asr' && p.total === 100 && p.done >= 0 && p.done <= 100));
      assert.ok(reported.every((p, i) => i === 0 || p.done >= reported[i - 1].done), 'progress never goes back');
      assert.equal(reported.at(-1).done, 100, 'the item ends at 100%');

      const second = await runner.executeRaw(document, { metrics: true });
      assert.equal(second.stdout, first.stdout);
      assert.deepEqual(JSON.parse(second.metrics).metrics.resources, { built: 0, reused: 1 },
        'the second pipeline reuses the loaded model');
    } finally {
      runner.dispose();
    }
  });
}

test('a progress listener that throws does not fail the run', async () => {
  const runner = new PipelineRunner({ onNodeProgress: () => { throw new Error('listener failed'); } });
  await runner.initialize();
  try {
    await runner.setModelFiles({ 'micro.bin': model });
    const run = await runner.executeRaw(document);
    assert.equal(run.exitCode, 0, run.stdout);
    assert.equal(run.stdout.replace(/\n$/, ''), expected);
  } finally {
    runner.dispose();
  }
});

test('a broken model is invalid_model before anything runs', async () => {
  const runner = new PipelineRunner();
  await runner.initialize();
  try {
    await runner.setModelFiles({ 'micro.bin': model.subarray(0, model.length - 1) });
    await assert.rejects(runner.execute(JSON.parse(document).manifest, []),
      (e) => e instanceof RemoteMediaError && e.code === 'invalid_model' &&
        /ends inside tensor 'decoder\.ln\.bias'/.test(e.message));
  } finally {
    runner.dispose();
  }
});
