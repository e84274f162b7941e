// Unit tests of the wasm host's pieces (node --test): documents, arguments, the capped input
// reader, and the read-only host views (no symlink followed, every mutation refused).
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { wasi } from './shim.mjs';

import { parseArgs } from './args.mjs';
import {
  OUT_OF_MEMORY_DOCUMENT, STACK_OVERFLOW_DOCUMENT, errorDocument, jsonString, outOfMemory, stackOverflow,
} from './documents.mjs';
import { isWholeDocument } from './guest_fds.mjs';
import { hostView } from './host_view.mjs';
import { readInput } from './input.mjs';
import { ReadOnlyPreopen } from './readonly_fs.mjs';

const WRITE = BigInt(wasi.RIGHTS_FD_WRITE);
const READ = BigInt(wasi.RIGHTS_FD_READ);

function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'rm-host-test-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('the fixed documents are what the builder prints', () => {
  assert.equal(stackOverflow().text + '\n', STACK_OVERFLOW_DOCUMENT);
  assert.equal(outOfMemory().text + '\n', OUT_OF_MEMORY_DOCUMENT);
  assert.equal(stackOverflow().line,
    'remotemedia: error [stack_overflow]: the run exhausted its stack (recursion too deep)');
  assert.equal(stackOverflow().exitCode, 1);
});

test('strings are escaped like the runtime JSON writer', () => {
  assert.equal(jsonString('a"b\\c\n\r\t\b\f\x01\x1f\x7f é'), '"a\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\x7f é"');
  assert.equal(jsonString('x\ud800y'), '"x\ufffdy"');
  const doc = errorDocument('io_error', "cannot read 'a\nb'", 2);
  assert.equal(doc.text, '{"status": "error", "error": {"code": "io_error", "message": "cannot read \'a\\nb\'"}}');
  assert.equal(doc.line, "remotemedia: error [io_error]: cannot read 'a b'");
});

test('arguments: defaults, guest arguments and refusals', () => {
  const { options } = parseArgs(['--module', 'm.wasm', '--usr', 'u', '--input', '/x/y.json', '--', '--metrics']);
  assert.equal(options.resultFd, 1);
  assert.equal(options.maxInputBytes, 256 * 1024 * 1024);
  assert.equal(options.pipelineDir, '/x');
  assert.deepEqual(options.guestArgs, ['--metrics']);
  assert.equal(parseArgs(['--module', 'm', '--usr', 'u', '--input', '-']).options.pipelineDir, process.cwd());
  assert.match(parseArgs(['--module', 'm', '--usr', 'u']).error, /required/);
  assert.match(parseArgs(['--bogus']).error, /unknown argument/);
  assert.match(parseArgs(['--result-fd', 'x']).error, /descriptor/);
});

test('a whole document is one line starting with "status"', () => {
  const enc = (s) => new TextEncoder().encode(s);
  assert.ok(isWholeDocument(enc('{"status": "success", "outputs": {}}\n')));
  assert.ok(!isWholeDocument(enc('')));
  assert.ok(!isWholeDocument(enc('{"status": "success"}')));
  assert.ok(!isWholeDocument(enc('GARBAGE{"status": "success"}\n')));
  assert.ok(!isWholeDocument(enc('{"status": "a"}\n{"status": "b"}\n')));
});

test('input: capped, directories and missing files are io_error like the native CLI', () => {
  const s = scratch();
  try {
    const file = join(s.dir, 'in.json');
    writeFileSync(file, '0123456789');
    assert.equal(new TextDecoder().decode(readInput(file, 10).bytes), '0123456789');
    const big = readInput(file, 9).error;
    assert.equal(big.text, `{"status": "error", "error": {"code": "input_too_large", "message": "'${file}' is larger than 9 bytes (raise the limit with --max-input-bytes)"}}`);
    assert.equal(big.exitCode, 2);
    assert.equal(readInput('/dev/zero', 1000).error.exitCode, 2);
    assert.match(readInput('/dev/zero', 1000).error.text, /input_too_large/);
    assert.match(readInput(s.dir, 1000).error.text, new RegExp(`'${s.dir}' is a directory`));
    assert.match(readInput(join(s.dir, 'no'), 10).error.text, /cannot open '.*no': No such file or directory/);
  } finally {
    s.done();
  }
});

