// The golden cases of tests/golden/<case>/ for the runner suites: their input bytes, expected
// stdout and exit code, their files (mounted as /pipeline) and the limits their `args` file sets.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
export const goldenDir = path.join(repo, 'tests/golden');
export const dist = path.join(repo, 'js/runtime/dist');

/** The package under test (dist/index.js). */
export const pkg = await import(path.join(dist, 'index.js'));

// The CLI flags a case's `args` file may hold, as runtime limits.
const FLAGS = { '--max-output-items': 'maxOutputItems', '--max-output-bytes': 'maxOutputBytes', '--max-input-bytes': 'maxInputBytes' };

function limitsOf(args) {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const limits = {};
  for (let i = 0; i < words.length; i += 2) {
    const key = FLAGS[words[i]];
    if (!key || words[i + 1] === undefined) throw new Error(`golden args: unsupported '${args.trim()}'`);
    limits[key] = Number(words[i + 1]);
  }
  return limits;
}

function filesUnder(dir, prefix = '') {
  const files = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, filesUnder(path.join(dir, entry.name), rel));
    else if (entry.isFile()) files[rel] = new Uint8Array(fs.readFileSync(path.join(dir, entry.name)));
  }
  return files;
}

/** Every case: {name, input (bytes), expected (text), expectedExit, limits, files (or null when the
 * case has no nodes/ folder)}. */
export function goldenCases() {
  return fs.readdirSync(goldenDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(goldenDir, e.name, 'input.json')))
    .map((e) => e.name).sort()
    .map((name) => {
      const dir = path.join(goldenDir, name);
      const read = (file) => (fs.existsSync(path.join(dir, file)) ? fs.readFileSync(path.join(dir, file)) : null);
      return {
        name,
        input: new Uint8Array(read('input.json')),
        expected: read('expected.json').toString('utf8'),
        expectedExit: read('expected_exit') ? Number(read('expected_exit').toString().trim()) : 0,
        limits: read('args') ? limitsOf(read('args').toString()) : {},
        files: fs.existsSync(path.join(dir, 'nodes')) ? filesUnder(dir) : null,
      };
    });
}

/** The parsed input document of a case. */
export function inputOf(goldenCase) {
  return pkg.parseJson(new TextDecoder().decode(goldenCase.input));
}
