// WhisperNode's speed (docs/nodes.md#whispernode) natively, in wasm under Node and in headless
// Chromium, side by side in one run, rounds alternating (not a test):
//   a model of Whisper tiny.en's exact layout, shapes and types with random weights
//   (make_whisper_model --shape tiny.en; no real weights can be fetched here), in q8_0 and f16,
//   transcribing SECONDS of synthesised speech at 16 kHz given as one wire-form audio item.
// The real-time factor is WhisperNode's own time (the run's metrics) over the audio's length:
// native with one thread and with every core (the CLI, a process per run; the model loads while
// the pipeline is built, outside the node's time), and wasm (one thread) on a warm runner in Node
// and in Chromium. Also: the wasm instance's peak linear memory after each model's runs, and the
// first call's penalty (the first transcription on a fresh runner over the median warm one,
// Node), and the tokens of native and wasm compared.
//
//   node bench/js_runtime/whisper.mjs [ROUNDS=5] [SECONDS=32]
// Needs build/bin/remotemedia, build/release/src/nodes/speech/make_whisper_model and
// js/runtime/dist (scripts/build.sh release wasi; scripts/build_js.sh).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './workload.mjs';
import { openSession, repoUrl } from '../../js/runtime/test/browser/lib/session.mjs';
import { speechClip } from '../../js/runtime/test/node/lib/speech_clip.mjs';

const rounds = Number(process.argv[2] ?? 5);
const seconds = Number(process.argv[3] ?? 32);
const cli = path.join(REPO_ROOT, 'build/bin/remotemedia');
const makeModel = path.join(REPO_ROOT, 'build/release/src/nodes/speech/make_whisper_model');
const dir = path.join(REPO_ROOT, 'build/bench/whisper');
fs.mkdirSync(dir, { recursive: true });

const TYPES = ['q8_0', 'f16'];
for (const type of TYPES) {
  execFileSync(makeModel, ['--shape', 'tiny.en', '--type', type, '-o', path.join(dir, `tiny.en-${type}.bin`)]);
}

// The clip repeated to `seconds`, as one 16 kHz wire-form audio item.
const clip = speechClip(16000).samples;
const frames = Math.round(seconds * 16000);
const samples = new Float32Array(frames);
for (let at = 0; at < frames; at += clip.length) samples.set(clip.subarray(0, Math.min(clip.length, frames - at)), at);
const audio = { __audio__: true, sample_rate: 16000, channels: 1, start_frame: 0,
  data: Buffer.from(samples.buffer).toString('base64') };

// The run document for `model` (a path the target can read) with `threads`.
const documentFor = (model, threads) => JSON.stringify({
  manifest: { version: 'v1', metadata: { name: 'whisper-bench' },
    nodes: [{ id: 'asr', node_type: 'WhisperNode', params: { model, threads, token_ids: true } }],
    connections: [] },
  input_data: [audio],
});
const nativeDocs = {};
for (const type of TYPES) {
  for (const threads of [1, 0]) {
    const file = path.join(dir, `native-${type}-${threads}.json`);
    fs.writeFileSync(file, documentFor(`tiny.en-${type}.bin`, threads));
    nativeDocs[`${type}/${threads}`] = file;
  }
}
const wasmDocs = Object.fromEntries(TYPES.map((type) => [type, documentFor(`/models/tiny.en-${type}.bin`, 1)]));
fs.writeFileSync(path.join(dir, 'wasm-q8_0.json'), wasmDocs.q8_0);
fs.writeFileSync(path.join(dir, 'wasm-f16.json'), wasmDocs.f16);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const asrMs = (line) => JSON.parse(line).metrics.nodes.find((n) => n.id === 'asr').ms;
const tokensOf = (stdout) => JSON.stringify(JSON.parse(stdout).outputs.asr.map((t) => t.segments.map((s) => s.tokens)));
const tokens = {};

