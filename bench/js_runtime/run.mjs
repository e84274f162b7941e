// The JS runtime benchmark (not a test): @remotemedia/runtime in Node and in headless Chromium,
// next to the native CLI and Pyodide, measured side by side in one run. Prints a Markdown table
// and writes it to build/bench/js-runtime.md.
//
//   node bench/js_runtime/run.mjs          (after scripts/build.sh release and scripts/build_js.sh)
//   REPS=5 CALC_RUNS=300 node bench/js_runtime/run.mjs
//
// What is measured (medians of REPS unless said otherwise):
// - cold: initialize() and initialize -> first calculator result, in a fresh Node process and in
//   a fresh Chromium (new browser, new profile, new page; the server sends no-store, so every
//   fetch and compile is real), with the runner's own metrics (fetch / compile / instantiate /
//   init); Pyodide's loadPyodide() the same way.
// - warm: execute() of examples/calculator.json, median of CALC_RUNS after 20 warm-up calls,
//   main thread and worker.
// - the pure-Python text workload of bench/wasm_vs_native.sh (3,000 items): work time = the
//   3,000-item run minus the 1-item run, alternated, after one warm-up; natively from the
//   CLI's --metrics run_ms and from whole-process times; the same logic in Pyodide.
//   Every output is checked byte for byte against the native CLI's before a number is printed.
// - wasm peak memory (runner.metrics) after the workload.
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import * as w from './workload.mjs';
import { startStaticServer } from '../../js/runtime/test/browser/lib/static_server.mjs';
import { CHROMIUM, launchBrowser } from '../../js/runtime/test/browser/lib/browser.mjs';
import { requireDist, PAGE_PATH } from '../../js/runtime/test/browser/lib/session.mjs';

const REPS = Number(process.env.REPS ?? 5);
const CALC_RUNS = Number(process.env.CALC_RUNS ?? 300);
const ROOT = w.REPO_ROOT;
const OUT = path.join(ROOT, 'build/bench');
const CLI = path.join(ROOT, 'build/bin/remotemedia');
const notes = [];

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const log = (...a) => console.error('[bench]', ...a);

function run(cmd, args, { input } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [], err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - t0,
      stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.end(input ?? '');
  });
}

