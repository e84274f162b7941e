// What a browser Web Worker must survive: deep Python recursion is a clean RecursionError document
// (the recursion limit keeps CPython inside the worker's smaller native stack - never a trap),
// recursion that stays under the limit still completes, C-level recursion the limit cannot see
// is the CLI's stack_overflow document and leaves the runner usable, and `timeoutMs` ends
// `while True: pass` with code `timeout` after which the same runner works again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSession } from './lib/session.mjs';
import { goldenCase } from './lib/native.mjs';

let session;
let calculator;

before(async () => {
  calculator = await goldenCase('calculator');
  session = await openSession();
});

after(async () => {
  await session?.close();
});

const pythonDoc = (source, input = [0]) => JSON.stringify({
  manifest: { version: 'v1', metadata: { name: 'probe' },
    nodes: [{ id: 'p', node_type: 'PythonNode', params: { source, class: 'P' } }] },
  input_data: input,
});

async function executeRaw(runner, doc) {
  const r = await session.call(runner, 'executeRaw', [doc]);
  assert.ok(r.ok, `executeRaw rejected: ${JSON.stringify(r.error)}`);
  return r.value;
}

async function calculatorStillWorks(runner) {
  const r = await executeRaw(runner, { __textFromUrl: calculator.inputUrl });
  assert.equal(r.stdout, calculator.expected);
  assert.equal(r.exitCode, 0);
}

describe('deep recursion in a Web Worker', () => {
  test('initialize() resolves in a worker', async () => {
    await session.create('deep', { worker: true });
    const init = await session.call('deep', 'initialize');
    assert.ok(init.ok, `initialize failed: ${JSON.stringify(init.error)}`);
  });

  test('unbounded Python recursion is a RecursionError document, exit 1', async () => {
    const r = await executeRaw('deep', pythonDoc(
      'def depth(n):\n    return depth(n + 1) + 1\n\nclass P:\n    def process(self, item):\n        return depth(item)\n'));
    const doc = JSON.parse(r.stdout);
    assert.equal(r.exitCode, 1);
    assert.equal(doc.status, 'error');
    assert.equal(doc.error.code, 'python_error');
    assert.equal(doc.error.exception_type, 'RecursionError');
    assert.equal(doc.error.node_id, 'p');
    assert.deepEqual(session.newProblems(), []);
  });

  test('recursion through C code (json.dumps of a deeply nested list) is a RecursionError too', async () => {
    const r = await executeRaw('deep', pythonDoc(
      'import json\nclass P:\n    def process(self, item):\n        x = []\n        for _ in range(100000):\n            x = [x]\n        return json.dumps(x)\n'));
    const doc = JSON.parse(r.stdout);
    assert.equal(r.exitCode, 1);
    assert.equal(doc.error.code, 'python_error');
    assert.equal(doc.error.exception_type, 'RecursionError');
  });

  test('recursion that stays under the limit (300 frames) completes in the worker', async () => {
    const r = await executeRaw('deep', pythonDoc(
      'def depth(n):\n    return 0 if n == 0 else depth(n - 1) + 1\n\nclass P:\n    def process(self, item):\n        return depth(item)\n', [300]));
    assert.equal(r.exitCode, 0, r.stdout);
    assert.deepEqual(JSON.parse(r.stdout).outputs, { p: [300] });
  });

  test('C-level recursion the limit cannot see is the CLI\'s stack_overflow document, and the runner recovers', async () => {
    const c = await goldenCase('python_stack_overflow_map');
    const r = await executeRaw('deep', { __textFromUrl: c.inputUrl });
    assert.equal(r.stdout, c.expected);
    assert.equal(r.exitCode, c.exitCode);
    await calculatorStillWorks('deep');
  });

  test('after all of that, the worker runs the calculator and nothing was logged as an error', async () => {
    await calculatorStillWorks('deep');
    assert.deepEqual(session.newProblems(), []);
  });
});

describe('timeoutMs in a Web Worker', () => {
  test('initialize() resolves in a worker', async () => {
    await session.create('slow', { worker: true, timeoutMs: 5000 });
    const init = await session.call('slow', 'initialize');
    assert.ok(init.ok, `initialize failed: ${JSON.stringify(init.error)}`);
  });

  test('`while True: pass` is ended with RemoteMediaError code timeout', async () => {
    const r = await session.call('slow', 'execute',
      [pythonDoc('class P:\n    def process(self, item):\n        while True:\n            pass\n')]);
    assert.equal(r.ok, false, 'the endless loop returned');
    assert.equal(r.error.isRemoteMediaError, true, JSON.stringify(r.error));
    assert.equal(r.error.code, 'timeout');
  });

  test('the runner works again after the timeout', async () => {
    await calculatorStillWorks('slow');
    const again = await session.call('slow', 'execute', [{ __textFromUrl: calculator.inputUrl }]);
    assert.ok(again.ok, JSON.stringify(again.error));
    assert.deepEqual(again.value.outputs, JSON.parse(calculator.expected).outputs);
    assert.deepEqual(session.newProblems(), []);
  });
});
