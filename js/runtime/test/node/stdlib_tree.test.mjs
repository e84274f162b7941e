// The stdlib as a directory (src/wasi/stdlib_tree.ts): the zip's members appear under
// /usr/lib/python3.11 with their exact bytes, CPython imports from there (not from the zip), a
// zip that cannot be laid out as a tree falls back to the zip alone, and stdlib tracebacks are the
// same bytes either way (the golden suite checks those).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import { pkg } from './lib/golden.mjs';

const { PipelineRunner } = pkg;
const { stdlibTree } = await import('../../dist/wasi/stdlib_tree.js');
const zipPath = fileURLToPath(new URL('../../dist/python311.zip', import.meta.url));
const zip = new Uint8Array(readFileSync(zipPath));

const runner = new PipelineRunner();
before(() => runner.initialize());
after(() => runner.dispose());

function pythonNode(source) {
  return { version: 'v1', metadata: { name: 'stdlib' },
    nodes: [{ id: 'p', node_type: 'PythonNode', params: { class: 'P', source } }] };
}

test('members are laid out by name and inflate to the bytes Python reads from the zip', () => {
  const tree = stdlibTree(zip);
  assert.ok(tree, 'the build stdlib lays out as a tree');
  const json = tree.contents.get('json');
  const decoder = json.contents.get('decoder.pyc');
  const want = execFileSync('/usr/bin/python3.11', ['-I', '-c',
    'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("json/decoder.pyc"))', zipPath]);
  assert.equal(decoder.size, BigInt(want.byteLength));
  const opened = decoder.path_open(0, 0n, 0);
  assert.equal(opened.ret, 0);
  assert.deepEqual(Buffer.from(decoder.data), want);
});

test('a zip it cannot lay out is refused as a whole', () => {
  assert.equal(stdlibTree(new Uint8Array(0)), null);
  assert.equal(stdlibTree(new TextEncoder().encode('not a zip at all, just text........')), null);
  assert.equal(stdlibTree(zip.subarray(0, zip.byteLength - 1)), null);
  // A member name that climbs out of the tree.
  const evil = execFileSync('/usr/bin/python3.11', ['-I', '-c',
    'import io, sys, zipfile\nb = io.BytesIO()\nz = zipfile.ZipFile(b, "w")\nz.writestr("../evil.pyc", b"x")\nz.close()\nsys.stdout.buffer.write(b.getvalue())']);
  assert.equal(stdlibTree(new Uint8Array(evil)), null);
});

test('the stdlib is imported from the directory, and the zip stays on the path for the rest', async () => {
  const result = await runner.execute(pythonNode([
    'import json, sys',
    'class P:',
    '    def process(self, item):',
    '        origins = {m.__spec__.origin.rsplit("/", 1)[0] for m in (json, sys.modules["encodings"])}',
    '        return [sorted(origins), sys.path]',
  ].join('\n') + '\n'), [0]);
  assert.deepEqual(result.outputs.p[0], [
    ['/usr/lib/python3.11/encodings', '/usr/lib/python3.11/json'],
    ['/usr/lib/python3.11', '/usr/lib/python311.zip'],
  ]);
});
