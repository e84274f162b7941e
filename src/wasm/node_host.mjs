// Runs pipeline_executor_wasm.wasm under Node's node:wasi, with the preopens it needs:
//   /usr       -> the wasi-deps usr tree (the stdlib zip at /usr/lib/python311.zip), read by CPython
//   /pipeline  -> the manifest's directory, so relative Python module paths resolve
//
//   node --no-warnings --no-turbo-fast-api-calls node_host.mjs --module M.wasm --usr DIR [--metrics] [FILE|-]
//
// stdout, stderr and the exit code are the module's own. `remotemedia run --target wasm` checks
// that the input is readable before it starts this host. The V8 flag avoids an abort in Node 20's
// node:wasi under heavy memory growth (nodejs/node#46777).
import { readFileSync, openSync, closeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WASI } from 'node:wasi';

function usage(message) {
  process.stderr.write(`node_host: ${message}\n` +
    'usage: node_host.mjs --module FILE.wasm --usr DIR [--metrics] [FILE|-]\n');
  process.exit(2);
}

const options = { module: null, usr: null, metrics: false, input: '-' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === '--module' || arg === '--usr') {
    if (i + 1 >= argv.length) usage(`${arg} needs a value`);
    options[arg.slice(2)] = argv[++i];
  } else if (arg === '--metrics') {
    options.metrics = true;
  } else if (arg.startsWith('-') && arg !== '-') {
    usage(`unknown option '${arg}'`);
  } else {
    options.input = arg;
  }
}
if (!options.module || !options.usr) usage('--module and --usr are required');

const fromFile = options.input !== '-';
const baseDir = fromFile ? dirname(resolve(options.input)) : process.cwd();
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
  args: ['pipeline_executor_wasm', '--base-dir', '/pipeline', ...(options.metrics ? ['--metrics'] : [])],
  env: {},
  preopens: { '/usr': resolve(options.usr), '/pipeline': baseDir },
  stdin: stdinFd,
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(options.module));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const code = wasi.start(instance);
if (fromFile) closeSync(stdinFd);
process.exitCode = code;
