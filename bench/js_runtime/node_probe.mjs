// One measurement in a fresh Node process, started by run.mjs:
//
//   node bench/js_runtime/node_probe.mjs cold|warm|pyodide [REPS]
//
// Prints exactly one line `BENCH_RESULT <json>` on stdout (anything else the process prints is
// reported by run.mjs as stray output). All times are performance.now() milliseconds.
//   cold:    import the package, initialize(), execute the calculator once (the first result)
//   warm:    one runner (main thread, then worker: true): calculator warm-execute median; the
//            Python text workload (3,000 items) and its 1-item run alternated REPS times after a
//            warm-up, outputs checked against each other's CLI bytes by run.mjs; peak memory
//   pyodide: loadPyodide() from node_modules/pyodide, then the same Python logic REPS times
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as w from './workload.mjs';

const mode = process.argv[2];
const REPS = Number(process.argv[3] ?? 5);
const CALC_RUNS = Number(process.env.CALC_RUNS ?? 300);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const indexUrl = pathToFileURL(path.join(w.REPO_ROOT, 'js/runtime/dist/index.js')).href;

async function time(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function cold() {
  const t0 = performance.now();
  const { PipelineRunner } = await import(indexUrl);
  const importMs = performance.now() - t0;
  const runner = new PipelineRunner();
  const init = await time(() => runner.initialize());
  const first = await time(() => runner.executeRaw(w.CALCULATOR));
  const out = { importMs, initializeMs: init.ms, firstExecuteMs: first.ms,
    firstResultMs: init.ms + first.ms, sinceProcessStartMs: performance.now(),
    metrics: { ...runner.metrics }, stdout: first.value.stdout };
  runner.dispose();
  return out;
}

async function calculatorMedian(runner) {
  for (let i = 0; i < 20; i++) await runner.execute(w.CALCULATOR);
  const times = [];
  for (let i = 0; i < CALC_RUNS; i++) times.push((await time(() => runner.execute(w.CALCULATOR))).ms);
  return { medianMs: median(times), minMs: Math.min(...times), runs: CALC_RUNS };
}

// Work time of the 3,000-item document: its run minus the 1-item run, alternated, medians.
async function workload(runRaw) {
  await runRaw(w.PYTHON_TEXT_1);
  const warmup = await time(() => runRaw(w.PYTHON_TEXT));
  const big = [], small = [];
  let stdout = '';
  for (let i = 0; i < REPS; i++) {
    const b = await time(() => runRaw(w.PYTHON_TEXT));
    stdout = b.value.stdout;
    big.push(b.ms);
    small.push((await time(() => runRaw(w.PYTHON_TEXT_1))).ms);
  }
  return { firstMs: warmup.ms, wholeMs: median(big), fixedMs: median(small),
    workMs: median(big) - median(small), stdout };
}

async function warm() {
  const { PipelineRunner } = await import(indexUrl);
  const out = {};
  for (const [name, options] of [['main', {}], ['worker', { worker: true }]]) {
    const runner = new PipelineRunner(options);
    await runner.initialize();
    out[name] = { calculator: await calculatorMedian(runner) };
    if (name === 'main') {
      out[name].python = await workload((doc) => runner.executeRaw(doc));
      out[name].metrics = { ...runner.metrics };
    }
    runner.dispose();
  }
  return out;
}

async function pyodide() {
  const t0 = performance.now();
  const { loadPyodide } = await import(pathToFileURL(path.join(w.REPO_ROOT, 'node_modules/pyodide/pyodide.mjs')).href);
  const py = await loadPyodide({ indexURL: path.join(w.REPO_ROOT, 'node_modules/pyodide/') + '/' });
  const loadMs = performance.now() - t0;
  py.runPython(w.PYODIDE_PRELUDE);
  const run = py.globals.get('run_words');
  const python = await workload(async (doc) => ({
    stdout: run(doc === w.PYTHON_TEXT ? w.PYODIDE_INPUT : w.PYODIDE_INPUT_1) }));
  return { loadMs, python, version: py.version,
    pythonVersion: py.runPython('import sys; sys.version.split()[0]') };
}

const modes = { cold, warm, pyodide };
if (!modes[mode]) {
  console.error('usage: node_probe.mjs cold|warm|pyodide [REPS]');
  process.exit(2);
}
const result = await modes[mode]();
// Exit once the line is flushed (stdout is an asynchronous pipe): the process would otherwise
// stay up as long as a disposed runner's worker or handles linger.
process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`, () => process.exit(0));
