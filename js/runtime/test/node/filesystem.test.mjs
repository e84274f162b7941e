// The guest's filesystem: /usr, /pipeline and /models are read-only for files and directories
// alike, mounted trees are what a later pipeline sees (and only that), and bad mount paths are
// refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { pkg } from './lib/golden.mjs';

const { PipelineRunner } = pkg;
const runner = new PipelineRunner();
before(() => runner.initialize());
after(() => runner.dispose());

// A node that tries each operation of `attempts` (Python expressions) and reports "ok" or the
// errno name of the OSError it raised.
function prober(attempts) {
  const source = [
    'import errno, os',
    'class Probe:',
    '    def process(self, item):',
    '        out = []',
    ...attempts.map((a) => [
      '        try:',
      `            ${a}`,
      '            out.append("ok")',
      '        except OSError as e:',
      '            out.append(errno.errorcode.get(e.errno, str(e.errno)))',
    ].join('\n')),
    '        return out',
  ].join('\n') + '\n';
  return { version: 'v1', metadata: { name: 'probe' }, nodes: [{ id: 'probe', node_type: 'PythonNode', params: { class: 'Probe', source } }] };
}

async function probe(attempts) {
  const result = await runner.execute(prober(attempts), [0]);
  return result.outputs.probe[0];
}

test('no file or directory under /usr, /pipeline or /models can be written, created, renamed or removed', async () => {
  await runner.setPipelineFiles({ 'nodes/a.py': 'X = 1\n', 'data/b.txt': 'b' });
  await runner.setModelFiles({ 'm.bin': new Uint8Array([1, 2, 3]) });
  const attempts = [
    'open("/usr/lib/python311.zip", "ab").write(b"x")',
    'open("/usr/lib/python311.zip", "r+b")',
    'open("/usr/new.py", "w")',
    'open("/usr/lib/planted.py", "x")',
    'os.mkdir("/usr/lib/pkg")',
    'open("/pipeline/nodes/a.py", "w")',
    'open("/pipeline/nodes/new.py", "w")',
    'os.mkdir("/pipeline/nodes/sub")',
    'os.rename("/pipeline/nodes/a.py", "/pipeline/nodes/c.py")',
    'os.rename("/pipeline/data", "/pipeline/data2")',
    'os.remove("/pipeline/nodes/a.py")',
    'os.rmdir("/pipeline/data")',
    'os.utime("/pipeline/data/b.txt", (1, 1))',
    'os.truncate("/models/m.bin", 0)',
    'open("/models/extra.bin", "wb")',
    'os.remove("/models/m.bin")',
  ];
  const results = await probe(attempts);
  results.forEach((r, i) => assert.notEqual(r, 'ok', `${attempts[i]} succeeded`));
  // ... and everything is as it was.
  assert.deepEqual(await probe([
    'assert sorted(os.listdir("/pipeline")) == ["data", "nodes"], os.listdir("/pipeline")',
    'assert os.listdir("/pipeline/nodes") == ["a.py"]',
    'assert os.listdir("/usr/lib") == ["python311.zip"]',
    'assert open("/models/m.bin", "rb").read() == b"\\x01\\x02\\x03"',
    'assert open("/pipeline/data/b.txt").read() == "b"',
  ]), ['ok', 'ok', 'ok', 'ok', 'ok']);
});

test('writes are refused with EROFS (files) and the read paths keep working', async () => {
  await runner.setPipelineFiles({ 'x.txt': 'hello' });
  assert.deepEqual(await probe(['open("/pipeline/y.txt", "w")', 'open("/pipeline/x.txt", "a")', 'open("/pipeline/x.txt").read(2)', 'os.stat("/pipeline/x.txt").st_size == 5 or 1/0']),
    ['EROFS', 'EROFS', 'ok', 'ok']);
});

