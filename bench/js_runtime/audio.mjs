// The audio path's speed (docs/nodes.md#audio-family), natively, in wasm under Node and in
// headless Chromium, side by side in one run, rounds alternating (not a test):
//   Decode -> Resample(48k -> 16k) -> Vad on 10 minutes of speech (a synthesised clip repeated,
//   48 kHz mono 16-bit WAV), the file named by the manifest. The nodes' own time comes from the
//   run's metrics (the sum of the three nodes' ms); "whole run" is the call (native: the CLI
//   process, or rm_run in one warm process through libremotemedia.so, bench/audio_pipeline_bench.c;
//   Node and Chromium: executeRaw on a warm instance) including the result document, which holds
//   every speech segment's audio. A wasm instance keeps the linear memory it grew to, while glibc
//   gives large blocks back to the kernel and touches fresh pages on every run; the row "memory
//   kept" runs the native C ABI with glibc tuned to keep its memory too, the like-for-like case.
//   Streamed vs batch (Node): Resample -> Vad on the same audio as float32 through a
//   StreamingPipeline, pushed with pushAudio in 20 ms chunks vs as one chunk (then flush each).
// Prints medians and ratios, and the wasm module's peak linear memory.
//
//   node bench/js_runtime/audio.mjs [ROUNDS=5] [MINUTES=10]
// Needs build/bin/remotemedia and js/runtime/dist (scripts/build.sh release wasi; scripts/build_js.sh).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './workload.mjs';
import { openSession, repoUrl } from '../../js/runtime/test/browser/lib/session.mjs';
import { RESAMPLE_VAD, speechClip } from '../../js/runtime/test/node/lib/speech_clip.mjs';

const rounds = Number(process.argv[2] ?? 5);
const minutes = Number(process.argv[3] ?? 10);
const cli = path.join(REPO_ROOT, 'build/bin/remotemedia');
const dir = path.join(REPO_ROOT, 'build/bench/audio');
fs.mkdirSync(dir, { recursive: true });

// The audio: the clip repeated to `minutes`, as float32 (for the streaming rows) and a WAV file.
const clip = speechClip(48000).samples;
const frames = Math.round(minutes * 60 * 48000);
const samples = new Float32Array(frames);
for (let at = 0; at < frames; at += clip.length) samples.set(clip.subarray(0, Math.min(clip.length, frames - at)), at);
const raw = path.join(dir, 'speech.f32');
fs.writeFileSync(raw, new Uint8Array(samples.buffer));
const wav = path.join(dir, 'speech.wav');
execFileSync('sox', ['-D', '-t', 'f32', '-r', '48000', '-c', '1', '-L', raw, '-b', '16', wav]);
fs.rmSync(raw);
const seconds = frames / 48000;

const PIPELINE = {
  version: 'v1', metadata: { name: 'decode-resample-vad' },
  nodes: [{ id: 'dec', node_type: 'AudioDecodeNode' },
    { id: 'rs', node_type: 'ResampleNode', params: { target_rate: 16000 } },
    { id: 'vad', node_type: 'VadNode' }],
  connections: [{ from: 'dec', to: 'rs' }, { from: 'rs', to: 'vad' }],
};
const manifestPath = path.join(dir, 'decode-resample-vad.json');
fs.writeFileSync(manifestPath, JSON.stringify({ manifest: PIPELINE, input_data: ['speech.wav'] }));
const documentText = JSON.stringify({ manifest: PIPELINE, input_data: ['speech.wav'] });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
// The nodes' ms from a metrics line ({"metrics": {"nodes": [{"ms": ...}]}}).
const nodeMs = (line) => JSON.parse(line).metrics.nodes.reduce((sum, n) => sum + n.ms, 0);

