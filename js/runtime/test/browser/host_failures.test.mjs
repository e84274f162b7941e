// The browser host's own failures and its fetch path: a module or stdlib URL that 404s is
// `wasm_target_unavailable`, a file that is not wasm is `invalid_runtime_module` (exit 2 both),
// the runner stays usable and initializes from its defaults afterwards; the default initialize()
// finds the package's files relative to dist/index.js, fetches them from the server with
// 'progress' events that end at the full size.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { openSession, DIST } from './lib/session.mjs';
import { goldenCase } from './lib/native.mjs';

let session;
let calculator;

before(async () => {
  calculator = await goldenCase('calculator');
  session = await openSession();
  await session.create('r', {});
});

after(async () => {
  await session?.close();
});

// The console lines a failed fetch of `url` makes (Chromium logs every 404 resource); anything
// else is a problem.
function unexpected(problems, url) {
  return problems.filter((p) => !(p.includes('Failed to load resource') && p.includes('404')) && !p.includes(url));
}

test('a module URL that 404s is wasm_target_unavailable, exit 2', async () => {
  const r = await session.call('r', 'initialize', ['/no/such/remotemedia_runtime.wasm']);
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'wasm_target_unavailable', JSON.stringify(r.error));
  assert.equal(r.error.exitCode, 2);
  assert.match(r.error.message, /no\/such\/remotemedia_runtime\.wasm/);
  assert.deepEqual(unexpected(session.newProblems(), '/no/such/'), []);
});

test('a module that is not wasm is invalid_runtime_module, exit 2', async () => {
  const r = await session.call('r', 'initialize', [{ module: '/js/runtime/dist/python311.zip' }]);
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'invalid_runtime_module', JSON.stringify(r.error));
  assert.equal(r.error.exitCode, 2);
  assert.deepEqual(session.newProblems(), []);
});

test('a stdlib URL that 404s is wasm_target_unavailable', async () => {
  const r = await session.call('r', 'initialize',
    [{ module: '/js/runtime/dist/remotemedia_runtime.wasm', stdlib: '/no/such/python311.zip' }]);
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'wasm_target_unavailable', JSON.stringify(r.error));
  assert.deepEqual(unexpected(session.newProblems(), '/no/such/'), []);
});

test('after those failures the same runner initializes from its defaults, with progress to the full size', async () => {
  await session.page.evaluate(() => window.harness.recordEvents('r', 'progress'));
  const before = session.server.requests.length;
  const init = await session.call('r', 'initialize');
  assert.ok(init.ok, JSON.stringify(init.error));
  const fetched = session.server.requests.slice(before);
  assert.ok(fetched.includes('GET /js/runtime/dist/remotemedia_runtime.wasm -> 200'), fetched.join('\n'));
  assert.ok(fetched.includes('GET /js/runtime/dist/python311.zip -> 200'), fetched.join('\n'));

  const events = await session.page.evaluate(() => window.harness.recordedEvents('r', 'progress'));
  for (const [file, name] of [['module', 'remotemedia_runtime.wasm'], ['stdlib', 'python311.zip']]) {
    const size = (await stat(path.join(DIST, name))).size;
    const mine = events.filter((e) => e.file === file);
    assert.ok(mine.length > 0, `no progress events for the ${file}`);
    const last = mine[mine.length - 1];
    assert.equal(last.loaded, size, `${file}: last progress event`);
    assert.equal(last.total, size, `${file}: total`);
    // One download per file: a loaded count that drops means events of another (an earlier,
    // failed initialize whose fetch was never stopped) reached this runner.
    const drops = mine.filter((e, i) => i > 0 && e.loaded < mine[i - 1].loaded).length;
    assert.equal(drops, 0, `${file}: progress went backwards ${drops} time(s): ${mine.map((e) => e.loaded).join(', ')}`);
  }

  const r = await session.call('r', 'executeRaw', [{ __textFromUrl: calculator.inputUrl }]);
  assert.equal(r.value.stdout, calculator.expected);
  assert.deepEqual(session.newProblems(), []);
});