test('a file the guest opens gets the lowest free descriptor: opening in a loop does not grow the table', async () => {
  await runner.setPipelineFiles({ 'x.txt': 'hello' });
  const result = await runner.execute(prober([]), [0]);
  assert.ok(result);
  const doc = { version: 'v1', metadata: { name: 'fds' }, nodes: [{ id: 'f', node_type: 'PythonNode', params: { class: 'F', source:
    'class F:\n    def process(self, item):\n        fds = set()\n        for _ in range(500):\n            f = open("/pipeline/x.txt")\n            fds.add(f.fileno())\n            f.close()\n        return len(fds)\n' } }] };
  assert.deepEqual((await runner.execute(doc, [0])).outputs, { f: [1] });
});

test('closing a reserved descriptor (stdout, a preopen) does not break later runs', async () => {
  const doc = { version: 'v1', metadata: { name: 'close' }, nodes: [{ id: 'c', node_type: 'PythonNode', params: { class: 'C', source:
    'import os\nclass C:\n    def process(self, item):\n        for fd in (1, 3, 4, 5):\n            os.close(fd)\n        return item\n' } }] };
  assert.deepEqual((await runner.execute(doc, [1])).outputs, { c: [1] });
  await runner.setPipelineFiles({ 'nodes/m.py': 'class M:\n    def process(self, item):\n        import json\n        return json.dumps(item)\n' });
  const modular = { version: 'v1', metadata: { name: 'm' }, nodes: [{ id: 'm', node_type: 'PythonNode', params: { module: 'nodes/m.py', class: 'M' } }] };
  assert.deepEqual((await runner.execute(modular, [[1, 2]])).outputs, { m: ['[1, 2]'] });
});

test('a module file swapped between runs runs its new code (no stale module at the same path)', async () => {
  const modular = { version: 'v1', metadata: { name: 'm' }, nodes: [{ id: 'm', node_type: 'PythonNode', params: { module: 'nodes/m.py', class: 'M' } }] };
  const version = (n) => `class M:\n    def process(self, item):\n        return ${n}\n`;
  await runner.setPipelineFiles({ 'nodes/m.py': version(1) });
  assert.deepEqual((await runner.execute(modular, [0])).outputs, { m: [1] });
  await runner.setPipelineFiles({ 'nodes/m.py': version(2) });
  assert.deepEqual((await runner.execute(modular, [0])).outputs, { m: [2] });
  await runner.setPipelineFiles({});
  await assert.rejects(runner.execute(modular, [0]), (e) => e.code === 'python_module_not_found');
});

test('mount paths are checked: relative, no empty, "." or ".." parts, not both file and directory', async () => {
  const refused = (files) => assert.rejects(runner.setPipelineFiles(files), (e) => e.code === 'invalid_argument' && e.exitCode === 2);
  await refused({ '/abs.py': '' });
  await refused({ '../up.py': '' });
  await refused({ 'a//b.py': '' });
  await refused({ './a.py': '' });
  await refused({ 'a': '', 'a/b': '' });
  await refused({ 'x': 42 });
  // A refused mount leaves the previous tree in place.
  await runner.setPipelineFiles({ 'kept.txt': 'k' });
  await refused({ '': 'x' });
  assert.deepEqual(await probe(['assert os.listdir("/pipeline") == ["kept.txt"]']), ['ok']);
});

test('"__proto__" in a file map is a file name like any other, or not a file at all', async () => {
  // An own property named __proto__ (JSON.parse makes one) is a file; its contents are checked.
  await runner.setPipelineFiles(JSON.parse('{"__proto__": "p", "nodes/__proto__": "q"}'));
  assert.deepEqual(await probe([
    'assert open("/pipeline/__proto__").read() == "p"',
    'assert open("/pipeline/nodes/__proto__").read() == "q"',
  ]), ['ok', 'ok']);
  await assert.rejects(runner.setPipelineFiles(JSON.parse('{"__proto__": {"a.py": "x"}}')),
    (e) => e.code === 'invalid_argument' && /__proto__/.test(e.message));
  // In an object literal it sets the prototype: no own file, an empty tree, and no TypeError.
  await runner.setPipelineFiles({ __proto__: { 'a.py': 'x' } });
  assert.deepEqual(await probe(['assert os.listdir("/pipeline") == []']), ['ok']);
  await runner.setPipelineFiles(Object.create(null));
});
