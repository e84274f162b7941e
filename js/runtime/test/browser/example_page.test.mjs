// examples/web/index.html, the page the README points new users at: served from the repository
// root, it loads dist/ without an import map or bundler, runs the calculator in a Web Worker with
// the CLI's exact bytes and a Python node, and shows them - with no page or console error.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { requireCli, runCli } from './lib/native.mjs';
import { REPO_ROOT, openSession } from './lib/session.mjs';

test('examples/web shows the calculator result byte-equal to the CLI, and a Python result', async () => {
  await requireCli();
  const native = await runCli(['run', path.join(REPO_ROOT, 'examples/calculator.json')]);
  const session = await openSession({
    pagePath: '/examples/web/index.html',
    waitFor: "document.getElementById('metrics').textContent !== '' || " +
      "document.getElementById('status').className === 'error'",
  });
  try {
    const shown = await session.page.evaluate(() => ({
      status: document.getElementById('status').textContent,
      calculator: document.getElementById('calculator').textContent,
      python: document.getElementById('python').textContent,
      metrics: JSON.parse(document.getElementById('metrics').textContent),
    }));
    assert.equal(shown.status, 'Ready.');
    assert.equal(shown.calculator, native.stdout);
    assert.deepEqual(JSON.parse(shown.python), { shout: ['HELLO!', 'FROM PYTHON IN WASM!'] });
    assert.equal(shown.metrics.instances, 1);
    await session.page.screenshot({ path: path.join(REPO_ROOT, 'build/browser/example-page.png'), fullPage: true });
    assert.deepEqual(session.problems(), []);
  } finally {
    await session.close();
  }
});
