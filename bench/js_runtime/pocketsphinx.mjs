// PocketSphinxNode's speed (docs/nodes.md#pocketsphinxnode) natively, in wasm under Node and in
// headless Chromium, side by side in one run, rounds alternating (not a test): jfk.wav (11 s of
// real speech, 16 kHz mono) decoded as one utterance with Debian's en-us model. PocketSphinx is
// single-threaded on every target. The real-time factor is the node's own time (the run's
// metrics) over the audio's length: native is the CLI (a process per run; the decoder loads while
// the pipeline is built, outside the node's time), wasm a warm runner in Node and in Chromium.
// Also: the decoder's load (the first run's build time natively and in Node), the wasm
// instance's peak linear memory, and whether the words agree.
//
//   node bench/js_runtime/pocketsphinx.mjs [ROUNDS=5]
// Needs build/bin/remotemedia and js/runtime/dist (scripts/build.sh release wasi;
// scripts/build_js.sh), pocketsphinx-en-us and the audio fixtures (scripts/setup.sh).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './workload.mjs';
import { openSession, repoUrl } from '../../js/runtime/test/browser/lib/session.mjs';

const rounds = Number(process.argv[2] ?? 5);
const cli = path.join(REPO_ROOT, 'build/bin/remotemedia');
const MODELS = '/usr/share/pocketsphinx/model';
const dir = path.join(REPO_ROOT, 'build/bench/pocketsphinx');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
fs.cpSync(MODELS, path.join(dir, 'models'), { recursive: true });
fs.copyFileSync(path.join(REPO_ROOT, '.cache/audio-deps/current/fixtures/jfk.wav'), path.join(dir, 'jfk.wav'));
const SECONDS = 11.0;
const document = JSON.stringify({
  manifest: { version: 'v1', metadata: { name: 'pocketsphinx-bench' },
    nodes: [{ id: 'decode', node_type: 'AudioDecodeNode' }, { id: 'asr', node_type: 'PocketSphinxNode' }],
    connections: [{ from: 'decode', to: 'asr' }] },
  input_data: ['jfk.wav'],
});
fs.writeFileSync(path.join(dir, 'run.json'), document);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const metricsOf = (line) => JSON.parse(line).metrics;
const asrMs = (metrics) => metrics.nodes.find((n) => n.id === 'asr').ms;
const wordsOf = (stdout) => JSON.parse(stdout).outputs.asr.map((t) => t.text).join(' ');
const words = {};
const loads = {};

function nativeRound() {
  const r = spawnSync(cli, ['run', path.join(dir, 'run.json'), '--metrics', '--models', MODELS], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`native run failed: ${r.stderr}`);
  words.native = wordsOf(r.stdout);
  const metrics = metricsOf(r.stderr.trim().split('\n').pop());
  loads.native ??= metrics.build_ms;
  return asrMs(metrics);
}

const { PipelineRunner } = await import(path.join(REPO_ROOT, 'js/runtime/dist/index.js'));
const runner = new PipelineRunner();
await runner.initialize();
await runner.setPipelineDirectory(dir);
await runner.setModelDirectory(path.join(dir, 'models'));
async function nodeRound() {
  const r = await runner.executeRaw(document, { metrics: true });
  if (r.exitCode !== 0) throw new Error(r.stdout.slice(0, 400));
  words.node = wordsOf(r.stdout);
  const metrics = metricsOf(r.metrics);
  loads.node ??= metrics.build_ms;
  return asrMs(metrics);
}

function filesUnder(root, prefix = '') {
  const files = {};
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, filesUnder(path.join(root, entry.name), rel));
    else files[rel] = { __bytesFromUrl: repoUrl(path.relative(REPO_ROOT, path.join(root, entry.name))) };
  }
  return files;
}
const session = await openSession();
await session.create('bench', {});
for (const [method, files] of [['setModelFiles', filesUnder(path.join(dir, 'models'))],
  ['setPipelineFiles', { 'jfk.wav': { __bytesFromUrl: repoUrl(path.relative(REPO_ROOT, path.join(dir, 'jfk.wav'))) } }]]) {
  const mounted = await session.call('bench', method, [files]);
  if (!mounted.ok) throw new Error(JSON.stringify(mounted.error));
}
const documentUrl = repoUrl(path.relative(REPO_ROOT, path.join(dir, 'run.json')));
async function chromiumRound() {
  const r = await session.call('bench', 'executeRaw', [{ __textFromUrl: documentUrl }, { metrics: true }]);
  if (!r.ok || r.value.exitCode !== 0) throw new Error(JSON.stringify(r.error ?? r.value.stdout.slice(0, 400)));
  words.chromium = wordsOf(r.value.stdout);
  return asrMs(metricsOf(r.value.metrics));
}

const t = { native: [], node: [], chromium: [] };
await nodeRound(); // warm-up (and the decoder's load); V8 tiers up
await chromiumRound();
for (let i = 0; i < rounds; i++) {
  t.native.push(nativeRound());
  t.node.push(await nodeRound());
  t.chromium.push(await chromiumRound());
}
const peakNode = runner.metrics.peakMemoryBytes;
const peakChromium = (await session.page.evaluate(() => window.harness.metrics('bench'))).peakMemoryBytes;
runner.dispose();
await session.close();

const ms = (key) => median(t[key]);
const rtf = (key) => (ms(key) / 1000 / SECONDS).toFixed(3);
console.log([
  `PocketSphinxNode, Debian's en-us model, jfk.wav (${SECONDS} s) as one utterance, median of ${rounds} alternating rounds; RTF = node time / audio time`, '',
  '| native | wasm, Node | wasm, Chromium | wasm/native (Node, Chromium) |',
  '|---:|---:|---:|---:|',
  `| ${rtf('native')} (${ms('native').toFixed(0)} ms) | ${rtf('node')} (${ms('node').toFixed(0)} ms) | ${rtf('chromium')} (${ms('chromium').toFixed(0)} ms) | ${(ms('node') / ms('native')).toFixed(2)}, ${(ms('chromium') / ms('native')).toFixed(2)} |`,
  '',
  `decoder load (the first pipeline's build): native ${loads.native.toFixed(0)} ms, Node ${loads.node.toFixed(0)} ms`,
  `peak wasm linear memory: Node ${(peakNode / 2 ** 20).toFixed(0)} MiB, Chromium ${(peakChromium / 2 ** 20).toFixed(0)} MiB`,
  `words: ${words.native === words.node && words.native === words.chromium ? 'the same on all three' : `DIFFERENT: ${JSON.stringify(words)}`} ("${words.native}")`,
].join('\n'));