async function probe(mode) {
  const r = await run(process.execPath, [path.join(ROOT, 'bench/js_runtime/node_probe.mjs'), mode, String(REPS)]);
  const lines = r.stdout.split('\n').filter(Boolean);
  const result = lines.find((l) => l.startsWith('BENCH_RESULT '));
  const stray = lines.filter((l) => !l.startsWith('BENCH_RESULT '));
  if (stray.length) notes.push(`Node ${mode}: ${stray.length} stray stdout line(s), e.g. ${JSON.stringify(stray[0].slice(0, 80))}`);
  if (r.code !== 0 || !result) throw new Error(`node_probe ${mode} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  return JSON.parse(result.slice('BENCH_RESULT '.length));
}

// --- native CLI ------------------------------------------------------------------------------

async function native(files) {
  const whole = [], small = [], runMs = [], runMs1 = [];
  let stdout = '';
  const once = async (file) => {
    const r = await run(CLI, ['run', file, '--metrics']);
    if (r.code !== 0) throw new Error(`remotemedia run ${file}: exit ${r.code}\n${r.stderr.slice(-800)}`);
    const m = r.stderr.match(/\{"metrics":.*\}/);
    return { ms: r.ms, stdout: r.stdout, runMs: m ? JSON.parse(m[0]).metrics.run_ms : NaN };
  };
  await once(files.big);
  for (let i = 0; i < REPS; i++) {
    const b = await once(files.big);
    stdout = b.stdout;
    whole.push(b.ms);
    runMs.push(b.runMs);
    const s = await once(files.small);
    small.push(s.ms);
    runMs1.push(s.runMs);
  }
  const calc = [];
  for (let i = 0; i < REPS; i++) calc.push((await run(CLI, ['run', files.calc])).ms);
  const python1 = await run(CLI, ['run', files.small]);
  return { wholeMs: median(whole), fixedMs: median(small), workMs: median(runMs),
    workMinusFixedMs: median(whole) - median(small), runMs1: median(runMs1), stdout,
    stdout1: python1.stdout, calcProcessMs: median(calc) };
}

// --- Chromium --------------------------------------------------------------------------------

async function withPage(server, pagePath, ready, fn) {
  const browser = await launchBrowser();
  try {
    const tab = await browser.openPage();
    await tab.page.goto(server.origin + pagePath);
    await tab.page.waitForFunction(ready, null, { timeout: 60_000 });
    const value = await fn(tab.page);
    const problems = tab.problems();
    if (problems.length) notes.push(`Chromium ${pagePath}: ${problems.slice(0, 3).join(' | ')}`);
    return value;
  } finally {
    await browser.close();
  }
}

const call = (page, name, method, args = []) =>
  page.evaluate(([n, m, a]) => window.harness.call(n, m, a), [name, method, args]).then((r) => {
    if (!r.ok) throw new Error(`${method}: ${r.error.code ?? r.error.name}: ${r.error.message}`);
    return r;
  });

// One cold start on `page` (freshly opened, nothing cached): page load with the package's import,
// initialize(), the first calculator result, and the runner's own breakdown.
async function coldStart(server, page) {
  await page.goto(server.origin + PAGE_PATH);
  await page.waitForFunction('window.harnessReady === true', null, { timeout: 60_000 });
  const loadMs = await page.evaluate(() => window.harnessReadyAt);
  await page.evaluate(() => window.harness.create('cold', {}));
  const init = await call(page, 'cold', 'initialize');
  const first = await call(page, 'cold', 'executeRaw', [w.CALCULATOR]);
  const metrics = await page.evaluate(() => window.harness.metrics('cold'));
  return { pageImportMs: loadMs, initializeMs: init.ms, firstExecuteMs: first.ms,
    firstResultMs: init.ms + first.ms, metrics, stdout: first.value.stdout };
}

// REPS fresh pages, one after the other, in one running browser (each page closed before the next).
async function chromiumFreshPages(server) {
  const browser = await launchBrowser();
  try {
    const out = [];
    for (let i = 0; i < REPS; i++) {
      const tab = await browser.openPage();
      out.push(await coldStart(server, tab.page));
      await tab.page.close();
    }
    const problems = browser.problems;
    if (problems.length) notes.push(`Chromium fresh pages: ${problems.slice(0, 3).join(' | ')}`);
    return out;
  } finally {
    await browser.close();
  }
}

// A fresh browser (new profile), its first page.
async function chromiumCold(server) {
  const browser = await launchBrowser();
  try {
    const tab = await browser.openPage();
    const out = await coldStart(server, tab.page);
    if (browser.problems.length) notes.push(`Chromium cold: ${browser.problems.slice(0, 3).join(' | ')}`);
    return out;
  } finally {
    await browser.close();
  }
}

async function chromiumWarm(server) {
  return withPage(server, PAGE_PATH, 'window.harnessReady === true', async (page) => {
    const out = {};
    for (const [name, options] of [['main', {}], ['worker', { worker: true }]]) {
      await page.evaluate(([n, o]) => window.harness.create(n, o), [name, options]);
      try {
        await call(page, name, 'initialize');
      } catch (e) {
        notes.push(`Chromium ${name}: ${e.message}`);
        out[name] = { calculator: { medianMs: NaN } };
        continue;
      }
      // The loop runs in the page: one evaluate, CALC_RUNS timed calls, no CDP round trip inside.
      out[name] = { calculator: await page.evaluate(async ([n, doc, runs]) => {
        const times = [];
        for (let i = 0; i < 20 + runs; i++) {
          const r = await window.harness.call(n, 'execute', [doc]);
          if (!r.ok) throw new Error(r.error.message);
          if (i >= 20) times.push(r.ms);
        }
        times.sort((a, b) => a - b);
        return { medianMs: times[Math.floor(times.length / 2)], minMs: times[0], runs };
      }, [name, w.CALCULATOR, CALC_RUNS]) };
      if (name === 'main') {
        const exec = async (doc) => (await call(page, name, 'executeRaw', [doc]));
        await exec(w.PYTHON_TEXT_1);
        const first = await exec(w.PYTHON_TEXT);
        const big = [], small = [];
        let stdout = '';
        for (let i = 0; i < REPS; i++) {
          const b = await exec(w.PYTHON_TEXT);
          stdout = b.value.stdout;
          big.push(b.ms);
          small.push((await exec(w.PYTHON_TEXT_1)).ms);
        }
        out[name].python = { firstMs: first.ms, wholeMs: median(big), fixedMs: median(small),
          workMs: median(big) - median(small), stdout };
        out[name].metrics = await page.evaluate((n) => window.harness.metrics(n), name);
      }
      await page.evaluate((n) => window.harness.dispose(n), name);
    }
    return out;
  });
}

async function chromiumPyodide(server, withWorkload) {
  return withPage(server, '/bench/js_runtime/page/pyodide.html', 'window.pyReady === true', async (page) => {
    const loadMs = await page.evaluate(() => window.pyBench.load());
    if (!withWorkload) return { loadMs };
    const version = await page.evaluate((src) => window.pyBench.define(src), w.PYODIDE_PRELUDE);
    await page.evaluate(([a, b]) => { window.__big = a; window.__small = b; }, [w.PYODIDE_INPUT, w.PYODIDE_INPUT_1]);
    const exec = (which) => page.evaluate((k) => window.pyBench.run(window[k]), which);
    await exec('__small');
    const first = await exec('__big');
    const big = [], small = [];
    let stdout = '';
    for (let i = 0; i < REPS; i++) {
      const b = await exec('__big');
      stdout = b.stdout;
      big.push(b.ms);
      small.push((await exec('__small')).ms);
    }
    return { loadMs, pythonVersion: version,
      python: { firstMs: first.ms, wholeMs: median(big), fixedMs: median(small), workMs: median(big) - median(small), stdout } };
  });
}

// --- main ------------------------------------------------------------------------------------

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const mb = (x) => (Number.isFinite(x) ? (x / 1048576).toFixed(1) + ' MiB' : 'n/a');
const rate = (ms) => (Number.isFinite(ms) && ms > 0 ? Math.round(w.ITEMS / (ms / 1000)).toLocaleString('en-US') : 'n/a');
const mid = (rows, key) => median(rows.map((r) => key(r)));
const peakOf = (m) => m?.peakMemoryBytes ?? m?.peak_memory_bytes ?? m?.memoryPeakBytes ?? NaN;
const metricOf = (rows, ...names) => median(rows.map((r) => {
  for (const n of names) if (Number.isFinite(r.metrics?.[n])) return r.metrics[n];
  return NaN;
}));

async function main() {
  await requireDist();
  await mkdir(OUT, { recursive: true });
  const files = { big: path.join(OUT, 'js-python-text.json'), small: path.join(OUT, 'js-python-text-1.json'),
    calc: path.join(ROOT, 'examples/calculator.json') };
  await writeFile(files.big, w.PYTHON_TEXT);
  await writeFile(files.small, w.PYTHON_TEXT_1);
  const calcNative = (await run(CLI, ['run', files.calc])).stdout;

  log('native CLI ...');
  const nat = await native(files);

  log(`Node cold x${REPS} ...`);
  const nodeCold = [];
  for (let i = 0; i < REPS; i++) nodeCold.push(await probe('cold'));
  log('Node warm ...');
  const nodeWarm = await probe('warm');
  log(`Pyodide in Node x${REPS} (load) ...`);
  const nodePy = [await probe('pyodide')];
  for (let i = 1; i < REPS; i++) nodePy.push({ loadMs: (await probe('pyodide')).loadMs });

  const server = await startStaticServer(ROOT);
  let chCold, chPages, chWarm, chPy;
  try {
    log(`Chromium cold x${REPS} (fresh browser each) ...`);
    chCold = [];
    for (let i = 0; i < REPS; i++) chCold.push(await chromiumCold(server));
    log(`Chromium fresh pages x${REPS} in one running browser ...`);
    chPages = await chromiumFreshPages(server);
    log('Chromium warm ...');
    chWarm = await chromiumWarm(server);
    log(`Pyodide in Chromium x${REPS} (load) ...`);
    chPy = [await chromiumPyodide(server, true)];
    for (let i = 1; i < REPS; i++) chPy.push(await chromiumPyodide(server, false));
  } finally {
    await server.close();
  }

  // Correctness first: every number below is for output equal to the native CLI's.
  const check = (what, got, want) => {
    if (got !== want) notes.push(`MISMATCH ${what}: output differs from the native CLI (${got?.length} vs ${want.length} bytes)`);
  };
  for (const r of nodeCold) check('Node cold calculator', r.stdout, calcNative);
  for (const r of [...chCold, ...chPages]) check('Chromium cold calculator', r.stdout, calcNative);
  check('Node Python workload', nodeWarm.main.python.stdout, nat.stdout);
  check('Chromium Python workload', chWarm.main.python.stdout, nat.stdout);
  const outputsOf = (s) => JSON.stringify(JSON.parse(s).outputs.words);
  const pyOut = (s) => JSON.stringify(JSON.parse(s));
  if (pyOut(nodePy[0].python.stdout) !== outputsOf(nat.stdout)) notes.push('MISMATCH Pyodide (Node) items differ from native');
  if (pyOut(chPy[0].python.stdout) !== outputsOf(nat.stdout)) notes.push('MISMATCH Pyodide (Chromium) items differ from native');

  const nodeInit = mid(nodeCold, (r) => r.initializeMs), chInit = mid(chCold, (r) => r.initializeMs);
  const nodeFirst = mid(nodeCold, (r) => r.firstResultMs), chFirst = mid(chCold, (r) => r.firstResultMs);
  const nodePyLoad = mid(nodePy, (r) => r.loadMs), chPyLoad = mid(chPy, (r) => r.loadMs);
  const nw = nodeWarm.main.python, cw = chWarm.main.python, npw = nodePy[0].python, cpw = chPy[0].python;

  const env = `${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ` +
    `node ${process.version}, Chromium ${chromiumVersion()}, Pyodide ${nodePy[0].version} (Python ${nodePy[0].pythonVersion})`;
  const L = [];
  L.push(`# JS runtime benchmark (${new Date().toISOString().slice(0, 16)}Z; ${env})`, '');
  L.push(`Medians of ${REPS} unless noted; warm calculator: median of ${CALC_RUNS} after 20 warm-up calls. ` +
    'Chromium pages come from a local 127.0.0.1 server with no-store (nothing cached); "cold" is a fresh process (Node) or a fresh browser + profile + page (Chromium).', '');
  L.push('| measurement | native CLI | Node: ours | Chromium: ours | Node: Pyodide | Chromium: Pyodide |');
  L.push('|---|---:|---:|---:|---:|---:|');
  L.push(`| cold: initialize() / loadPyodide() (ms) | - | ${f1(nodeInit)} | ${f1(chInit)} | ${f1(nodePyLoad)} | ${f1(chPyLoad)} |`);
  L.push(`| cold: initialize -> first calculator result (ms) | ${f1(nat.calcProcessMs)} (whole process) | ${f1(nodeFirst)} | ${f1(chFirst)} | - | - |`);
  L.push(`| fresh page in a running browser: initialize -> first result (ms) | - | - | ${f1(mid(chPages, (r) => r.firstResultMs))} | - | - |`);
  L.push(`| cold: importing the package (ms) | - | ${f1(mid(nodeCold, (r) => r.importMs))} | ${f1(mid(chCold, (r) => r.pageImportMs))} (page load) | - | - |`);
  L.push(`| cold: fetch / compile / instantiate / init (ms) | - | ${[metricOf(nodeCold, 'fetchMs'), metricOf(nodeCold, 'compileMs'), metricOf(nodeCold, 'instantiateMs'), metricOf(nodeCold, 'initMs')].map(f1).join(' / ')} | ${[metricOf(chCold, 'fetchMs'), metricOf(chCold, 'compileMs'), metricOf(chCold, 'instantiateMs'), metricOf(chCold, 'initMs')].map(f1).join(' / ')} | - | - |`);
  L.push(`| warm execute, calculator, main thread (ms) | - | ${f3(nodeWarm.main.calculator.medianMs)} | ${f3(chWarm.main.calculator.medianMs)} | - | - |`);
  L.push(`| warm execute, calculator, worker (ms) | - | ${f3(nodeWarm.worker.calculator.medianMs)} | ${f3(chWarm.worker.calculator.medianMs)} | - | - |`);
  L.push(`| Python text, 3,000 items: work (ms) | ${f1(nat.workMs)} | ${f1(nw.workMs)} | ${f1(cw.workMs)} | ${f1(npw.workMs)} | ${f1(cpw.workMs)} |`);
  L.push(`| the same, items/s | ${rate(nat.workMs)} | ${rate(nw.workMs)} | ${rate(cw.workMs)} | ${rate(npw.workMs)} | ${rate(cpw.workMs)} |`);
  L.push(`| the same / native | 1.00 | ${f2(nw.workMs / nat.workMs)} | ${f2(cw.workMs / nat.workMs)} | ${f2(npw.workMs / nat.workMs)} | ${f2(cpw.workMs / nat.workMs)} |`);
  L.push(`| Python text: whole call, 3,000 / 1 item (ms) | ${f1(nat.wholeMs)} / ${f1(nat.fixedMs)} (process) | ${f1(nw.wholeMs)} / ${f1(nw.fixedMs)} | ${f1(cw.wholeMs)} / ${f1(cw.fixedMs)} | ${f1(npw.wholeMs)} / ${f1(npw.fixedMs)} | ${f1(cpw.wholeMs)} / ${f1(cpw.fixedMs)} |`);
  L.push(`| Python text: first 3,000-item call after start (ms) | - | ${f1(nw.firstMs)} | ${f1(cw.firstMs)} | ${f1(npw.firstMs)} | ${f1(cpw.firstMs)} |`);
  L.push(`| wasm peak memory after the workload | - | ${mb(peakOf(nodeWarm.main.metrics))} | ${mb(peakOf(chWarm.main.metrics))} | - | - |`);
  L.push('');
  L.push('Ratios (same run): ' + [
    `Pyodide load / our initialize(): Node ${f1(nodePyLoad / nodeInit)}x, Chromium ${f1(chPyLoad / chInit)}x`,
    `our Python work / Pyodide's: Node ${f2(nw.workMs / npw.workMs)}, Chromium ${f2(cw.workMs / cpw.workMs)}`,
    `Chromium / Node (ours): initialize ${f2(chInit / nodeInit)}, Python work ${f2(cw.workMs / nw.workMs)}`,
  ].join('; ') + '.');
  L.push('');
  L.push(`Goals: initialize -> first result <= 400 ms in Chromium: ${f1(chFirst)} ms (${chFirst <= 400 ? 'met' : 'NOT met'}); ` +
    `warm calculator <= 2 ms: Node ${f3(nodeWarm.main.calculator.medianMs)}, Chromium ${f3(chWarm.main.calculator.medianMs)} ms ` +
    `(${Math.max(nodeWarm.main.calculator.medianMs, chWarm.main.calculator.medianMs) <= 2 ? 'met' : 'NOT met'}).`);
  if (notes.length) {
    L.push('', 'Notes:');
    for (const n of notes) L.push(`- ${n}`);
  }
  const text = L.join('\n') + '\n';
  process.stdout.write(text);
  await writeFile(path.join(OUT, 'js-runtime.md'), text);
  await writeFile(path.join(OUT, 'js-runtime.json'), JSON.stringify({ nat: { ...nat, stdout: undefined, stdout1: undefined },
    nodeCold, nodeWarm, nodePy, chCold, chPages, chWarm, chPy }, (k, v) => (k === 'stdout' ? undefined : v), 1));
}

function chromiumVersion() {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .match(/\d+(\.\d+)+/)[0];
  } catch {
    return '?';
  }
}

main().catch((e) => {
  console.error(e.stack ?? e);
  process.exit(1);
});
