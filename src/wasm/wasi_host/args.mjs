// The host's command line (the contract in docs/wasm.md):
//
//   remotemedia-wasi-host.mjs --module M.wasm --usr DIR [--pipeline-dir DIR] [--result-fd N]
//       [--max-input-bytes N] --input FILE|- [-- GUEST_ARGS...]
//
// parseArgs returns {options} or {error}; it never exits.
import { dirname, resolve } from 'node:path';

export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024;

export const USAGE =
  'usage: remotemedia-wasi-host.mjs --module M.wasm --usr DIR [--pipeline-dir DIR] [--result-fd N]\n' +
  '       [--max-input-bytes N] --input FILE|- [-- GUEST_ARGS...]';

function parseCount(text, max) {
  if (!/^[0-9]+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value <= max ? value : null;
}

export function parseArgs(argv) {
  const o = {
    module: null,
    usr: null,
    pipelineDir: null,
    resultFd: 1,
    maxInputBytes: DEFAULT_MAX_INPUT_BYTES,
    input: null,
    guestArgs: [],
  };
  const valued = ['--module', '--usr', '--pipeline-dir', '--result-fd', '--max-input-bytes', '--input'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      o.guestArgs = argv.slice(i + 1);
      break;
    }
    if (!valued.includes(arg)) return { error: `unknown argument '${arg}'` };
    if (i + 1 >= argv.length) return { error: `${arg} needs a value` };
    const value = argv[++i];
    switch (arg) {
      case '--module': o.module = value; break;
      case '--usr': o.usr = value; break;
      case '--pipeline-dir': o.pipelineDir = value; break;
      case '--input': o.input = value; break;
      case '--result-fd':
        o.resultFd = parseCount(value, 1 << 20);
        if (o.resultFd === null) return { error: '--result-fd needs a descriptor number' };
        break;
      case '--max-input-bytes':
        o.maxInputBytes = parseCount(value, Number.MAX_SAFE_INTEGER - 1);
        if (o.maxInputBytes === null) return { error: '--max-input-bytes needs a byte count' };
        break;
    }
  }
  if (!o.module || !o.usr || o.input === null) return { error: '--module, --usr and --input are required' };
  // The guest's /pipeline: the given directory, else the input file's, else the working directory.
  if (!o.pipelineDir) o.pipelineDir = o.input === '-' ? process.cwd() : dirname(resolve(o.input));
  return { options: o };
}
