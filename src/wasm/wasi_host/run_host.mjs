// The wasm host proper (node_host.mjs is its entry): argument handling, the guest's filesystem
// and descriptors, running the module, and the one document written afterwards. The contract is
// in node_host.mjs and docs/wasm.md.
import { setFlagsFromString } from 'node:v8';

import { WASI, WASIProcExit, wasi as defs } from './shim.mjs';
// The JS package's poll_oneoff: the shim's loses TIMER_ABSTIME, so each time.sleep() waited as
// long as the process had run (docs/js.md). Resolved through the npm workspace link to
// js/runtime/dist, which scripts/build_js.sh builds.
import { pollOneoff } from '@remotemedia/runtime/dist/wasi/poll.js';

import { USAGE, parseArgs } from './args.mjs';
import {
  EXIT_INVALID_INPUT, EXIT_RUN_FAILURE, errorDocument, outOfMemory, stackOverflow, strerror,
} from './documents.mjs';
import { ResultSink, StderrSink, isWholeDocument } from './guest_fds.mjs';
import { writeAllSync } from './host_io.mjs';
import { hostView } from './host_view.mjs';
import { readCapped, readInput } from './input.mjs';
import { ReadOnlyFile, ReadOnlyOpenFile, ReadOnlyPreopen } from './readonly_fs.mjs';

// Node 20 can abort in V8 under heavy wasm memory growth (nodejs/node#46777) unless this is off;
// the CLI passes it on the command line as well, this covers a host started by hand.
setFlagsFromString('--no-turbo-fast-api-calls');

const RESULT_FD = 5;
// The runtime module is ~6.5 MB; anything far larger (or endless, like /dev/zero) is not it.
const MAX_MODULE_BYTES = 256 * 1024 * 1024;
const encoder = new TextEncoder();

// Writes the document (and its stderr line) and sets the exit code.
function finish(resultFd, documentBytes, exitCode, line) {
  const failed = writeAllSync(resultFd, documentBytes);
  if (line) process.stderr.write(line + '\n');
  if (failed) {
    process.stderr.write(`remotemedia: cannot write the result document: ${strerror(failed)}\n`);
    process.exitCode = EXIT_RUN_FAILURE;
    return;
  }
  process.exitCode = exitCode;
}

function finishWith(resultFd, doc) {
  finish(resultFd, encoder.encode(doc.text + '\n'), doc.exitCode, doc.line);
}

// The document for a guest that ended by throwing instead of exiting.
function documentForThrow(error) {
  if (error instanceof RangeError) {
    if (/Maximum call stack size exceeded/.test(error.message)) return stackOverflow();
    if (/allocation failed|Array buffer|typed array length|Out of memory/i.test(error.message)) return outOfMemory();
  }
  if (error instanceof WebAssembly.RuntimeError || typeof error === 'string') {
    const what = typeof error === 'string' ? error : error.message;
    return errorDocument('wasm_trap', `the wasm module trapped: ${what}`, EXIT_RUN_FAILURE);
  }
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return errorDocument('wasm_host_failed', `the wasm host failed while running the module: ${what}`,
    EXIT_RUN_FAILURE);
}

// Runs the host for `argv` (the arguments after the script) and sets process.exitCode.
export async function runHost(argv) {
  const parsed = parseArgs(argv);
  if (parsed.error) {
    process.stderr.write(USAGE + '\n');
    finishWith(1, errorDocument('usage_error', `remotemedia-wasi-host: ${parsed.error}`, EXIT_INVALID_INPUT));
    return;
  }
  const o = parsed.options;

  const moduleRead = readCapped(o.module, MAX_MODULE_BYTES);
  if (moduleRead.failed === 'too_large' || moduleRead.failed === 'directory') {
    finishWith(o.resultFd, errorDocument('invalid_runtime_module',
      moduleRead.failed === 'directory' ? `'${o.module}' is a directory, not a module`
        : `'${o.module}' is larger than ${MAX_MODULE_BYTES} bytes`, EXIT_INVALID_INPUT));
    return;
  }
  if (moduleRead.failed) {
    finishWith(o.resultFd, errorDocument('wasm_target_unavailable',
      `cannot read the runtime module '${o.module}': ${strerror(moduleRead.error)}`, EXIT_INVALID_INPUT));
    return;
  }
  const moduleBytes = moduleRead.bytes;
  let module;
  try {
    module = await WebAssembly.compile(moduleBytes);
  } catch (error) {
    finishWith(o.resultFd, errorDocument('invalid_runtime_module',
      `'${o.module}' is not a valid WebAssembly module: ${error.message}`, EXIT_INVALID_INPUT));
    return;
  }

  const input = readInput(o.input, o.maxInputBytes);
  if (input.error) {
    finishWith(o.resultFd, input.error);
    return;
  }

  let usr, pipeline;
  try {
    usr = hostView('/usr', o.usr);
  } catch (error) {
    finishWith(o.resultFd, errorDocument('wasm_target_unavailable',
      `cannot use '${o.usr}' as /usr: ${strerror(error)}`, EXIT_INVALID_INPUT));
    return;
  }
  try {
    pipeline = hostView('/pipeline', o.pipelineDir);
  } catch (error) {
    finishWith(o.resultFd, errorDocument('io_error',
      `cannot use '${o.pipelineDir}' as the pipeline directory: ${strerror(error)}`, EXIT_INVALID_INPUT));
    return;
  }

  const result = new ResultSink();
  const fds = [
    new ReadOnlyOpenFile(new ReadOnlyFile(input.bytes)),
    new StderrSink(),
    new StderrSink(),
    new ReadOnlyPreopen('/usr', usr),
    new ReadOnlyPreopen('/pipeline', pipeline),
    result,
  ];
  const args = ['pipeline_executor_wasm', '--base-dir', '/pipeline', '--result-fd', String(RESULT_FD),
    ...o.guestArgs];
  const host = new WASI(args, [], fds, { debug: false });
  // The result sink cannot be closed or replaced by the guest.
  const { fd_close: close, fd_renumber: renumber } = host.wasiImport;
  host.wasiImport.fd_close = (fd) => (fd === RESULT_FD ? defs.ERRNO_BADF : close(fd));
  host.wasiImport.poll_oneoff = pollOneoff(() => host.inst.exports.memory);
  host.wasiImport.fd_renumber = (from, to) =>
    (from === RESULT_FD || to === RESULT_FD ? defs.ERRNO_BADF : renumber(from, to));

  let instance;
  try {
    instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: host.wasiImport });
  } catch (error) {
    finishWith(o.resultFd, errorDocument('invalid_runtime_module',
      `'${o.module}' cannot be instantiated: ${error.message}`, EXIT_INVALID_INPUT));
    return;
  }

  if (typeof instance.exports._start !== 'function' || !(instance.exports.memory instanceof WebAssembly.Memory)) {
    finishWith(o.resultFd, errorDocument('invalid_runtime_module',
      `'${o.module}' is not a WASI command module (it exports no _start or no memory)`, EXIT_INVALID_INPUT));
    return;
  }

  let code;
  try {
    code = host.start(instance);
  } catch (error) {
    if (error instanceof WASIProcExit) {
      code = error.code;
    } else {
      finishWith(o.resultFd, documentForThrow(error));
      return;
    }
  }
  const bytes = result.bytes();
  if (!isWholeDocument(bytes)) {
    finishWith(o.resultFd, errorDocument('wasm_host_failed',
      `the wasm module exited with code ${code} without writing a whole result document`,
      EXIT_RUN_FAILURE));
    return;
  }
  finish(o.resultFd, bytes, code, null);
}
