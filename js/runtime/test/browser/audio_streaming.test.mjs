// Streaming audio in Chromium (docs/js.md#streaming-audio), on the main thread and in a Web
// Worker: a speech clip pushed with pushAudio in 20 ms chunks through Resample -> Vad gives exactly
// the segments (times and samples) of the batch run of the whole clip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openSession, REPO_ROOT, repoUrl } from './lib/session.mjs';
import { RESAMPLE_VAD, speechClip } from '../node/lib/speech_clip.mjs';

let session;
let dir;
let samplesUrl;

before(async () => {
  await mkdir(path.join(REPO_ROOT, 'build/browser'), { recursive: true });
  dir = await mkdtemp(path.join(REPO_ROOT, 'build/browser/audio-'));
  const clip = speechClip(48000);
  const file = path.join(dir, 'clip48k.f32');
  await writeFile(file, clip.bytes);
  samplesUrl = repoUrl(path.relative(REPO_ROOT, file));
  session = await openSession();
});

after(async () => {
  try {
    await session?.close();
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});

for (const [label, runnerName, options] of [['main thread', 'audio-main', {}], ['Web Worker', 'audio-worker', { worker: true }]]) {
  describe(`streaming audio in Chromium, ${label}`, { timeout: 120_000 }, () => {
    test('20 ms chunks through Resample -> Vad give exactly the batch run\'s segments', async () => {
      await session.create(runnerName, options);
      const r = await session.page.evaluate((args) => window.harness.streamAudio(...args), [runnerName, {
        manifest: RESAMPLE_VAD, samplesUrl, sampleRate: 48000, chunkFrames: 960,
        audioSink: 'vad.segments', timesSink: 'vad.times',
      }]);
      assert.ok(r.ok, JSON.stringify(r.error));
      const { chunks, batchTimes, streamedTimes, sameAudio, segments } = r.value;
      assert.ok(chunks > 500, `${chunks} chunks`);
      assert.ok(segments >= 3, `the clip has three sentences: ${JSON.stringify(batchTimes)}`);
      assert.deepEqual(streamedTimes, batchTimes);
      assert.ok(sameAudio, 'the streamed segments have the batch segments\' samples');
    });
  });
}
