// A speech clip for the audio streaming tests, made at test time with Debian's espeak-ng and sox
// (installed by scripts/setup.sh): three sentences with a second of silence around each, as mono
// float32 samples at `sampleRate`. Nothing binary is committed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SENTENCES = ['Speech segments are found between silences.',
  'The quick brown fox jumps over the lazy dog.', 'Then it rests.'];

/** The clip's samples (Float32Array) and their raw little-endian bytes. */
export function speechClip(sampleRate = 48000) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rm-speech-'));
  try {
    const silence = path.join(dir, 'silence.wav');
    execFileSync('sox', ['-n', '-r', '22050', '-c', '1', '-b', '16', silence, 'trim', '0', '1']);
    const parts = [silence];
    SENTENCES.forEach((sentence, i) => {
      const part = path.join(dir, `part${i}.wav`);
      execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', part, sentence]);
      parts.push(part, silence);
    });
    const raw = path.join(dir, 'clip.f32');
    execFileSync('sox', ['-D', ...parts, '-t', 'f32', '-e', 'floating-point', '-b', '32', '-L', '-r', String(sampleRate), raw]);
    const bytes = readFileSync(raw);
    const samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return { samples, bytes: new Uint8Array(samples.buffer), sampleRate };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resample -> Vad: the pipeline the streaming tests push 20 ms chunks through. */
export const RESAMPLE_VAD = {
  version: 'v1',
  metadata: { name: 'stream-vad' },
  nodes: [
    { id: 'rs', node_type: 'ResampleNode', params: { target_rate: 16000 } },
    { id: 'vad', node_type: 'VadNode' },
  ],
  connections: [{ from: 'rs', to: 'vad' }],
};
