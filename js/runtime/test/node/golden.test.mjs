// Every golden case through one persistent runner's executeRaw: stdout byte for byte equal to
// expected.json, and the CLI's exit code. The cases run in order on the same instance, so a
// case that leaves state behind (a module, a file, a trap) shows up as a later case's mismatch.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { goldenCases, pkg } from './lib/golden.mjs';

const cases = goldenCases();
const runner = new pkg.PipelineRunner();
before(() => runner.initialize());
after(() => runner.dispose());

test('the golden set is there', () => {
  assert.ok(cases.length >= 60, `only ${cases.length} golden cases found`);
});

for (const c of cases) {
  test(`golden ${c.name}`, async () => {
    await runner.setPipelineFiles(c.files ?? {});
    const { stdout, exitCode } = await runner.executeRaw(c.input, { limits: c.limits });
    assert.equal(stdout, c.expected, `${c.name}: stdout differs from expected.json`);
    assert.equal(exitCode, c.expectedExit, `${c.name}: exit code`);
  });
}

test('one instance served every case but the ones that trapped', () => {
  // Each case whose expected result is the host's stack_overflow document is a trap the runner
  // recovered from with a fresh instance; every other case ran on the instance before it.
  const traps = cases.filter((c) => c.expected.includes('"code": "stack_overflow"')).length;
  assert.equal(runner.metrics.instances, 1 + traps);
});

test('executeRaw of text and of the same bytes agree', async () => {
  const c = cases.find((k) => k.name === 'calculator');
  const fromText = await runner.executeRaw(new TextDecoder().decode(c.input));
  assert.equal(fromText.stdout, c.expected);
  assert.equal(fromText.exitCode, 0);
});
