// Runs the WASI command module (pipeline_executor_wasm.wasm) under Node's own WASI host,
// node:wasi, as any WASI command host would (wasmtime, wasmer; docs/wasm.md, "The command
// module"): the document on stdin, /usr and /pipeline preopened, the result on stdout.
//
//   node node_wasi_run.mjs MODULE USR_DIR [GUEST_ARGS...] INPUT
//
// /pipeline is INPUT's directory. Exits with the module's exit code. node:wasi is not a sandbox
// (Node's documentation says so): this is a test of the command module, not a way to run
// untrusted pipelines; `remotemedia run --target wasm` is.
import { openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WASI } from 'node:wasi';

const [modulePath, usr, ...rest] = process.argv.slice(2);
const input = rest.pop();
const wasi = new WASI({
  version: 'preview1',
  args: ['pipeline_executor_wasm', '--base-dir', '/pipeline', ...rest],
  env: {},
  preopens: { '/usr': usr, '/pipeline': path.dirname(path.resolve(input)) },
  stdin: openSync(input, 'r'),
  stdout: 1,
  stderr: 2,
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(modulePath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
