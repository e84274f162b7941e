// Runs a WASI preview1 command module under Node's node:wasi.
// Usage: node --no-warnings --no-turbo-fast-api-calls run.mjs MODULE.wasm GUEST_DIR=HOST_DIR... -- ARGS...
//   Each GUEST_DIR=HOST_DIR preopens HOST_DIR at GUEST_DIR. ARGS become argv[1..] (argv[0] is the module's
//   file name). The process exits with the module's exit code; a trap propagates as an uncaught error
//   (non-zero exit, message on stderr).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const [modulePath, ...mounts] = sep < 0 ? argv : argv.slice(0, sep);
const args = sep < 0 ? [] : argv.slice(sep + 1);
if (!modulePath) {
  console.error('usage: run.mjs MODULE.wasm GUEST_DIR=HOST_DIR... -- ARGS...');
  process.exit(2);
}

const preopens = {};
for (const mount of mounts) {
  const eq = mount.indexOf('=');
  if (eq <= 0) throw new Error(`bad mount (want GUEST_DIR=HOST_DIR): ${mount}`);
  preopens[mount.slice(0, eq)] = mount.slice(eq + 1);
}

const wasi = new WASI({ version: 'preview1', args: [basename(modulePath), ...args], env: {}, preopens,
                        returnOnExit: true });
const module = await WebAssembly.compile(await readFile(modulePath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
