// The hostile corpus of tests/pkg/make_hostile_bundles.py (the one hostile_test.sh runs through
// the CLI) through the package's reader (the wasm build of the same C++ reader): every case must
// give the code cases.txt names and the very error document `remotemedia verify` prints on the
// native build; the zip bombs stay within a small, fixed amount of memory.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { cli, cliVerify, jsRead, keygen, python, repo, skipNoCli, tempDir } from './lib/rmpkg_fixtures.mjs';

const MAX_BOMB_RSS_GROWTH = 64 << 20;  // a bomb inflated would take 400 MB

// The corpus, generated once for this file (the bombs take seconds to deflate).
let generated = null;
after(() => generated && fs.rmSync(generated.dir, { recursive: true, force: true }));
function corpus() {
  if (generated) return generated;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rmpkg-hostile-'));
  const out = path.join(dir, 'corpus');
  fs.mkdirSync(out);
  generated = { dir, out, cases: [] };
  const r = spawnSync(python, ['-W', 'ignore', path.join(repo, 'tests/pkg/make_hostile_bundles.py'), out,
    path.join(dir, 'sentinel_absolute')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `make_hostile_bundles.py failed: ${r.stderr}`);
  generated.cases = fs.readFileSync(path.join(out, 'cases.txt'), 'utf8').trim().split('\n').map((line) => line.split(' '));
  return generated;
}

test('hostile corpus: the wasm reader refuses each bundle with the CLI\'s code and error document', { skip: skipNoCli }, async (t) => {
  const { dir, out, cases } = corpus();
  const key = keygen(tempDir(t));
  assert.ok(cases.length >= 30, `the corpus holds ${cases.length} bundles`);
  const verified = [];
  for (const [name, expected] of cases) {
    const bytes = fs.readFileSync(path.join(out, `${name}.rmpkg`));
    const withKey = name.startsWith('signature_');
    const js = await jsRead(bytes, withKey ? { publicKey: key.pubText } : undefined);
    const native = cliVerify(dir, bytes, withKey ? key.pub : undefined);
    assert.equal(native.code, expected, `${name}: the CLI itself gives ${native.code}`);
    assert.equal(js.code, expected, `${name}: JS gives ${js.code}, cases.txt says ${expected}`);
    assert.equal(js.exitCode, 2, `${name}: exit code`);
    assert.deepEqual(js.doc, native.doc, `${name}: the error documents differ`);
    verified.push(expected);
  }
  t.diagnostic(`codes equal to the CLI's: ${[...new Set(verified)].sort().join(' ')}`);
  // Nothing an entry aimed at was created (the package's reader writes nothing at all).
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('sentinel_')), []);
});

test('a signed bundle with a second ZIP appended is refused although its signature is intact', { skip: skipNoCli }, async (t) => {
  const dir = tempDir(t);
  const key = keygen(dir);
  const signed = path.join(dir, 'signed.rmpkg');
  const packed = cli(['pack', path.join(repo, 'examples/calculator.json'), '-o', signed, '--sign', key.key]);
  assert.equal(packed.status, 0, packed.stdout + packed.stderr);
  const original = fs.readFileSync(signed);
  assert.equal((await jsRead(original, { publicKey: key.pubText })).bundle?.signatureVerified, true);
  // The corpus's own appended archive: a minimal stored ZIP holding nodes/evil.py.
  const second = spawnSync(python, ['-c', `import io, sys, zipfile
b = io.BytesIO()
with zipfile.ZipFile(b, "w") as z: z.writestr("nodes/evil.py", "import os\\n")
sys.stdout.buffer.write(b.getvalue())`]).stdout;
  const appended = Buffer.concat([original, second]);
  const js = await jsRead(appended, { publicKey: key.pubText });
  const native = cliVerify(dir, appended, key.pub);
  assert.equal(js.code, 'bundle_extra_data');
  assert.deepEqual(js.doc, native.doc);
});

test('zip bombs are refused within a bounded amount of memory', async (t) => {
  const { out, cases } = corpus();
  const bombs = cases.filter(([name]) => name.startsWith('bomb_') || name === 'zip_bomb_ratio');
  assert.ok(bombs.length >= 3);
  const probe = `
    const { PipelineRunner } = await import(${JSON.stringify(path.join(repo, 'js/runtime/dist/index.js'))});
    const fs = await import('node:fs');
    const bytes = fs.readFileSync(process.argv[1]);
    const runner = new PipelineRunner({ lazyPython: true });
    await runner.inspectPackage(new Uint8Array(8)).catch(() => {});  // load everything first
    const before = process.resourceUsage().maxRSS * 1024;
    let code = 'OK';
    try { await runner.inspectPackage(bytes); } catch (e) { code = e.code; }
    const after = process.resourceUsage().maxRSS * 1024;
    process.stdout.write(JSON.stringify({ code, growth: after - before, bytes: bytes.length }));`;
  for (const [name, expected] of bombs) {
    // A fresh process each, so the peak RSS is this bomb's alone.
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe, path.join(out, `${name}.rmpkg`)],
      { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const { code, growth, bytes } = JSON.parse(r.stdout);
    t.diagnostic(`${name}: ${bytes} bytes, ${code}, peak RSS growth ${(growth / 2 ** 20).toFixed(1)} MiB`);
    assert.equal(code, expected, name);
    assert.ok(growth < MAX_BOMB_RSS_GROWTH, `${name}: peak RSS grew by ${growth} bytes`);
  }
});
