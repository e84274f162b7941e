// The native side the browser results are compared with: golden cases on disk and the native CLI
// (build/bin/remotemedia).
//
// Contract: everything here reads repository files or runs the CLI; nothing writes outside the
// directory a caller passes in. A missing CLI is an error naming the build step, not a skip.
import { execFile } from 'node:child_process';
import { access, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, repoUrl } from './session.mjs';

export const CLI = path.join(REPO_ROOT, 'build/bin/remotemedia');
export const GOLDEN = path.join(REPO_ROOT, 'tests/golden');

export async function requireCli() {
  try {
    await access(CLI);
  } catch {
    throw new Error('build/bin/remotemedia is missing: build the release preset first (scripts/build.sh release)');
  }
}

// Runs the CLI; resolves with {stdout, stderr, exitCode} whatever the exit code.
export function runCli(args, { cwd = REPO_ROOT, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(CLI, args, { cwd, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ stdout, stderr, exitCode: err ? err.code : 0 });
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

// A golden case: its input as the page fetches it, the expected bytes, the expected exit code and
// the files next to input.json (other than the case's own) that a run needs mounted, as
// {guestPath: repoUrl} relative to the base directory.
export async function goldenCase(name) {
  const dir = path.join(GOLDEN, name);
  const expected = await readFile(path.join(dir, 'expected.json'), 'utf8');
  let exitCode = 0;
  try {
    exitCode = Number((await readFile(path.join(dir, 'expected_exit'), 'utf8')).trim());
  } catch { /* absent: 0 */ }
  const files = {};
  const own = new Set(['input.json', 'expected.json', 'expected_exit', 'args']);
  async function walk(rel) {
    for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (!rel && own.has(entry.name)) continue;
      if (entry.isDirectory()) await walk(r);
      else if (entry.isFile()) files[r] = repoUrl(path.join('tests/golden', name, r));
    }
  }
  await walk('');
  return { name, inputUrl: repoUrl(path.join('tests/golden', name, 'input.json')), expected, exitCode, files };
}
