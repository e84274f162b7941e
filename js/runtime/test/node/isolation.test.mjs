// What isolates pipelines on one runner (docs/js.md#trust-model): each pipeline's Python runs in
// an interpreter of its own, so what pipeline A patches - json, builtins, sys.modules and sys.path,
// a built-in node's class, the remotemedia package - is not what B sees; and every loadPackage()
// starts a fresh instance, so not even a patch of state CPython shares between interpreters (a
// static type's dict, through gc) reaches a package's pipeline. Run on the main thread and in a
// worker.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { pkg, repo } from './lib/golden.mjs';
import { checkDocument, expectedCheckOutputs, hostileDocument, poisonDocument, poisonedOutputs } from './lib/poison.mjs';

const { PipelineRunner } = pkg;
const cliPath = path.join(repo, 'build/bin/remotemedia');
const skip = fs.existsSync(cliPath) ? false : `${cliPath} is missing (scripts/build.sh)`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-isolation-test-'));
const bundlePath = path.join(dir, 'sentiment.rmpkg');
let cliOutput;

before(() => {
  if (skip) return;
  const manifest = path.join(repo, 'examples/python/sentiment.json');
  const packed = spawnSync(cliPath, ['pack', manifest, '-o', bundlePath, '--target', 'wasm32-wasi'], { encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  const ran = spawnSync(cliPath, ['run', bundlePath], { encoding: 'utf8' });
  assert.equal(ran.status, 0, ran.stderr);
  cliOutput = ran.stdout;
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

for (const [label, options] of [['main thread', {}], ['worker', { worker: true }]]) {
  describe(`isolation on one runner (${label})`, { timeout: 120_000 }, () => {
    let runner;
    before(() => {
      runner = new PipelineRunner(options);
    });
    after(() => runner.dispose());

    test('a pipeline that patches Python state does not reach the next pipeline', { skip }, async () => {
      const poisoned = await runner.execute(poisonDocument);
      assert.deepEqual(poisoned.outputs, poisonedOutputs, 'the patches took effect in A');
      const checked = await runner.execute(checkDocument);
      assert.deepEqual(checked.outputs, expectedCheckOutputs);
      // A streaming pipeline alive while another one patches its own interpreter.
      const live = await runner.createPipeline(checkDocument.manifest);
      await runner.execute(poisonDocument);
      assert.deepEqual(await live.push('a b'), expectedCheckOutputs);
      await live.close();
    });

    test('a package loaded after a hostile pipeline runs with the CLI\'s output', { skip }, async () => {
      const poisoned = await runner.execute(hostileDocument);
      assert.deepEqual(poisoned.outputs, poisonedOutputs);
      const info = await runner.loadPackage(new Uint8Array(fs.readFileSync(bundlePath)));
      const run = await runner.executeRaw(info.documentText);
      assert.equal(run.exitCode, 0, run.stdout);
      assert.equal(run.stdout, cliOutput);
    });
  });
}