test('a host view hides symlinks and refuses every mutation', () => {
  const s = scratch();
  try {
    mkdirSync(join(s.dir, 'sub'));
    writeFileSync(join(s.dir, 'sub', 'a.py'), 'x = 1\n');
    symlinkSync('/', join(s.dir, 'hostroot'));
    symlinkSync('/etc/passwd', join(s.dir, 'passwd'));
    const fd = new ReadOnlyPreopen('/pipeline', hostView('/pipeline', s.dir));

    assert.equal(fd.path_open(0, 'hostroot/etc/passwd', 0, READ, 0n, 0).ret, wasi.ERRNO_NOENT);
    assert.equal(fd.path_open(0, 'passwd', 0, READ, 0n, 0).ret, wasi.ERRNO_NOENT);
    assert.equal(fd.path_filestat_get(0, 'hostroot').ret, wasi.ERRNO_NOENT);
    assert.equal(fd.path_open(0, '../x', 0, READ, 0n, 0).ret, wasi.ERRNO_NOTCAPABLE);

    const opened = fd.path_open(0, 'sub/a.py', 0, READ, 0n, 0);
    assert.equal(opened.ret, 0);
    assert.equal(new TextDecoder().decode(opened.fd_obj.fd_read(100).data), 'x = 1\n');
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
    assert.equal(fd.path_link('b.py', opened.fd_obj.file, false), wasi.ERRNO_ROFS);
    assert.equal(fd.path_filestat_set_times(0, 'sub/a.py', 0n, 0n, 0), wasi.ERRNO_ROFS);

    const sub = fd.path_open(0, 'sub', wasi.OFLAGS_DIRECTORY, READ, 0n, 0).fd_obj;
    assert.equal(sub.path_open(0, 'c.py', wasi.OFLAGS_CREAT, WRITE, 0n, 0).ret, wasi.ERRNO_ROFS);
    assert.equal(sub.path_unlink_file('a.py'), wasi.ERRNO_ROFS);

    const names = [];
    for (let cookie = 0n; ; ) {
      const { dirent } = fd.fd_readdir_single(cookie);
      if (!dirent) break;
      names.push(new TextDecoder().decode(dirent.dir_name));
      cookie = dirent.d_next;
    }
    assert.deepEqual(names.sort(), ['.', '..', 'sub']);
    assert.equal(readFileSync(join(s.dir, 'sub', 'a.py'), 'utf8'), 'x = 1\n');
  } finally {
    s.done();
  }
});

test('a host view reads files on demand: seek, pread, size, and a file replaced by a link', () => {
  const s = scratch();
  try {
    writeFileSync(join(s.dir, 'a'), '0123456789');
    const fd = new ReadOnlyPreopen('/pipeline', hostView('/pipeline', s.dir));
    assert.equal(fd.path_filestat_get(0, 'a').filestat.size, 10n);
    const file = fd.path_open(0, 'a', 0, READ, 0n, 0).fd_obj;
    const text = (r) => new TextDecoder().decode(r.data);
    assert.equal(text(file.fd_read(4)), '0123');
    assert.equal(text(file.fd_pread(3, 7n)), '789');
    assert.equal(file.fd_seek(-2n, wasi.WHENCE_END).offset, 8n);
    assert.equal(text(file.fd_read(100)), '89');
    assert.equal(file.fd_read(100).data.byteLength, 0);
    // Listed as a file, replaced by a symlink on the host before the guest opens it: refused.
    writeFileSync(join(s.dir, 'b'), 'b');
    const view = new ReadOnlyPreopen('/pipeline', hostView('/pipeline', s.dir));
    assert.equal(view.path_filestat_get(0, 'b').ret, 0);
    rmSync(join(s.dir, 'b'));
    symlinkSync('/etc/passwd', join(s.dir, 'b'));
    assert.equal(view.path_open(0, 'b', 0, READ, 0n, 0).ret, wasi.ERRNO_LOOP);
  } finally {
    s.done();
  }
});

test('a host view returns the same bytes through its block cache and around it', () => {
  const s = scratch();
  try {
    const bytes = Buffer.alloc(200 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
    writeFileSync(join(s.dir, 'big.bin'), bytes);
    const fd = new ReadOnlyPreopen('/pipeline', hostView('/pipeline', s.dir));
    const file = fd.path_open(0, 'big.bin', 0, READ, 0n, 0).fd_obj;
    for (const [offset, size] of [[0, 46], [65500, 100], [65536, 10], [131000, 70000], [204790, 100], [1, 150000]]) {
      const got = Buffer.from(file.fd_pread(size, BigInt(offset)).data);
      assert.ok(got.equals(bytes.subarray(offset, Math.min(offset + size, bytes.length))), `${offset}+${size}`);
    }
  } finally {
    s.done();
  }
});
