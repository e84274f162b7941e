// What isolation costs in @remotemedia/runtime (docs/js.md#trust-model), in Node and in headless
// Chromium, measured side by side in one run with rounds alternating (not a test):
//   calculator        execute() of examples/calculator.json: a run that starts no Python
//   python pipeline   execute() of one inline PythonNode (json round trip): the pipeline's own
//                     sub-interpreter started and ended, the node's module imported in it
//   loadPackage       loadPackage() of examples/python/sentiment.json packed for wasm32-wasi:
//                     verify, a fresh instance (CPython started again), mount
//   first package run executeRaw() of the package's pipeline right after loadPackage()
//   package run again the same on the same instance
// Prints medians (ms): per pipeline = python pipeline - calculator; per package = loadPackage +
// first package run - package run again.
//
//   node bench/js_runtime/isolation.mjs [ROUNDS=15]
// Needs build/bin/remotemedia and js/runtime/dist (scripts/build.sh release wasi; scripts/build_js.sh).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { CALCULATOR, REPO_ROOT } from './workload.mjs';
import { openSession, repoUrl } from '../../js/runtime/test/browser/lib/session.mjs';

const rounds = Number(process.argv[2] ?? 15);
const cli = path.join(REPO_ROOT, 'build/bin/remotemedia');
const dir = path.join(REPO_ROOT, 'build/bench');
fs.mkdirSync(dir, { recursive: true });
const bundlePath = path.join(dir, 'isolation-sentiment.rmpkg');
const packed = spawnSync(cli, ['pack', path.join(REPO_ROOT, 'examples/python/sentiment.json'), '-o', bundlePath, '--target', 'wasm32-wasi', '--force'], { encoding: 'utf8' });
if (packed.status !== 0) throw new Error(`pack failed: ${packed.stderr}`);
const bundleBytes = new Uint8Array(fs.readFileSync(bundlePath));

const PYTHON = JSON.stringify({
  manifest: {
    version: 'v1', metadata: { name: 'one-python-node' },
    nodes: [{ id: 'p', node_type: 'PythonNode', params: { class: 'P', source: 'import json\nclass P:\n    def process(self, x):\n        return json.loads(json.dumps([x, x]))\n' } }],
  },
  input_data: [1],
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// `call(method, args)` resolves with the milliseconds the call took (the host measures it).
async function measure(call) {
  const t = { calculator: [], python: [], load: [], first: [], again: [] };
  let documentText = null;
  for (let i = 0; i < 3; i++) {  // warm-up: V8 tiers, the first instance's costs
    await call('execute', [CALCULATOR]);
    await call('execute', [PYTHON]);
  }
  for (let r = 0; r < rounds; r++) {
    t.calculator.push(await call('execute', [CALCULATOR]));
    t.python.push(await call('execute', [PYTHON]));
    const load = await call('loadPackage', ['bundle']);
    t.load.push(load.ms);
    documentText = load.value.documentText;
    t.first.push(await call('executeRaw', [documentText]));
    t.again.push(await call('executeRaw', [documentText]));
  }
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v.map((x) => (typeof x === 'number' ? x : x.ms)))]));
  return { ...m, perPipeline: m.python - m.calculator, perPackage: m.load + m.first - m.again };
}

async function inNode() {
  const { PipelineRunner } = await import(path.join(REPO_ROOT, 'js/runtime/dist/index.js'));
  const runner = new PipelineRunner();
  await runner.initialize();
  const call = async (method, args) => {
    const real = args[0] === 'bundle' ? [bundleBytes] : args;
    const t0 = performance.now();
    const value = await runner[method](...real);
    const ms = performance.now() - t0;
    if (method === 'executeRaw' && value.exitCode !== 0) throw new Error(value.stdout);
    return method === 'loadPackage' ? { ms, value } : ms;
  };
  try {
    return await measure(call);
  } finally {
    runner.dispose();
  }
}

async function inChromium() {
  const session = await openSession();
  try {
    await session.create('bench', {});
    const url = repoUrl(path.relative(REPO_ROOT, bundlePath));
    const call = async (method, args) => {
      const real = args[0] === 'bundle' ? [{ __bytesFromUrl: url }] : args;
      const r = await session.call('bench', method, real);
      if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
      if (method === 'executeRaw' && r.value.exitCode !== 0) throw new Error(r.value.stdout);
      return method === 'loadPackage' ? { ms: r.ms, value: r.value } : r.ms;
    };
    return await measure(call);
  } finally {
    await session.close();
  }
}

const node = await inNode();
const chromium = await inChromium();
const rows = [
  ['execute(), calculator (no Python)', 'calculator'],
  ['execute(), one Python node', 'python'],
  ['loadPackage() (fresh instance)', 'load'],
  ['first run of the package', 'first'],
  ['the package run again', 'again'],
  ['**per pipeline** (Python pipeline - calculator)', 'perPipeline'],
  ['**per package** (load + first run - run again)', 'perPackage'],
];
const lines = [`Isolation costs, median of ${rounds} alternating rounds (ms)`, '', '| | Node | Chromium (main thread) |', '|---|---:|---:|'];
for (const [label, key] of rows) lines.push(`| ${label} | ${node[key].toFixed(1)} | ${chromium[key].toFixed(1)} |`);
console.log(lines.join('\n'));
console.log('\n(Chromium\'s loadPackage includes fetching the bundle from the local server.)');
