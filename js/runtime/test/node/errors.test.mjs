// Failures as RemoteMediaError: runtime error documents (code, nodeId, path, traceback, exit
// code), host failures (a trap, stack exhaustion, a module that does not load) and the runner's
// recovery from them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { dist, goldenCases, pkg, repo } from './lib/golden.mjs';

const { PipelineRunner, RemoteMediaError } = pkg;
const calculator = JSON.parse(fs.readFileSync(path.join(repo, 'examples/calculator.json'), 'utf8'));
const byName = new Map(goldenCases().map((c) => [c.name, c]));
const runner = new PipelineRunner();
before(() => runner.initialize());
after(() => runner.dispose());

const python = (source, cls = 'N') => ({ version: 'v1', metadata: { name: 'py' }, nodes: [{ id: 'p', node_type: 'PythonNode', params: { class: cls, source } }] });

test('the calculator example runs and resolves with the decoded success document', async () => {
  const result = await runner.execute(calculator);
  assert.deepEqual(result.outputs, { add: [20, 24, 16] });
  assert.equal(result.status, 'success');
});

test('a bad manifest rejects with code, path and exit code 2, carrying the error document', async () => {
  const bad = structuredClone(calculator);
  bad.manifest.nodes[0].params.factor = 'two';
  await assert.rejects(runner.execute(bad), (e) => {
    assert.ok(e instanceof RemoteMediaError);
    assert.equal(e.code, 'invalid_param');
    assert.equal(e.exitCode, 2);
    assert.match(e.path, /^\$\.manifest\.nodes\[0\]\.params\.factor/);
    assert.equal(e.result.status, 'error');
    assert.equal(e.result.error.code, 'invalid_param');
    return true;
  });
});

test('malformed JSON text rejects with invalid_json', async () => {
  await assert.rejects(runner.execute('{"version": '), (e) => e.code === 'invalid_json' && e.exitCode === 2);
});

test('a raising Python node rejects with nodeId, traceback and exit code 1', async () => {
  const doc = python('class N:\n    def process(self, item):\n        raise KeyError(item)\n');
  await assert.rejects(runner.execute(doc, ['missing']), (e) => {
    assert.equal(e.code, 'python_error');
    assert.equal(e.nodeId, 'p');
    assert.equal(e.exitCode, 1);
    assert.match(e.traceback, /Traceback \(most recent call last\):[\s\S]*KeyError: 'missing'/);
    assert.match(e.message, /KeyError/);
    return true;
  });
});

test('deep Python recursion is a clean RecursionError, the instance lives on', async () => {
  const before = runner.metrics.instances;
  const doc = python('def depth(n):\n    return depth(n + 1) + 1\nclass N:\n    def process(self, item):\n        return depth(item)\n');
  await assert.rejects(runner.execute(doc, [0]), (e) => e.code === 'python_error' && /RecursionError/.test(e.message));
  assert.equal(runner.metrics.instances, before, 'no new instance');
});

test('stack exhaustion in C (a trap) rejects with stack_overflow; the next call gets a fresh instance', async () => {
  const c = byName.get('python_stack_overflow_map');
  const before = runner.metrics.instances;
  await assert.rejects(runner.execute(c.input), (e) => {
    assert.equal(e.code, 'stack_overflow');
    assert.equal(e.message, 'the run exhausted its stack (recursion too deep)');
    assert.equal(e.exitCode, 1);
    return true;
  });
  assert.deepEqual((await runner.execute(calculator)).outputs, { add: [20, 24, 16] });
  assert.equal(runner.metrics.instances, before + 1, 'recovered on a new instance');
});

test('a pipeline opened before a trap is lost with its instance: pipeline_failed, then a new one works', async () => {
  const p = await runner.createPipeline(calculator.manifest);
  assert.deepEqual(await p.push(1), { add: [12] });
  await assert.rejects(runner.execute(byName.get('python_stack_overflow_filter').input), (e) => e.code === 'stack_overflow');
  await assert.rejects(p.push(2), (e) => e.code === 'pipeline_failed');
  await p.close();
  const q = await runner.createPipeline(calculator.manifest);
  assert.deepEqual(await q.push(2), { add: [14] });
  await q.close();
});