function nativeRound(type, threads) {
  const r = spawnSync(cli, ['run', nativeDocs[`${type}/${threads}`], '--metrics'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`native run failed: ${r.stderr}`);
  tokens[`native ${type}/${threads}`] = tokensOf(r.stdout);
  return asrMs(r.stderr.trim().split('\n').pop());
}

const { PipelineRunner } = await import(path.join(REPO_ROOT, 'js/runtime/dist/index.js'));
const modelFiles = Object.fromEntries(TYPES.map((type) => [`tiny.en-${type}.bin`, new Uint8Array(fs.readFileSync(path.join(dir, `tiny.en-${type}.bin`)))]));

// A fresh Node runner per model, so that its peak memory is that model's; the first call is timed.
const nodeRunners = {};
const firstCall = {};
for (const type of TYPES) {
  const runner = new PipelineRunner();
  await runner.initialize();
  await runner.setModelFiles({ [`tiny.en-${type}.bin`]: modelFiles[`tiny.en-${type}.bin`] });
  nodeRunners[type] = runner;
}
async function nodeRound(type) {
  const r = await nodeRunners[type].executeRaw(wasmDocs[type], { metrics: true });
  if (r.exitCode !== 0) throw new Error(r.stdout.slice(0, 400));
  tokens[`node ${type}`] = tokensOf(r.stdout);
  return asrMs(r.metrics);
}

const session = await openSession();
for (const type of TYPES) {
  await session.create(`bench-${type}`, {});
  const url = repoUrl(path.relative(REPO_ROOT, path.join(dir, `tiny.en-${type}.bin`)));
  const mounted = await session.call(`bench-${type}`, 'setModelFiles', [{ [`tiny.en-${type}.bin`]: { __bytesFromUrl: url } }]);
  if (!mounted.ok) throw new Error(JSON.stringify(mounted.error));
}
async function chromiumRound(type) {
  const url = repoUrl(path.relative(REPO_ROOT, path.join(dir, `wasm-${type}.json`)));
  const r = await session.call(`bench-${type}`, 'executeRaw', [{ __textFromUrl: url }, { metrics: true }]);
  if (!r.ok || r.value.exitCode !== 0) throw new Error(JSON.stringify(r.error ?? r.value.stdout.slice(0, 400)));
  tokens[`chromium ${type}`] = tokensOf(r.value.stdout);
  return asrMs(r.value.metrics);
}

const t = {};
const add = (key, ms) => (t[key] ??= []).push(ms);
for (const type of TYPES) firstCall[type] = await nodeRound(type);
for (const type of TYPES) await chromiumRound(type); // warm-up: V8 tiers up
for (let i = 0; i < rounds; i++) {
  for (const type of TYPES) {
    add(`native1 ${type}`, nativeRound(type, 1));
    add(`nativeN ${type}`, nativeRound(type, 0));
    add(`node ${type}`, await nodeRound(type));
    add(`chromium ${type}`, await chromiumRound(type));
  }
}
const peaks = {};
for (const type of TYPES) {
  peaks[`node ${type}`] = nodeRunners[type].metrics.peakMemoryBytes;
  peaks[`chromium ${type}`] = (await session.page.evaluate((name) => window.harness.metrics(name), `bench-${type}`)).peakMemoryBytes;
  nodeRunners[type].dispose();
}
await session.close();

const ms = (key) => median(t[key]);
const rtf = (key) => (ms(key) / 1000 / seconds).toFixed(3);
const lines = [
  `WhisperNode, tiny.en-shaped model (random weights), ${seconds} s of speech as one item, median of ${rounds} alternating rounds; RTF = node time / audio time`, '',
  '| model | native, 1 thread | native, all cores | wasm, Node | wasm, Chromium | wasm/native 1 thread (Node, Chromium) |',
  '|---|---:|---:|---:|---:|---:|',
  ...TYPES.map((type) => `| ${type} | ${rtf(`native1 ${type}`)} (${ms(`native1 ${type}`).toFixed(0)} ms) | ${rtf(`nativeN ${type}`)} | ${rtf(`node ${type}`)} | ${rtf(`chromium ${type}`)} | ${(ms(`node ${type}`) / ms(`native1 ${type}`)).toFixed(2)}, ${(ms(`chromium ${type}`) / ms(`native1 ${type}`)).toFixed(2)} |`),
  '',
  `peak wasm linear memory: ${TYPES.map((type) => `${type}: Node ${(peaks[`node ${type}`] / 2 ** 20).toFixed(0)} MiB, Chromium ${(peaks[`chromium ${type}`] / 2 ** 20).toFixed(0)} MiB`).join('; ')}`,
  `first call on a fresh Node runner / median warm call: ${TYPES.map((type) => `${type} ${(firstCall[type] / ms(`node ${type}`)).toFixed(2)} (${firstCall[type].toFixed(0)} ms)`).join(', ')}`,
  `tokens against native with 1 thread: ${TYPES.map((type) => `${type}: ${[`native ${type}/0`, `node ${type}`, `chromium ${type}`].map((k) => `${k.replace(` ${type}`, '').replace('/0', ' all cores')} ${tokens[k] === tokens[`native ${type}/1`] ? 'same' : 'DIFFERENT'}`).join(', ')}`).join('; ')}`,
];
console.log(lines.join('\n'));
