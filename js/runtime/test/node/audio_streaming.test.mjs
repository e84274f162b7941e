// Streaming audio through @remotemedia/runtime (docs/js.md#streaming-audio): a speech clip pushed
// with pushAudio in 20 ms chunks through Resample -> Vad gives exactly the segments of the batch
// run of the whole clip; pushes that do not collect leave their outputs for partial drains; the
// caller's array is copied, so it may be reused at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { pkg } from './lib/golden.mjs';
import { RESAMPLE_VAD, speechClip } from './lib/speech_clip.mjs';

const { PipelineRunner, RemoteMediaError } = pkg;
const runner = new PipelineRunner();
const clip = speechClip(48000);
before(() => runner.initialize());
after(() => runner.dispose());

function collect(into, outputs) {
  for (const [sink, values] of Object.entries(outputs)) (into[sink] ??= []).push(...values);
  return into;
}

async function batchRun() {
  const audio = { sampleRate: 48000, channels: 1, samples: clip.samples };
  const result = await runner.execute({ manifest: RESAMPLE_VAD, input_data: [audio] });
  return result.outputs;
}

test('20 ms chunks pushed with pushAudio give exactly the segments of the batch run', async () => {
  const batch = await batchRun();
  assert.ok(batch['vad.times'].length >= 3, `the clip has three sentences: ${JSON.stringify(batch['vad.times'])}`);
  const pipeline = await runner.createPipeline(RESAMPLE_VAD);
  try {
    const streamed = {};
    const chunk = 960; // 20 ms at 48 kHz
    for (let at = 0; at < clip.samples.length; at += chunk) {
      collect(streamed, await pipeline.pushAudio(clip.samples.subarray(at, at + chunk), { sampleRate: 48000 }));
    }
    collect(streamed, await pipeline.flush());
    assert.deepEqual(streamed['vad.times'], batch['vad.times']);
    assert.equal(streamed['vad.segments'].length, batch['vad.segments'].length);
    streamed['vad.segments'].forEach((segment, i) => {
      const want = batch['vad.segments'][i];
      assert.equal(segment.sampleRate, 16000);
      assert.equal(segment.startFrame, want.startFrame, `segment ${i} starts where the batch's does`);
      assert.deepEqual(segment.samples, want.samples, `segment ${i} has the batch's samples`);
    });
  } finally {
    await pipeline.close();
  }
});

test('pushes that do not collect leave their outputs for partial drains, oldest first', async () => {
  const batch = await batchRun();
  const pipeline = await runner.createPipeline(RESAMPLE_VAD);
  try {
    const chunk = 4800; // 100 ms
    for (let at = 0; at < clip.samples.length; at += chunk) {
      const got = await pipeline.pushAudio(clip.samples.subarray(at, at + chunk), { sampleRate: 48000, collect: false });
      assert.deepEqual(got, {});
    }
    // The sentences that ended during the pushes wait in the sinks.
    const first = await pipeline.drain({ sinks: ['vad.times'], maxItems: 1 });
    assert.deepEqual(Object.keys(first), ['vad.times']);
    assert.equal(first['vad.times'].length, 1);
    const rest = await pipeline.drain();
    assert.equal(rest['vad.segments'].length, 1 + rest['vad.times'].length, 'segments were not drained with the times');
    const last = await pipeline.flush();
    const times = [...first['vad.times'], ...rest['vad.times'], ...last['vad.times']];
    assert.deepEqual(times, batch['vad.times']);
    await assert.rejects(pipeline.drain({ sinks: ['nope'] }), (e) => e instanceof RemoteMediaError && e.code === 'invalid_argument' && /vad\.segments, vad\.times/.test(e.message));
  } finally {
    await pipeline.close();
  }
});

test('pushAudio copies the caller\'s array, continues the timeline and checks its arguments', async () => {
  const pipeline = await runner.createPipeline({ version: 'v1', metadata: { name: 'echo' }, nodes: [{ id: 'a', node_type: 'PassThroughNode' }] });
  try {
    const ring = new Float32Array([0.25, -0.25]);
    const one = await pipeline.pushAudio(ring, { sampleRate: 8000 });
    ring[0] = 0.75; // reused at once, like an AudioWorklet's buffer
    const two = await pipeline.pushAudio(ring, { sampleRate: 8000 });
    assert.deepEqual(Array.from(one.a[0].samples), [0.25, -0.25]);
    assert.deepEqual(Array.from(two.a[0].samples), [0.75, -0.25]);
    assert.equal(one.a[0].startFrame, 0);
    assert.equal(two.a[0].startFrame, 2, 'the second chunk continues the first on the timeline');
    const stereo = await pipeline.pushAudio(ring, { sampleRate: 8000, channels: 2 });
    assert.equal(stereo.a[0].startFrame, 0, 'another format starts a new timeline');
    const placed = await pipeline.pushAudio(ring, { sampleRate: 8000, startFrame: 100 });
    assert.equal(placed.a[0].startFrame, 100);
    for (const [samples, options, pattern] of [
      [ring, { sampleRate: 0 }, /sampleRate/],
      [ring, { sampleRate: 8000, channels: 3 }, /whole number of frames/],
      [[0.1], { sampleRate: 8000 }, /Float32Array/],
      [ring, { sampleRate: 8000, startFrame: -1 }, /startFrame/],
    ]) {
      await assert.rejects(pipeline.pushAudio(samples, options), (e) => e instanceof RemoteMediaError && e.code === 'invalid_argument' && pattern.test(e.message));
    }
  } finally {
    await pipeline.close();
  }
});
