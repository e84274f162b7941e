// Runs the C ABI test compiled as a WASI command (build/bin/tests/c_api_test.wasm) under
// @bjorn3/browser_wasi_shim, with the stdlib at /usr/lib/python311.zip and an in-memory writable
// /scratch as its base directory, and BUNDLE (when given) read-only as /bundle/example.rmpkg.
// Exits with the test's exit code; its output goes to stdout.
//
//   node run_wasm_c_test.mjs C_API_TEST.wasm USR_DIR [BUNDLE]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';

import { ConsoleStdout, Directory, File, OpenFile, PreopenDirectory, WASI, WASIProcExit } from '@bjorn3/browser_wasi_shim';

setFlagsFromString('--no-turbo-fast-api-calls');
const [modulePath, usrDir, bundlePath] = process.argv.slice(2);
if (!modulePath || !usrDir) {
  process.stderr.write('usage: node run_wasm_c_test.mjs C_API_TEST.wasm USR_DIR [BUNDLE]\n');
  process.exit(2);
}
const zip = new File(readFileSync(join(usrDir, 'lib', 'python311.zip')), { readonly: true });
const fds = [
  new OpenFile(new File(new Uint8Array(0))),
  ConsoleStdout.lineBuffered((line) => process.stdout.write(line + '\n')),
  ConsoleStdout.lineBuffered((line) => process.stderr.write(line + '\n')),
  new PreopenDirectory('/usr', new Map([['lib', new Directory(new Map([['python311.zip', zip]]))]])),
  new PreopenDirectory('/scratch', new Map()),
];
const args = ['c_api_test', '/scratch'];
if (bundlePath) {
  fds.push(new PreopenDirectory('/bundle', new Map([['example.rmpkg', new File(readFileSync(bundlePath), { readonly: true })]])));
  args.push('/bundle/example.rmpkg');
}
const wasi = new WASI(args, [], fds, { debug: false });
const module = await WebAssembly.compile(readFileSync(modulePath));
const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
let code;
try {
  code = wasi.start(instance);
} catch (error) {
  if (!(error instanceof WASIProcExit)) throw error;
  code = error.code;
}
process.exitCode = code;
