// remotemedia-wasm-child.mjs: the child `remotemedia run|validate --target wasm` starts
// (src/cli/wasm_target.h). It runs the document on its stdin in the runtime reactor through
// @remotemedia/runtime - the same package, WASI host and instance code that Node and browser
// users get - with the pipeline directory mounted read-only as /pipeline.
//
//   node --no-warnings --no-turbo-fast-api-calls remotemedia-wasm-child.mjs --module M.wasm
//        --stdlib python311.zip --pipeline-dir DIR [--models-dir DIR] --result-fd N [--validate]
//        [--metrics] [--progress]
//        [--max-input-bytes N] [--max-output-items N] [--max-output-bytes N]
//        [--max-memory-bytes N] < document
//
// It writes exactly one document and "\n" to the result descriptor and exits with the CLI's code
// (0, 1 or 2): the runtime's document, or - when the runtime cannot be loaded or the module
// trapped - the package's. The metrics line, progress lines (--progress) and whatever nodes print
// go to stderr; the supervisor writes the human error line. The supervisor also owns the timeout
// and the process group.
import { writeSync } from 'node:fs';

const LIMIT_FLAGS = {
  '--max-input-bytes': 'maxInputBytes',
  '--max-output-items': 'maxOutputItems',
  '--max-output-bytes': 'maxOutputBytes',
};
const pause = new Int32Array(new SharedArrayBuffer(4));

// Writes all of `text` to `fd`, waiting out EAGAIN; false when the bytes could not all be written.
function writeAll(fd, text) {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.byteLength) {
    try {
      done += writeSync(fd, bytes, done, bytes.byteLength - done);
    } catch (error) {
      if (error.code === 'EAGAIN' || error.code === 'EINTR') {
        Atomics.wait(pause, 0, 0, 2);
        continue;
      }
      process.stderr.write(`remotemedia: cannot write the result document: ${error.message}\n`);
      return false;
    }
  }
  return true;
}

// The runtime writer's form of an error document, for the failures met before the package loads
// (JSON.stringify escapes the strings as the C++ writer does for the texts used here).
function fallbackDocument(code, message) {
  return `{"status": "error", "error": {"code": ${JSON.stringify(code)}, "message": ${JSON.stringify(message)}}}\n`;
}

function parseArgs(argv) {
  const o = { module: null, stdlib: null, pipelineDir: null, modelsDir: null, resultFd: 1, validate: false, metrics: false, progress: false, limits: {}, maxMemoryBytes: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--validate') o.validate = true;
    else if (arg === '--metrics') o.metrics = true;
    else if (arg === '--progress') o.progress = true;
    else if (i + 1 >= argv.length) return { error: `${arg} needs a value` };
    else if (arg === '--module') o.module = argv[++i];
    else if (arg === '--stdlib') o.stdlib = argv[++i];
    else if (arg === '--pipeline-dir') o.pipelineDir = argv[++i];
    else if (arg === '--models-dir') o.modelsDir = argv[++i];
    else if (arg === '--result-fd' || arg === '--max-memory-bytes' || arg in LIMIT_FLAGS) {
      const text = argv[++i];
      const value = /^[0-9]{1,16}$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(value)) return { error: `${arg} needs a whole number` };
      if (arg === '--result-fd') o.resultFd = value;
      else if (arg === '--max-memory-bytes') o.maxMemoryBytes = value;
      else o.limits[LIMIT_FLAGS[arg]] = value;
    } else {
      return { error: `unknown argument '${arg}'` };
    }
  }
  if (!o.module || !o.stdlib || !o.pipelineDir) return { error: '--module, --stdlib and --pipeline-dir are required' };
  return { options: o };
}

// Stdin, read until EOF or until it holds more than maxBytes (then the runtime refuses it with
// input_too_large, as it refuses any document over its max_input_bytes).
async function readStdin(maxBytes) {
  const chunks = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
    size += chunk.byteLength;
    if (size > maxBytes) break;
  }
  return new Uint8Array(Buffer.concat(chunks));
}

async function main() {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed.error) {
    writeAll(1, fallbackDocument('usage_error', `remotemedia-wasm-child: ${parsed.error}`));
    return 2;
  }
  const o = parsed.options;
  const finish = (text, code) => (writeAll(o.resultFd, text) ? code : 1);

  let runtime;
  try {
    runtime = await import('@remotemedia/runtime');
  } catch (error) {
    return finish(fallbackDocument('wasm_target_unavailable',
      `the wasm target cannot load @remotemedia/runtime (${error.code || error.message}); ` +
      'run scripts/setup.sh (npm ci) and scripts/build_js.sh (js/runtime/dist)'), 2);
  }
  const { PipelineRunner, RemoteMediaError, errorDocumentText } = runtime;
  // "remotemedia: asr 45%" each time a node's progress reaches another whole percent, as the
  // native CLI prints it (src/cli/run_command.cpp).
  let lastProgress = '';
  const printProgress = ({ nodeId, done, total }) => {
    if (total <= 0) return;
    const line = `remotemedia: ${nodeId} ${done >= total ? 100 : Math.floor((done * 100) / total)}%\n`;
    if (line === lastProgress) return;
    lastProgress = line;
    try {
      writeSync(2, line);
    } catch {
      // A closed or full stderr never fails the run.
    }
  };
  const runner = new PipelineRunner({
    onNodeProgress: o.progress ? printProgress : undefined,
    // A C++-only document never starts CPython, as natively.
    lazyPython: true,
    // The instance's linear memory cap (the CLI's --max-memory-bytes).
    maxMemoryBytes: o.maxMemoryBytes,
    stderr: (text) => {
      try {
        writeSync(2, text);
      } catch {
        // A closed or full stderr never fails the run.
      }
    },
  });
  try {
    // The document was read and capped by the CLI (read_input); this is the second line of defence.
    const input = await readStdin(o.limits.maxInputBytes ?? 256 * 1024 * 1024);
    await runner.initialize({ module: o.module, stdlib: o.stdlib });
    await runner.setPipelineDirectory(o.pipelineDir);
    if (o.modelsDir) await runner.setModelDirectory(o.modelsDir);
    const run = await runner.executeRaw(input, { limits: o.limits, validate: o.validate, metrics: o.metrics });
    if (run.metrics) writeAll(2, `${run.metrics}\n`);
    return finish(run.stdout, run.exitCode);
  } catch (error) {
    if (error instanceof RemoteMediaError) return finish(errorDocumentText(error.code, error.message), error.exitCode);
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return finish(errorDocumentText('wasm_host_failed', `the wasm host failed: ${what}`), 1);
  } finally {
    runner.dispose();
  }
}

process.exitCode = await main();
