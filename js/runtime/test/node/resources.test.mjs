// Resources the page hands over (runner.addResource): a Python node reads them as
// remotemedia.resource("resource:NAME"), they outlive an instance replaced after a trap, and they
// reach a worker's instance too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { pkg, repo } from './lib/golden.mjs';

const { PipelineRunner, RemoteMediaError } = pkg;

const reader = {
  version: 'v1', metadata: { name: 'reader' },
  nodes: [{ id: 'r', node_type: 'PythonNode', params: { class: 'R', source:
    'from remotemedia import resource\nclass R:\n    def process(self, ref):\n        return resource(ref).decode()\n' } }],
};
const trapping = JSON.parse(fs.readFileSync(path.join(repo, 'tests/golden/python_stack_overflow_map/input.json'), 'utf8'));

for (const worker of [false, true]) {
  test(`a registered resource is read by a Python node, and survives a replaced instance (worker: ${worker})`, async () => {
    const runner = new PipelineRunner({ worker });
    await runner.initialize();
    try {
      await runner.addResource('vocab.en', new TextEncoder().encode('hello'));
      assert.deepEqual((await runner.execute(reader, ['resource:vocab.en'])).outputs, { r: ['hello'] });
      await runner.addResource('vocab.en', new TextEncoder().encode('hello again'));
      assert.deepEqual((await runner.execute(reader, ['resource:vocab.en'])).outputs, { r: ['hello again'] },
        'registering a name again replaces it for later pipelines');
      const trapped = await runner.executeRaw(JSON.stringify(trapping));
      assert.match(trapped.stdout, /"stack_overflow"/);
      assert.deepEqual((await runner.execute(reader, ['resource:vocab.en'])).outputs, { r: ['hello again'] },
        'the instance made after the trap has the resource too');
      await assert.rejects(runner.execute(reader, ['resource:missing']),
        (e) => e instanceof RemoteMediaError && e.code === 'python_error' && /resource_not_found/.test(e.message));
      await assert.rejects(runner.addResource('no/slash', new Uint8Array(1)),
        (e) => e instanceof RemoteMediaError && e.code === 'invalid_argument');
    } finally {
      runner.dispose();
    }
  });
}
