// Reading a 100 MB bundle: the package's reader (inspectPackage: the C++ reader in the wasm module,
// libsodium's SHA-256 in wasm) against WebCrypto's SHA-256 of the same bytes (the most a JS-side
// digest could take off) and the CLI's native `verify` (the same C++ reader, whole process).
// Rounds alternate in one process; prints medians and ratios. Not a test.
//
//   node bench/js_runtime/bundle_read.mjs [MEGABYTES=100] [ROUNDS=5]
// Needs build/bin/remotemedia and js/runtime/dist (scripts/build.sh release wasi; scripts/build_js.sh).
import { spawnSync } from 'node:child_process';
import { randomBytes, webcrypto } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { bundle, cliPath, deflate, repo } from '../../js/runtime/test/node/lib/rmpkg_fixtures.mjs';

const megabytes = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 5);
const { PipelineRunner } = await import(path.join(repo, 'js/runtime/dist/index.js'));

// A model of random bytes (incompressible, like most weights), deflated at level 1 as a packer would.
const model = randomBytes(megabytes * 1e6);
const bytes = bundle({ files: { 'models/model.bin': model }, entry: { 'models/model.bin': { stored: deflate(model, 1) } } });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-read-'));
const file = path.join(dir, 'big.rmpkg');
fs.writeFileSync(file, bytes);

const runner = new PipelineRunner({ lazyPython: true });
await runner.inspectPackage(bytes);  // the module loaded and compiled once, outside the timings

const times = { wasm: [], webcrypto: [], native: [] };
for (let r = 0; r < rounds; r++) {
  let t = performance.now();
  const info = await runner.inspectPackage(bytes);
  times.wasm.push(performance.now() - t);
  if (info.contents.get('models/model.bin')?.length !== model.length) throw new Error('the model did not come back whole');
  t = performance.now();
  await webcrypto.subtle.digest('SHA-256', bytes);
  times.webcrypto.push(performance.now() - t);
  t = performance.now();
  const verify = spawnSync(cliPath, ['verify', file], { encoding: 'utf8' });
  times.native.push(performance.now() - t);
  if (verify.status !== 0) throw new Error(`remotemedia verify failed: ${verify.stdout}`);
}
fs.rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
const mbps = (ms) => (bytes.length / 1e6 / (ms / 1000)).toFixed(0);
console.log(`bundle: ${(bytes.length / 1e6).toFixed(1)} MB (one ${megabytes} MB model), median of ${rounds} alternating rounds`);
console.log('| what | median ms | MB/s |');
console.log('|---|---:|---:|');
console.log(`| inspectPackage (wasm reader: copy in, inflate, CRC-32, SHA-256, copy out) | ${m.wasm.toFixed(0)} | ${mbps(m.wasm)} |`);
console.log(`| WebCrypto SHA-256 of the archive bytes alone | ${m.webcrypto.toFixed(0)} | ${mbps(m.webcrypto)} |`);
console.log(`| remotemedia verify (native reader, whole process) | ${m.native.toFixed(0)} | ${mbps(m.native)} |`);
console.log(`wasm reader / native verify: ${(m.wasm / m.native).toFixed(2)}; WebCrypto digest / wasm reader: ${(m.webcrypto / m.wasm).toFixed(2)}`);
runner.dispose();
