// Golden cases in headless Chromium, on the main thread and in a Web Worker: executeRaw's stdout
// must be the native CLI's bytes (tests/golden/<case>/expected.json) and its exit code the CLI's.
// The subset covers a C++-only pipeline, inline and module Python nodes, a generator, the
// 1,000,000-sample tensor handed through the runtime without a copy, a RecursionError and a
// manifest refused before anything runs. Any page or worker error, console error, or request to
// anything but the local server fails the test it happened in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { openSession, REPO_ROOT, DIST } from './lib/session.mjs';
import { goldenCase } from './lib/native.mjs';

const CASES = ['calculator', 'python_inline_node', 'python_module_node', 'python_generator',
  'python_tensor_million', 'python_recursion', 'bad_unknown_node_type'];
const MODES = [['main thread', 'main', {}], ['Web Worker', 'worker', { worker: true }]];

let session;
const golden = new Map();

before(async () => {
  for (const name of CASES) golden.set(name, await goldenCase(name));
  session = await openSession();
});

after(async () => {
  if (!session) return;
  try {
    await mkdir(path.join(REPO_ROOT, 'build/browser'), { recursive: true });
    await session.page.evaluate(() => window.harness.status('golden subset done'));
    await session.page.screenshot({ path: path.join(REPO_ROOT, 'build/browser/golden.png'), fullPage: true });
  } finally {
    await session.close();
  }
});

test('dist/ has no bare import, so a page needs no import map and a module worker loads it', async () => {
  const bare = new Set();
  for (const file of await readdir(DIST, { recursive: true })) {
    if (!file.endsWith('.js')) continue;
    const text = await readFile(path.join(DIST, file), 'utf8');
    for (const m of text.matchAll(/(?:^|[;\n])\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"./][^'"]*)['"]/g)) bare.add(m[1]);
    for (const m of text.matchAll(/\bimport\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g)) bare.add(m[1]);
  }
  const missing = [...bare].filter((s) => !s.startsWith('node:'));
  assert.deepEqual(missing, [], `vendor these into dist/vendor/ (scripts/build_js.sh): ${missing.join(', ')}`);
});

for (const [label, runnerName, options] of MODES) {
  describe(`golden subset in Chromium, ${label}`, () => {
    // A test, not a hook: when it fails, every case below still runs (and fails on its own).
    test('initialize() resolves', async () => {
      await session.create(runnerName, options);
      const init = await session.call(runnerName, 'initialize');
      assert.ok(init.ok, `initialize failed: ${JSON.stringify(init.error)}`);
      await session.log(`${label}: initialize() ${init.ms.toFixed(0)} ms`);
    });

    if (options.worker) {
      test('the runner really runs in a dedicated Web Worker', () => {
        const workers = session.page.workers().map((w) => w.url());
        assert.ok(workers.some((u) => u.startsWith(session.server.origin)),
          `no worker from the local server is running (workers: ${JSON.stringify(workers)})`);
      });
    }

    for (const name of CASES) {
      test(`${name}: stdout and exit code equal the native CLI's`, async () => {
        const c = golden.get(name);
        const files = {};
        for (const [rel, url] of Object.entries(c.files)) files[rel] = { __bytesFromUrl: url };
        // The case's own files (python_module_node's nodes/gain.py) under /pipeline, as the CLI
        // sees them next to input.json; nothing for the others.
        const mounted = await session.call(runnerName, 'setPipelineFiles', [files]);
        assert.ok(mounted.ok, `setPipelineFiles failed: ${JSON.stringify(mounted.error)}`);
        const r = await session.call(runnerName, 'executeRaw', [{ __textFromUrl: c.inputUrl }]);
        assert.ok(r.ok, `executeRaw rejected: ${JSON.stringify(r.error)}`);
        await session.log(`${label}: ${name} exit ${r.value.exitCode}, ${r.value.stdout.length} bytes, ${r.ms.toFixed(1)} ms`,
          r.value.stdout === c.expected ? 'ok' : 'fail');
        assert.equal(r.value.stdout, c.expected);
        assert.equal(r.value.exitCode, c.exitCode);
        assert.deepEqual(session.newProblems(), []);
      });
    }
  });
}

test('nothing but the local server was contacted, and the page logged no error', () => {
  assert.deepEqual(session.browser.blocked, []);
  assert.deepEqual(session.problems(), []);
  assert.ok(session.server.requests.some((r) => r.startsWith('GET /js/runtime/dist/remotemedia_runtime.wasm -> 200')),
    'the module was not fetched from the local server');
});
