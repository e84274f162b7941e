// worker: true (worker_threads in Node) and timeoutMs: the same API, the same bytes, and a
// runaway call ended by terminating the worker.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import { goldenCases, pkg, repo } from './lib/golden.mjs';

const { PipelineRunner, RemoteMediaError } = pkg;
const calculator = JSON.parse(fs.readFileSync(path.join(repo, 'examples/calculator.json'), 'utf8'));
const byName = new Map(goldenCases().map((c) => [c.name, c]));
const runners = [];
after(() => runners.forEach((r) => r.dispose()));

function runner(options) {
  const r = new PipelineRunner(options);
  runners.push(r);
  return r;
}

const FOREVER = { version: 'v1', metadata: { name: 'forever' }, nodes: [{ id: 'p', node_type: 'PythonNode',
  params: { class: 'N', source: 'class N:\n    def process(self, item):\n        while True:\n            pass\n' } }] };

test('worker mode runs the calculator and Python golden cases byte for byte', async () => {
  const r = runner({ worker: true });
  assert.equal(r.worker, true);
  await r.initialize();
  assert.deepEqual((await r.execute(calculator)).outputs, { add: [20, 24, 16] });
  for (const name of ['python_module_node', 'python_text_processor', 'python_recursion', 'python_tensor_million', 'python_stack_overflow_map', 'calculator']) {
    const c = byName.get(name);
    await r.setPipelineFiles(c.files ?? {});
    const { stdout, exitCode } = await r.executeRaw(c.input, { limits: c.limits });
    assert.equal(stdout, c.expected, `${name} in the worker`);
    assert.equal(exitCode, c.expectedExit);
  }
});

test('worker mode streams, with binary payloads crossing the thread boundary', async () => {
  const r = runner({ worker: true });
  await r.initialize();
  const p = await r.createPipeline(calculator.manifest);
  const input = Object.assign(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] });
  const out = await p.push(input);
  assert.ok(out.add[0] instanceof Float64Array);
  assert.deepEqual(out.add[0].shape, [2, 2]);
  assert.deepEqual(Array.from(out.add[0]), [12, 14, 16, 18]);
  assert.deepEqual(Array.from(input), [1, 2, 3, 4], 'the caller\'s array is untouched (copied, not transferred)');
  assert.deepEqual(await p.flush(), { add: [] });
  await assert.rejects(p.push(1), (e) => e instanceof RemoteMediaError && e.code === 'pipeline_state');
  await p.close();
});

test('timeoutMs ends a runaway call with timeout, and the next call works', async () => {
  const r = runner({ timeoutMs: 1000 });
  assert.equal(r.worker, true, 'timeoutMs implies a worker');
  await r.initialize();
  const started = performance.now();
  await assert.rejects(r.execute(FOREVER, [1]), (e) => {
    assert.ok(e instanceof RemoteMediaError);
    assert.equal(e.code, 'timeout');
    assert.equal(e.exitCode, 1);
    return true;
  });
  // Generous: terminating a worker that spins in wasm can take a moment on a loaded machine.
  assert.ok(performance.now() - started < 10000, 'rejected within a few seconds');
  assert.deepEqual((await r.execute(calculator)).outputs, { add: [20, 24, 16] });
  assert.equal(r.metrics.instances, 2, 'a new worker, a new instance');
});

test('executeRaw of a runaway call resolves with the timeout document', async () => {
  const r = runner({ timeoutMs: 1000 });
  await r.initialize();
  const { stdout, exitCode } = await r.executeRaw(JSON.stringify({ manifest: FOREVER, input_data: [1] }));
  assert.equal(exitCode, 1);
  assert.match(stdout, /^\{"status": "error", "error": \{"code": "timeout", "message": "[^"]+"\}\}\n$/);
});

test('a streaming pipeline is lost with its timed-out worker: pipeline_failed', async () => {
  const r = runner({ timeoutMs: 1000 });
  await r.initialize();
  const p = await r.createPipeline(calculator.manifest);
  assert.deepEqual(await p.push(1), { add: [12] });
  const spin = await r.createPipeline(FOREVER);
  await assert.rejects(spin.push(1), (e) => e.code === 'timeout');
  await assert.rejects(p.push(2), (e) => e.code === 'pipeline_failed');
  const q = await r.createPipeline(calculator.manifest);
  assert.deepEqual(await q.push(2), { add: [14] });
});

test('files mounted before a timeout are mounted again in the new worker', async () => {
  const r = runner({ timeoutMs: 1000 });
  await r.initialize();
  const c = byName.get('python_module_node');
  await r.setPipelineFiles(c.files);
  await assert.rejects(r.execute(FOREVER, [1]), (e) => e.code === 'timeout');
  assert.equal((await r.executeRaw(c.input)).stdout, c.expected);
});

test('prints from the worker reach the stderr callback', async () => {
  let text = '';
  const r = runner({ worker: true, stderr: (t) => { text += t; } });
  await r.initialize();
  const doc = { version: 'v1', metadata: { name: 'p' }, nodes: [{ id: 'p', node_type: 'PythonNode',
    params: { class: 'N', source: 'class N:\n    def process(self, item):\n        print("from the worker", item)\n        return item\n' } }] };
  assert.deepEqual((await r.execute(doc, [3])).outputs, { p: [3] });
  // The print message is posted before the reply.
  assert.match(text, /from the worker 3/);
});

test('timeoutMs is per call: queued calls that together take longer do not time out', async () => {
  const r = runner({ timeoutMs: 1000 });
  await r.initialize();
  const p = await r.createPipeline({ version: 'v1', metadata: { name: 'nap' }, nodes: [{ id: 'n', node_type: 'PythonNode',
    params: { class: 'N', source: 'import time\nclass N:\n    def process(self, item):\n        time.sleep(0.2)\n        return item\n' } }] });
  // Eight pushes of ~0.2 s each, issued at once: ~1.6 s in all, each well under the limit.
  const outputs = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => p.push(i)));
  assert.deepEqual(outputs.map((o) => o.n[0]), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(r.metrics.instances, 1, 'no worker was terminated');
});

test('a bad timeoutMs is refused', () => {
  assert.throws(() => new PipelineRunner({ timeoutMs: -5 }), (e) => e.code === 'invalid_argument');
});
