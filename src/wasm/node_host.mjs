// remotemedia-wasi-host.mjs: runs pipeline_executor_wasm.wasm under Node with
// @bjorn3/browser_wasi_shim, an in-memory WASI host in which nothing the guest does reaches a
// host file (node:wasi is not a security boundary, per Node's own documentation).
//
//   node --no-warnings --no-turbo-fast-api-calls remotemedia-wasi-host.mjs \
//        --module M.wasm --usr DIR [--pipeline-dir DIR] [--result-fd N] [--max-input-bytes N]
//        --input FILE|- [-- GUEST_ARGS...]
//
// What the guest sees (docs/wasm.md):
//   fd 0  the input's bytes (read here, at most --max-input-bytes)
//   fd 1, 2  the host's stderr
//   fd 3  /usr       read-only view of --usr (the stdlib at /usr/lib/python311.zip)
//   fd 4  /pipeline  read-only view of --pipeline-dir (default: the input's directory, or the
//                    working directory for "-"), no host symlink followed
//   fd 5  the result sink; args: pipeline_executor_wasm --base-dir /pipeline --result-fd 5 GUEST_ARGS
//
// Afterwards the host writes exactly one document to --result-fd (default 1): the guest's, with
// the guest's exit code, or - when the guest trapped or ended without a whole document - its own:
// stack_overflow / out_of_memory / wasm_trap / wasm_host_failed (exit 1); a module that does not
// compile is invalid_runtime_module (exit 2). A document that cannot be written: a line on
// stderr, exit 1.
import { parseArgs } from './wasi_host/args.mjs';
import { EXIT_INVALID_INPUT, errorDocument } from './wasi_host/documents.mjs';
import { writeAllSync } from './wasi_host/host_io.mjs';

function fail(code, message) {
  const parsed = parseArgs(process.argv.slice(2));
  const doc = errorDocument(code, message, code === 'wasm_host_failed' ? 1 : EXIT_INVALID_INPUT);
  writeAllSync(parsed.options ? parsed.options.resultFd : 1, new TextEncoder().encode(doc.text + '\n'));
  process.stderr.write(doc.line + '\n');
  process.exitCode = doc.exitCode;
}

// The host proper imports @bjorn3/browser_wasi_shim; when it cannot be loaded (no `npm ci` yet,
// or the host copied away from the repository's node_modules) that is a document too, not a
// Node stack trace.
let runHost;
try {
  ({ runHost } = await import('./wasi_host/run_host.mjs'));
} catch (error) {
  fail('wasm_target_unavailable', `the wasm host cannot load its modules (${error.code || error.message}); ` +
    'run scripts/setup.sh (npm ci: @bjorn3/browser_wasi_shim) and scripts/build_js.sh (js/runtime/dist)');
}
if (runHost) {
  // runHost writes its one document last; an exception before that is the host's own failure.
  try {
    await runHost(process.argv.slice(2));
  } catch (error) {
    fail('wasm_host_failed', `the wasm host failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