function nativeRound() {
  const t0 = performance.now();
  const r = spawnSync(cli, ['run', manifestPath, '--metrics'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`native run failed: ${r.stderr}`);
  return { nodes: nodeMs(r.stderr.trim().split('\n').pop()), wall };
}

const abiBench = path.join(REPO_ROOT, 'build/release/bench/audio_pipeline_bench');
function nativeAbiRound(keepMemory) {
  const env = { ...process.env };
  if (keepMemory) env.GLIBC_TUNABLES = 'glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=17179869184';
  const r = spawnSync(abiBench, [manifestPath, '1'], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`audio_pipeline_bench failed: ${r.stderr}`);
  const { nodes_ms: nodes, run_ms: wall } = JSON.parse(r.stdout);
  return { nodes, wall };
}

const { PipelineRunner } = await import(path.join(REPO_ROOT, 'js/runtime/dist/index.js'));
const node = new PipelineRunner();
await node.initialize();
await node.setPipelineDirectory(dir);
async function nodeRound() {
  const t0 = performance.now();
  const r = await node.executeRaw(documentText, { metrics: true });
  const wall = performance.now() - t0;
  if (r.exitCode !== 0) throw new Error(r.stdout.slice(0, 400));
  return { nodes: nodeMs(r.metrics), wall };
}

// Resample -> Vad over `samples` pushed in chunks of `chunk` frames, then flushed: {ms, segments}.
async function pushRun(chunk) {
  const pipeline = await node.createPipeline(RESAMPLE_VAD);
  const t0 = performance.now();
  let segments = 0;
  for (let at = 0; at < frames; at += chunk) {
    segments += ((await pipeline.pushAudio(samples.subarray(at, at + chunk), { sampleRate: 48000 }))['vad.times'] ?? []).length;
  }
  segments += ((await pipeline.flush())['vad.times'] ?? []).length;
  const ms = performance.now() - t0;
  await pipeline.close();
  return { ms, segments };
}

async function streamedRound() {
  const batch = await pushRun(frames);
  const streamed = await pushRun(960);
  if (streamed.segments !== batch.segments) throw new Error(`streamed ${streamed.segments} segments, batch ${batch.segments}`);
  return { batchMs: batch.ms, streamedMs: streamed.ms };
}

const session = await openSession();
await session.create('bench', {});
const wavUrl = repoUrl(path.relative(REPO_ROOT, wav));
const mounted = await session.page.evaluate(async ([url]) => {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  return window.harness.call('bench', 'setPipelineFiles', [{ 'speech.wav': bytes }]);
}, [wavUrl]);
if (!mounted.ok) throw new Error(JSON.stringify(mounted.error));
async function chromiumRound() {
  const r = await session.call('bench', 'executeRaw', [documentText, { metrics: true }]);
  if (!r.ok || r.value.exitCode !== 0) throw new Error(JSON.stringify(r.error ?? r.value.stdout.slice(0, 400)));
  return { nodes: nodeMs(r.value.metrics), wall: r.ms };
}

const t = { native: [], abi: [], kept: [], node: [], chromium: [], streamed: [] };
await nodeRound(); await chromiumRound(); await streamedRound(); // warm-up: V8 tiers up
for (let i = 0; i < rounds; i++) {
  t.native.push(nativeRound());
  t.abi.push(nativeAbiRound(false));
  t.kept.push(nativeAbiRound(true));
  t.node.push(await nodeRound());
  t.chromium.push(await chromiumRound());
  t.streamed.push(await streamedRound());
}
const chromiumMetrics = await session.page.evaluate(() => window.harness.metrics('bench'));
await session.close();
const nodePeak = node.metrics.peakMemoryBytes;
node.dispose();

const m = (list, key) => median(list.map((x) => x[key]));
const row = (label, list) => {
  const nodes = m(list, 'nodes');
  return `| ${label} | ${nodes.toFixed(0)} | ${(seconds * 1000 / nodes).toFixed(0)}x | ${m(list, 'wall').toFixed(0)} | ${(seconds * 1000 / m(list, 'wall')).toFixed(0)}x |`;
};
const lines = [
  `Decode -> Resample(48k->16k) -> Vad on ${minutes} min of 48 kHz speech, median of ${rounds} alternating rounds`, '',
  '| target | nodes (ms) | nodes: x real time | whole run (ms) | whole run: x real time |', '|---|---:|---:|---:|---:|',
  row('native, CLI process', t.native), row('native, C ABI in one process', t.abi),
  row('native, C ABI in one process, memory kept', t.kept),
  row('wasm, Node (executeRaw)', t.node), row('wasm, Chromium (executeRaw)', t.chromium), '',
  `wasm / native (C ABI, memory kept), nodes: Node ${(m(t.node, 'nodes') / m(t.kept, 'nodes')).toFixed(2)}, Chromium ${(m(t.chromium, 'nodes') / m(t.kept, 'nodes')).toFixed(2)}; against the native CLI: Node ${(m(t.node, 'nodes') / m(t.native, 'nodes')).toFixed(2)}, Chromium ${(m(t.chromium, 'nodes') / m(t.native, 'nodes')).toFixed(2)}`,
  `peak wasm linear memory: Node ${(nodePeak / 2 ** 20).toFixed(0)} MiB, Chromium ${(chromiumMetrics.peakMemoryBytes / 2 ** 20).toFixed(0)} MiB`, '',
  `Resample -> Vad in Node: one item ${m(t.streamed, 'batchMs').toFixed(0)} ms, 20 ms pushAudio chunks ${m(t.streamed, 'streamedMs').toFixed(0)} ms: streamed / batch ${(m(t.streamed, 'streamedMs') / m(t.streamed, 'batchMs')).toFixed(2)}`,
];
console.log(lines.join('\n'));
