// Host directories (Node): setPipelineDirectory / setModelDirectory mount a host directory
// read-only and read on demand. Unit checks of the view itself (dist/wasi/host_directory.js):
// symlinks are never shown or followed, every mutation is refused, reads are the file's bytes
// through the block cache and around it; and end to end through a runner.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { dist, pkg } from './lib/golden.mjs';

const { hostDirectory } = await import(path.join(dist, 'wasi/host_directory.js'));
const { ReadOnlyPreopen } = await import(path.join(dist, 'wasi/readonly_fs.js'));
const { wasi } = await import(path.join(dist, 'wasi/shim.js'));

const WRITE = BigInt(wasi.RIGHTS_FD_WRITE);
const READ = BigInt(wasi.RIGHTS_FD_READ);
const text = (r) => new TextDecoder().decode(r.data);

function scratch() {
  const dir = mkdtempSync(path.join(tmpdir(), 'rm-host-dir-test-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

async function preopen(dir, notes = []) {
  return new ReadOnlyPreopen('/pipeline', await hostDirectory('/pipeline', dir, (m) => notes.push(m)));
}

test('a host view hides symlinks and refuses every mutation', async () => {
  const s = scratch();
  try {
    mkdirSync(path.join(s.dir, 'sub'));
    writeFileSync(path.join(s.dir, 'sub', 'a.py'), 'x = 1\n');
    symlinkSync('/', path.join(s.dir, 'hostroot'));
    symlinkSync('/etc/passwd', path.join(s.dir, 'passwd'));
    const fd = await preopen(s.dir);

    assert.equal(fd.path_open(0, 'hostroot/etc/passwd', 0, READ, 0n, 0).ret, wasi.ERRNO_NOENT);
    assert.equal(fd.path_open(0, 'passwd', 0, READ, 0n, 0).ret, wasi.ERRNO_NOENT);
    assert.equal(fd.path_filestat_get(0, 'hostroot').ret, wasi.ERRNO_NOENT);
    assert.equal(fd.path_open(0, '../x', 0, READ, 0n, 0).ret, wasi.ERRNO_NOTCAPABLE);

    const opened = fd.path_open(0, 'sub/a.py', 0, READ, 0n, 0);
    assert.equal(opened.ret, 0);
    assert.equal(text(opened.fd_obj.fd_read(100)), 'x = 1\n');
    assert.equal(opened.fd_obj.fd_write(new Uint8Array([1])).ret, wasi.ERRNO_BADF);
    assert.equal(opened.fd_obj.fd_pwrite(new Uint8Array([1]), 0n).ret, wasi.ERRNO_BADF);
    assert.equal(opened.fd_obj.fd_filestat_set_size(0n), wasi.ERRNO_BADF);
    assert.equal(opened.fd_obj.fd_allocate(0n, 10n), wasi.ERRNO_BADF);

    assert.equal(fd.path_open(0, 'sub/a.py', 0, WRITE, 0n, 0).ret, wasi.ERRNO_ROFS);
    assert.equal(fd.path_open(0, 'sub/a.py', wasi.OFLAGS_TRUNC, READ, 0n, 0).ret, wasi.ERRNO_ROFS);
    assert.equal(fd.path_open(0, 'new.py', wasi.OFLAGS_CREAT, WRITE, 0n, 0).ret, wasi.ERRNO_ROFS);
    assert.equal(fd.path_open(0, 'sub', 0, WRITE, 0n, 0).ret, wasi.ERRNO_ISDIR);
    assert.equal(fd.path_create_directory('x'), wasi.ERRNO_ROFS);
    assert.equal(fd.path_create_directory('sub'), wasi.ERRNO_EXIST);
    assert.equal(fd.path_unlink_file('sub/a.py'), wasi.ERRNO_ROFS);
    assert.equal(fd.path_remove_directory('sub'), wasi.ERRNO_ROFS);
    assert.equal(fd.path_unlink('sub/a.py').ret, wasi.ERRNO_ROFS);
    assert.equal(fd.path_filestat_set_times(0, 'sub/a.py', 0n, 0n, 0), wasi.ERRNO_ROFS);

    const sub = fd.path_open(0, 'sub', wasi.OFLAGS_DIRECTORY, READ, 0n, 0).fd_obj;
    assert.equal(sub.path_open(0, 'c.py', wasi.OFLAGS_CREAT, WRITE, 0n, 0).ret, wasi.ERRNO_ROFS);
    assert.equal(sub.path_unlink_file('a.py'), wasi.ERRNO_ROFS);

    const names = [];
    for (let cookie = 0n; ;) {
      const { dirent } = fd.fd_readdir_single(cookie);
      if (!dirent) break;
      names.push(new TextDecoder().decode(dirent.dir_name));
      cookie = dirent.d_next;
    }
    assert.deepEqual(names.sort(), ['.', '..', 'sub']);
    assert.equal(readFileSync(path.join(s.dir, 'sub', 'a.py'), 'utf8'), 'x = 1\n');
  } finally {
    s.done();
  }
});

test('a host view reads on demand: seek, pread, size, and a file replaced by a link is refused', async () => {
  const s = scratch();
  try {
    writeFileSync(path.join(s.dir, 'a'), '0123456789');
    const fd = await preopen(s.dir);
    assert.equal(fd.path_filestat_get(0, 'a').filestat.size, 10n);
    const file = fd.path_open(0, 'a', 0, READ, 0n, 0).fd_obj;
    assert.equal(text(file.fd_read(4)), '0123');
    assert.equal(text(file.fd_pread(3, 7n)), '789');
    assert.equal(file.fd_seek(-2n, wasi.WHENCE_END).offset, 8n);
    assert.equal(text(file.fd_read(100)), '89');
    assert.equal(file.fd_read(100).data.byteLength, 0);
    // Listed as a file, replaced by a symlink on the host before the guest opens it.
    writeFileSync(path.join(s.dir, 'b'), 'b');
    const view = await preopen(s.dir);
    assert.equal(view.path_filestat_get(0, 'b').ret, 0);
    rmSync(path.join(s.dir, 'b'));
    symlinkSync('/etc/passwd', path.join(s.dir, 'b'));
    assert.equal(view.path_open(0, 'b', 0, READ, 0n, 0).ret, wasi.ERRNO_LOOP);
  } finally {
    s.done();
  }
});

test('a host view returns the same bytes through its block cache and around it', async () => {
  const s = scratch();
  try {
    const bytes = Buffer.alloc(200 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
    writeFileSync(path.join(s.dir, 'big.bin'), bytes);
    const fd = await preopen(s.dir);
    const file = fd.path_open(0, 'big.bin', 0, READ, 0n, 0).fd_obj;
    for (const [offset, size] of [[0, 46], [65500, 100], [65536, 10], [131000, 70000], [204790, 100], [1, 150000]]) {
      const got = Buffer.from(file.fd_pread(size, BigInt(offset)).data);
      assert.ok(got.equals(bytes.subarray(offset, Math.min(offset + size, bytes.length))), `${offset}+${size}`);
    }
  } finally {
    s.done();
  }
});

test('a missing directory or a file is io_error naming the path', async () => {
  const s = scratch();
  try {
    writeFileSync(path.join(s.dir, 'f'), '');
    for (const where of [path.join(s.dir, 'nope'), path.join(s.dir, 'f')]) {
      await assert.rejects(hostDirectory('/pipeline', where, () => {}), (e) => {
        assert.equal(e.code, 'io_error');
        assert.equal(e.exitCode, 2);
        assert.ok(e.message.includes(`'${where}'`), e.message);
        return true;
      });
    }
  } finally {
    s.done();
  }
});

test('after release() the view no longer reads the host file', async () => {
  const s = scratch();
  try {
    writeFileSync(path.join(s.dir, 'a'), 'abc');
    const root = await hostDirectory('/pipeline', s.dir, () => {});
    const file = new ReadOnlyPreopen('/pipeline', root).path_open(0, 'a', 0, READ, 0n, 0).fd_obj;
    assert.equal(text(file.fd_pread(3, 0n)), 'abc');
    root.release();
    assert.notEqual(file.fd_pread(3, 0n).ret, 0);
  } finally {
    s.done();
  }
});

// End to end: a runner whose /pipeline and /models are host directories.
const { PipelineRunner } = pkg;
const runner = new PipelineRunner();
const project = scratch();
before(async () => {
  mkdirSync(path.join(project.dir, 'nodes'));
  writeFileSync(path.join(project.dir, 'nodes', 'probe.py'), [
    'import os',
    'class Probe:',
    '    def process(self, item):',
    '        with open("/models/weights.txt") as f:',
    '            weights = f.read()',
    '        try:',
    '            open("/pipeline/planted.py", "w")',
    '            wrote = "allowed"',
    '        except OSError as e:',
    '            wrote = e.strerror',
    '        return {"weights": weights, "wrote": wrote, "item": item}',
  ].join('\n') + '\n');
  mkdirSync(path.join(project.dir, 'models'));
  writeFileSync(path.join(project.dir, 'models', 'weights.txt'), 'w1');
  await runner.initialize();
});
after(() => {
  runner.dispose();
  project.done();
});

test('setPipelineDirectory and setModelDirectory: nodes read the host files, cannot write them', async () => {
  await runner.setPipelineDirectory(project.dir);
  await runner.setModelDirectory(path.join(project.dir, 'models'));
  const manifest = { version: 'v1', metadata: { name: 't' }, nodes: [{ id: 'p', node_type: 'PythonNode', params: { module: 'nodes/probe.py', class: 'Probe' } }], connections: [] };
  const result = await runner.execute(manifest, [7]);
  assert.deepEqual(result.outputs.p, [{ weights: 'w1', wrote: 'Read-only file system', item: 7 }]);
  assert.throws(() => readFileSync(path.join(project.dir, 'planted.py')));
  // A file added on the host after the mount is seen by a later run (directories list lazily).
  writeFileSync(path.join(project.dir, 'models', 'weights.txt'), 'w2');
  await runner.setModelDirectory(path.join(project.dir, 'models'));
  assert.deepEqual((await runner.execute(manifest, [8])).outputs.p[0].weights, 'w2');
});

test('a bad directory leaves the previous mount in place', async () => {
  await runner.setPipelineDirectory(project.dir);
  await assert.rejects(runner.setPipelineDirectory(path.join(project.dir, 'missing')), { code: 'io_error' });
  const manifest = { version: 'v1', metadata: { name: 't' }, nodes: [{ id: 'p', node_type: 'PythonNode', params: { module: 'nodes/probe.py', class: 'Probe' } }], connections: [] };
  assert.equal((await runner.execute(manifest, [1])).outputs.p[0].item, 1);
});

test('executeRaw: validate runs no node, metrics come back as the CLI line', async () => {
  const doc = JSON.stringify({ manifest: { version: 'v1', metadata: { name: 't' }, nodes: [{ id: 'a', node_type: 'AddNode', params: { addend: 1 } }], connections: [] }, input_data: [1, 2] });
  const validated = await runner.executeRaw(doc, { validate: true });
  assert.equal(validated.exitCode, 0);
  assert.ok(!validated.stdout.includes('"outputs"'), validated.stdout);
  assert.equal(validated.metrics, undefined);
  const measured = await runner.executeRaw(doc, { metrics: true });
  assert.match(measured.stdout, /"outputs": \{"a": \[2, 3\]\}/);
  const metrics = JSON.parse(measured.metrics);
  assert.deepEqual(metrics.metrics.nodes.map((n) => [n.id, n.items_in, n.items_out]), [['a', 2, 2]]);
});