test('a node\'s prints go to the stderr callback, never into the result', async () => {
  const lines = [];
  const chatty = new PipelineRunner({ stderr: (text, fd) => lines.push([fd, text]) });
  await chatty.initialize();
  const doc = python('import sys\nclass N:\n    def process(self, item):\n        print("hello", item)\n        sys.stderr.write("warn\\n")\n        return item\n');
  const { stdout, exitCode } = await chatty.executeRaw(JSON.stringify({ manifest: doc, input_data: [7] }));
  assert.equal(exitCode, 0);
  assert.equal(stdout, '{"status": "success", "outputs": {"p": [7]}, "graph_info": {"node_count": 1, "source_count": 1, "sink_count": 1, "execution_order": ["p"]}}\n');
  const text = lines.map(([, t]) => t).join('');
  assert.match(text, /hello 7/);
  assert.match(text, /warn/);
  chatty.dispose();
});

test('time.sleep sleeps as long as asked (an absolute deadline is not taken as a timeout)', async () => {
  // The guest's monotonic clock counts from the host process's start. With the deadline taken as
  // relative (browser_wasi_shim 0.4.2's poll_oneoff), sleep(0.01) at t = 2 s would take ~2 s.
  const doc = python('import time\nclass N:\n    def process(self, item):\n        while time.monotonic() < 2.0:\n            pass\n        t = time.monotonic()\n        time.sleep(item)\n        return time.monotonic() - t\n');
  const [elapsed] = (await runner.execute(doc, [0.01])).outputs.p;
  assert.ok(elapsed >= 0.01 && elapsed < 1, `slept ${elapsed} s`);
});

test('the runtime limits apply per call and per runner', async () => {
  const c = byName.get('run_output_limit_bytes');
  const limited = await runner.executeRaw(c.input, { limits: c.limits });
  assert.equal(limited.stdout, c.expected);
  const unlimited = await runner.executeRaw(c.input);
  assert.equal(unlimited.exitCode, 0, 'the default limits let it through');
  const small = new PipelineRunner({ limits: c.limits });
  await small.initialize();
  assert.equal((await small.executeRaw(c.input)).stdout, c.expected);
  small.dispose();
});

