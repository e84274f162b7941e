// WhisperNode fixtures for the runner suites, made at test time (nothing binary is committed): a
// generated "micro" model (make_whisper_model from the release build: Whisper's layout, random
// weights, so transcripts are noise), a 16 kHz speech clip as a run document, and what the native
// CLI prints for that document.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { repo } from './golden.mjs';
import { speechClip } from './speech_clip.mjs';

const MAKE_MODEL = path.join(repo, 'build/release/src/nodes/speech/make_whisper_model');
const CLI = path.join(repo, 'build/bin/remotemedia');

/** The micro model's bytes (f16 unless `type` says otherwise). */
export function microModel(type = 'f16') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rm-whisper-'));
  try {
    const file = path.join(dir, 'micro.bin');
    execFileSync(MAKE_MODEL, ['--shape', 'micro', '--type', type, '--seed', '1', '-o', file]);
    return new Uint8Array(readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A run document: the speech clip at 16 kHz as wire-form audio into WhisperNode on `model`. */
export function whisperDocument(model) {
  const clip = speechClip(16000);
  return JSON.stringify({
    manifest: {
      version: 'v1', metadata: { name: 'whisper' },
      nodes: [{ id: 'asr', node_type: 'WhisperNode', params: { model, token_ids: true } }],
      connections: [],
    },
    input_data: [{ __audio__: true, sample_rate: 16000, channels: 1, start_frame: 0,
      data: Buffer.from(clip.bytes).toString('base64') }],
  });
}

/** What `remotemedia run` prints natively for `document` with `modelBytes` as ./micro.bin. */
export function nativeStdout(document, modelBytes) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rm-whisper-cli-'));
  try {
    writeFileSync(path.join(dir, 'micro.bin'), modelBytes);
    writeFileSync(path.join(dir, 'run.json'), document);
    const run = spawnSync(CLI, ['run', path.join(dir, 'run.json')], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (run.status !== 0) throw new Error(`native run failed (${run.status}): ${run.stderr}`);
    return run.stdout.replace(/\n$/, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
