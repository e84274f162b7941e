// PocketSphinxNode through @remotemedia/runtime in Node (docs/nodes.md#pocketsphinxnode): the
// audio example (examples/audio/transcribe.json on jfk.wav, Debian's en-us model under /models)
// prints the native CLI's document, from a host directory in the thread and from files in a
// worker; a second pipeline reuses the loaded decoder; a damaged model is invalid_model; and the
// example packed with its model (`pack --models --include`) runs by loadPackage as the CLI runs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { pkg, repo } from './lib/golden.mjs';

const { PipelineRunner, RemoteMediaError } = pkg;
const CLI = path.join(repo, 'build/bin/remotemedia');
const MODELS = '/usr/share/pocketsphinx/model';
const JFK = path.join(repo, '.cache/audio-deps/current/fixtures/jfk.wav');

let dir;
let document;
let expected;

function filesUnder(root, prefix = '') {
  const files = {};
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, filesUnder(path.join(root, entry.name), rel));
    else if (entry.isFile()) files[rel] = new Uint8Array(fs.readFileSync(path.join(root, entry.name)));
  }
  return files;
}

function cli(...args) {
  return spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-sphinx-'));
  fs.copyFileSync(path.join(repo, 'examples/audio/transcribe.json'), path.join(dir, 'transcribe.json'));
  fs.copyFileSync(JFK, path.join(dir, 'jfk.wav'));
  document = fs.readFileSync(path.join(dir, 'transcribe.json'), 'utf8');
  const run = cli('run', path.join(dir, 'transcribe.json'), '--models', MODELS);
  assert.equal(run.status, 0, run.stderr);
  expected = run.stdout;
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

function words(stdout) {
  return JSON.parse(stdout).outputs.asr.map((item) => item.text).join(' ');
}

test('host directories in the thread: the CLI\'s document, one decoder for two pipelines', { timeout: 180_000 }, async () => {
  const runner = new PipelineRunner();
  await runner.initialize();
  try {
    await runner.setPipelineDirectory(dir);
    await runner.setModelDirectory(MODELS);
    const first = await runner.executeRaw(document, { metrics: true });
    assert.equal(first.exitCode, 0, first.stdout);
    assert.equal(first.stdout, expected, 'the same document as the native CLI');
    assert.match(words(first.stdout), /what your country can do for you/);
    assert.deepEqual(JSON.parse(first.metrics).metrics.resources, { built: 1, reused: 0 });
    const second = await runner.executeRaw(document, { metrics: true });
    assert.equal(second.stdout, first.stdout);
    assert.deepEqual(JSON.parse(second.metrics).metrics.resources, { built: 0, reused: 1 });
  } finally {
    runner.dispose();
  }
});

test('files in a worker: the CLI\'s document; a damaged model is invalid_model', { timeout: 180_000 }, async () => {
  const runner = new PipelineRunner({ worker: true });
  await runner.initialize();
  try {
    const models = filesUnder(MODELS);
    await runner.setPipelineFiles({ 'jfk.wav': new Uint8Array(fs.readFileSync(JFK)) });
    await runner.setModelFiles(models);
    const run = await runner.executeRaw(document);
    assert.equal(run.exitCode, 0, run.stdout);
    assert.equal(run.stdout, expected);

    models['en-us/en-us/means'] = models['en-us/en-us/means'].subarray(0, 5000);
    await runner.setModelFiles(models);
    await assert.rejects(runner.execute(JSON.parse(document).manifest, ['jfk.wav']),
      (e) => e instanceof RemoteMediaError && e.code === 'invalid_model' && /means/.test(e.message));
  } finally {
    runner.dispose();
  }
});

test('the example packed with its model runs by loadPackage as the CLI runs it', { timeout: 300_000 }, async () => {
  const bundle = path.join(dir, 'transcribe.rmpkg');
  const packed = cli('pack', path.join(dir, 'transcribe.json'), '--models', MODELS, '--include', 'jfk.wav',
    '--with-runtime', '-o', bundle);
  assert.equal(packed.status, 0, packed.stdout + packed.stderr);
  const size = fs.statSync(bundle).size;
  console.log(`transcribe.rmpkg (model, runtime and stdlib): ${size} bytes`);
  const native = cli('run', bundle, '--target', 'native', '--models', os.tmpdir());
  assert.equal(native.status, 0, native.stderr);
  assert.equal(native.stdout, expected, 'the bundle brings its own model: --models is not used');
  const runner = new PipelineRunner();
  await runner.initialize();
  try {
    const info = await runner.loadPackage(bundle);
    assert.ok(info.files.some((f) => f.name === 'models/en-us/en-us/mdef'), 'the model is in the bundle');
    const result = await runner.runPackage();
    assert.deepEqual(result.outputs, JSON.parse(expected).outputs);
  } finally {
    runner.dispose();
  }
});