test('a limit names its option as the caller spells it: the CLI flag in executeRaw, limits.* in execute and streaming', async () => {
  const fan = { version: 'v1', metadata: { name: 'fan' }, nodes: [{ id: 'a', node_type: 'PassThroughNode' }] };
  const limits = { maxOutputItems: 2 };
  const raw = await runner.executeRaw(JSON.stringify({ manifest: fan, input_data: [1, 2, 3] }), { limits });
  assert.equal(raw.exitCode, 1);
  assert.match(raw.stdout, /items at once \(--max-output-items\)"/);
  await assert.rejects(runner.execute(fan, [1, 2, 3], { limits }),
    (e) => e instanceof RemoteMediaError && e.code === 'output_limit' && e.message.endsWith('items at once (limits.maxOutputItems)'));
  const split = { ...fan, nodes: [...fan.nodes, { id: 'b', node_type: 'PassThroughNode' }, { id: 'c', node_type: 'PassThroughNode' }],
    connections: [{ from: 'a', to: 'b' }, { from: 'a', to: 'c' }] };
  const stream = await runner.createPipeline(split, { limits: { maxOutputItems: 1 } });
  await assert.rejects(stream.push(1),
    (e) => e instanceof RemoteMediaError && e.code === 'output_limit' && e.message.endsWith('items at once (limits.maxOutputItems)'));
  await stream.close();
  await assert.rejects(runner.execute(fan, [1], { limits: { maxOutputItems: 0 } }),
    (e) => e instanceof RemoteMediaError && e.code === 'invalid_option' && e.message.startsWith('limits.maxOutputItems'));
});

test('a module that is not WebAssembly rejects initialize with invalid_runtime_module', async () => {
  const r = new PipelineRunner();
  await assert.rejects(r.initialize(new Uint8Array([0, 1, 2, 3])), (e) => e instanceof RemoteMediaError && e.code === 'invalid_runtime_module' && e.exitCode === 2);
  // ... and a runner whose initialize failed can be initialized again.
  await r.initialize();
  assert.deepEqual((await r.execute(calculator)).outputs, { add: [20, 24, 16] });
  r.dispose();
});

test('a WebAssembly module that is not the runtime library is invalid_runtime_module', async () => {
  const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const r = new PipelineRunner();
  await assert.rejects(r.initialize(empty), (e) => e.code === 'invalid_runtime_module' && /exports no memory/.test(e.message));
  r.dispose();
});

test('a module file that does not exist is wasm_target_unavailable', async () => {
  const r = new PipelineRunner();
  await assert.rejects(r.initialize(path.join(dist, 'no-such-module.wasm')), (e) => e.code === 'wasm_target_unavailable' && e.exitCode === 2);
  await assert.rejects(r.initialize({ stdlib: path.join(dist, 'no-such.zip') }), (e) => e.code === 'wasm_target_unavailable');
  r.dispose();
});

test('an unreachable URL is wasm_target_unavailable', async () => {
  const r = new PipelineRunner();
  // Port 9 on localhost: nothing listens (connection refused), nothing leaves the machine.
  await assert.rejects(r.initialize('http://127.0.0.1:9/remotemedia_runtime.wasm'), (e) => e.code === 'wasm_target_unavailable');
  r.dispose();
});

test('initialize takes bytes and a compiled Module, and reports progress', async () => {
  const bytes = fs.readFileSync(path.join(dist, 'remotemedia_runtime.wasm'));
  const stdlib = fs.readFileSync(path.join(dist, 'python311.zip'));
  const progress = [];
  const r = new PipelineRunner({ onProgress: (p) => progress.push(p) });
  const events = [];
  r.addEventListener('progress', (e) => events.push(e.detail));
  await r.initialize({ module: new Uint8Array(bytes), stdlib: new Uint8Array(stdlib) });
  assert.deepEqual((await r.execute(calculator)).outputs, { add: [20, 24, 16] });
  assert.ok(progress.some((p) => p.file === 'module' && p.loaded === bytes.length));
  assert.ok(progress.some((p) => p.file === 'stdlib' && p.loaded === stdlib.length));
  assert.deepEqual(events, progress);
  const r2 = new PipelineRunner();
  await r2.initialize(await WebAssembly.compile(bytes));
  assert.deepEqual((await r2.execute(calculator)).outputs, { add: [20, 24, 16] });
  r.dispose();
  r2.dispose();
});

test('a disposed runner rejects every call', async () => {
  const r = new PipelineRunner();
  await r.initialize();
  r.dispose();
  await assert.rejects(r.execute(calculator), (e) => e.code === 'invalid_argument' && /disposed/.test(e.message));
  await assert.rejects(r.initialize(), (e) => /disposed/.test(e.message));
});

test('values with no runtime form are refused before anything runs', async () => {
  await assert.rejects(runner.execute(calculator.manifest, [() => 1]), (e) => e.code === 'invalid_argument' && e.path === '$.input_data[0]');
  await assert.rejects(runner.execute(calculator.manifest, [{ a: Symbol('s') }]), (e) => e.code === 'invalid_argument' && e.path === '$.input_data[0].a');
  await assert.rejects(runner.execute(calculator.manifest, [2n ** 64n]), (e) => e.code === 'invalid_argument');
  const cyclic = [];
  cyclic.push(cyclic);
  await assert.rejects(runner.execute(calculator.manifest, cyclic), (e) => e.code === 'invalid_argument');
});

test('maxMemoryBytes caps linear memory: an allocation past it is a MemoryError inside the call, and the instance lives on', async () => {
  const cap = 64 * 1024 * 1024;
  const r = new PipelineRunner({ maxMemoryBytes: cap });
  await r.initialize();
  const hog = python('class N:\n    def process(self, item):\n        data = bytearray(item)\n        return len(data)\n');
  assert.deepEqual((await r.execute(hog, [1000])).outputs, { p: [1000] });
  const before = r.metrics.instances;
  await assert.rejects(r.execute(hog, [100 * 1024 * 1024]),
    (e) => e.code === 'out_of_memory' && e.result.error.exception_type === 'MemoryError');
  assert.ok(r.metrics.peakMemoryBytes <= cap, `memory stayed under the cap (${r.metrics.peakMemoryBytes})`);
  assert.deepEqual((await r.execute(hog, [10])).outputs, { p: [10] });
  assert.equal(r.metrics.instances, before, 'the same instance runs on');
  r.dispose();
});

test('maxMemoryBytes below 64 MiB is refused', async () => {
  const r = new PipelineRunner({ maxMemoryBytes: 16 * 1024 * 1024 });
  await assert.rejects(r.initialize(), (e) => e.code === 'invalid_option' && /at least 67108864/.test(e.message));
  r.dispose();
});

test('metrics report the load phases, the last call and the memory high-water mark', async () => {
  const m = runner.metrics;
  for (const key of ['fetchMs', 'compileMs', 'instantiateMs', 'initMs', 'lastExecuteMs']) {
    assert.ok(Number.isFinite(m[key]) && m[key] >= 0, `${key} = ${m[key]}`);
  }
  assert.ok(m.initMs > 0, 'CPython start is measured');
  assert.ok(m.peakMemoryBytes >= m.memoryBytes && m.memoryBytes > 0);
  assert.ok(m.instances >= 1);
});
