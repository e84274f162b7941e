// Runs pipeline_executor_wasm.wasm under Node's node:wasi (interim host: the browser_wasi_shim
// host of docs/wasm.md replaces it), with the command line of the host contract:
//
//   node --no-warnings --no-turbo-fast-api-calls node_host.mjs --module M.wasm --usr DIR
//        [--pipeline-dir DIR] [--result-fd N] [--max-input-bytes N] --input FILE|- [-- GUEST_ARGS]
//
// Preopens: /usr -> the wasi-deps usr tree (the stdlib zip), /pipeline -> --pipeline-dir (default:
// the input file's directory, or the cwd for stdin). Guest fds: 0 the input, 1 and 2 the host's
// stderr (what nodes print), 5 the result sink: its bytes are written to --result-fd (default 1)
// after the guest exits, and the host exits with the guest's code. Closing fds 0-2 or 5 from the
// guest does not close the host's. A guest stack overflow (V8's RangeError) becomes the fixed
// `stack_overflow` document of src/entry/fixed_documents.h. The V8 flag avoids an abort in Node
// 20's node:wasi under heavy memory growth (nodejs/node#46777).
import { readFileSync, openSync, closeSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WASI } from 'node:wasi';

// Keep in step with src/entry/fixed_documents.h.
const STACK_OVERFLOW_DOCUMENT =
  '{"status": "error", "error": {"code": "stack_overflow", "message": "the run exhausted its ' +
  'stack (recursion too deep)"}}\n';
const STACK_OVERFLOW_LINE =
  'remotemedia: error [stack_overflow]: the run exhausted its stack (recursion too deep)\n';

function usage(message) {
  process.stderr.write(`node_host: ${message}\n` +
    'usage: node_host.mjs --module FILE.wasm --usr DIR [--pipeline-dir DIR] [--result-fd N] ' +
    '[--max-input-bytes N] --input FILE|- [-- GUEST_ARGS]\n');
  process.exit(2);
}

const options = {
  module: null, usr: null, 'pipeline-dir': null, 'result-fd': '1', 'max-input-bytes': null,
  input: '-',
};
const guestArgs = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === '--') {
    guestArgs.push(...argv.slice(i + 1));
    break;
  }
  const name = arg.slice(2);
  if (arg.startsWith('--') && name in options) {
    if (i + 1 >= argv.length) usage(`${arg} needs a value`);
    options[name] = argv[++i];
  } else {
    usage(`unknown option '${arg}'`);
  }
}
if (!options.module || !options.usr) usage('--module and --usr are required');
const resultFd = Number(options['result-fd']);
if (!Number.isInteger(resultFd) || resultFd < 0) usage('--result-fd needs a descriptor number');

const RESULT_SINK = 5;
const fromFile = options.input !== '-';
const baseDir = options['pipeline-dir'] !== null ? resolve(options['pipeline-dir'])
  : fromFile ? dirname(resolve(options.input)) : process.cwd();
let stdinFd = 0;
if (fromFile) {
  try {
    stdinFd = openSync(options.input, 'r');
  } catch (error) {
    usage(`cannot open '${options.input}': ${error.message}`);
  }
}

const wasi = new WASI({
  version: 'preview1',
  args: ['pipeline_executor_wasm', '--base-dir', '/pipeline', '--result-fd', String(RESULT_SINK),
    ...guestArgs],
  env: {},
  // The third preopen only holds guest fd 5 in node:wasi's table, so that files the guest opens
  // never get that number; every call on fd 5 is answered below, never by node:wasi.
  preopens: { '/usr': resolve(options.usr), '/pipeline': baseDir, '/.result': resolve(options.usr) },
  stdin: stdinFd,
  stdout: 2,
  stderr: 2,
  returnOnExit: true,
});

// The result sink and protected stdio, on top of node:wasi's imports.
const WASI_ESUCCESS = 0;
const WASI_EBADF = 8;
const result = [];
let sinkClosed = false;
let memory = null;
const imports = wasi.getImportObject();
const base = imports.wasi_snapshot_preview1;
const guarded = {};
for (const [name, fn] of Object.entries(base)) {
  const takesFd = name.startsWith('fd_') || name.startsWith('path_') || name.startsWith('sock_');
  guarded[name] = takesFd ? (fd, ...rest) => (fd === RESULT_SINK ? WASI_EBADF : fn(fd, ...rest)) : fn;
}
imports.wasi_snapshot_preview1 = {
  ...guarded,
  fd_renumber(from, to) {
    if (from === RESULT_SINK || to === RESULT_SINK || to <= 2) return WASI_EBADF;
    return base.fd_renumber(from, to);
  },
  fd_write(fd, iovs, iovsLen, nwritten) {
    if (fd !== RESULT_SINK) return base.fd_write(fd, iovs, iovsLen, nwritten);
    if (sinkClosed) return WASI_EBADF;
    const view = new DataView(memory.buffer);
    let total = 0;
    for (let i = 0; i < iovsLen; i++) {
      const ptr = view.getUint32(iovs + i * 8, true);
      const len = view.getUint32(iovs + i * 8 + 4, true);
      result.push(Buffer.from(new Uint8Array(memory.buffer, ptr, len)));
      total += len;
    }
    view.setUint32(nwritten, total, true);
    return WASI_ESUCCESS;
  },
  fd_close(fd) {
    if (fd === RESULT_SINK) {
      sinkClosed = true;
      return WASI_ESUCCESS;
    }
    if (fd <= 2) return WASI_ESUCCESS;
    return base.fd_close(fd);
  },
  fd_fdstat_get(fd, stat) {
    if (fd !== RESULT_SINK) return base.fd_fdstat_get(fd, stat);
    if (sinkClosed) return WASI_EBADF;
    // Like a character device opened for writing: filetype 2, no flags, rights for fd_write.
    const view = new DataView(memory.buffer);
    view.setUint8(stat, 2);
    view.setUint16(stat + 2, 0, true);
    view.setBigUint64(stat + 8, 64n, true);
    view.setBigUint64(stat + 16, 0n, true);
    return WASI_ESUCCESS;
  },
};

function writeAll(fd, buffer) {
  let done = 0;
  while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done);
}

const module = await WebAssembly.compile(readFileSync(options.module));
const instance = await WebAssembly.instantiate(module, imports);
memory = instance.exports.memory;
let code;
try {
  code = wasi.start(instance);
} catch (error) {
  if (error instanceof RangeError && /Maximum call stack size exceeded/.test(error.message)) {
    writeAll(resultFd, Buffer.from(STACK_OVERFLOW_DOCUMENT));
    process.stderr.write(STACK_OVERFLOW_LINE);
    process.exit(1);
  }
  throw error;
}
if (fromFile) closeSync(stdinFd);
writeAll(resultFd, Buffer.concat(result));
process.exitCode = code;
