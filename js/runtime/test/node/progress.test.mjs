// Progress that nodes report during a call (docs/js.md, RunnerOptions.onNodeProgress): a Python
// node's remotemedia.report_progress reaches onNodeProgress and 'nodeprogress' events, in order and
// with its node id, for one-shot runs and streaming pushes, in the thread and from a worker.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { pkg } from './lib/golden.mjs';

const { PipelineRunner } = pkg;

const manifest = {
  version: 'v1', metadata: { name: 'progress' },
  nodes: [{
    id: 'slow', node_type: 'PythonNode', params: {
      class: 'Slow',
      source: 'import remotemedia\nclass Slow:\n  def process(self, x):\n'
        + '    for step in range(3):\n      remotemedia.report_progress(step + 1, 3)\n    return x\n',
    },
  }],
  connections: [],
};

for (const worker of [false, true]) {
  test(`a Python node's progress arrives as events, in order (worker: ${worker})`, async () => {
    const reported = [];
    const runner = new PipelineRunner({ worker, onNodeProgress: (p) => reported.push(p) });
    const events = [];
    runner.addEventListener('nodeprogress', (e) => events.push(e.detail));
    try {
      const result = await runner.execute(manifest, [10, 20]);
      assert.deepEqual(result.outputs.slow, [10, 20]);
      const expected = [1, 2, 3, 1, 2, 3].map((done) => ({ nodeId: 'slow', done, total: 3 }));
      assert.deepEqual(reported, expected);
      assert.deepEqual(events, expected);

      reported.length = 0;
      const pipeline = await runner.createPipeline(manifest);
      await pipeline.push(5);
      await pipeline.close();
      assert.deepEqual(reported.map((p) => p.done), [1, 2, 3], 'a streaming push reports too');
    } finally {
      runner.dispose();
    }
  });
}

test('bad report_progress arguments are Python errors naming the node', async () => {
  const runner = new PipelineRunner();
  try {
    const bad = structuredClone(manifest);
    bad.nodes[0].params.source = 'import remotemedia\nclass Slow:\n  def process(self, x):\n    remotemedia.report_progress(4, 3)\n';
    await assert.rejects(runner.execute(bad, [1]), (e) => e.code === 'python_error' && e.nodeId === 'slow'
      && /0 <= done <= total/.test(e.message));
  } finally {
    runner.dispose();
  }
});
