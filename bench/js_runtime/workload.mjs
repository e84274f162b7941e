// The benchmark's documents, built in memory (never committed), identical to the ones
// bench/wasm_vs_native.sh generates: the calculator, and the pure-Python text workload - one
// PythonNode (regex + Counter + an integer loop) over 3,000 short strings - plus its one-item
// version (the fixed cost of a Python run) and the same logic as plain Python for Pyodide.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const CALCULATOR = readFileSync(new URL('../../examples/calculator.json', import.meta.url), 'utf8');

// The node class, shared with bench/wasm_vs_native.sh.
export const WORDS_SOURCE = readFileSync(new URL('../workloads/python_text_node.py', import.meta.url), 'utf8');

export const ITEMS = 3000;
export const WORDS = Array.from({ length: ITEMS },
  (_, i) => `The quick brown fox jumps over the lazy dog number ${i}`);

const manifest = {
  version: 'v1', metadata: { name: 'python-text' },
  nodes: [{ id: 'words', node_type: 'PythonNode', params: { source: WORDS_SOURCE, class: 'Words' } }],
};

// Python's json.dumps separators, so the documents are byte-identical to wasm_vs_native.sh's.
function pyJson(value) {
  return JSON.stringify(value, null, 0)
    .replace(/"(?:[^"\\]|\\.)*"|[,:]/g, (m) => (m === ',' ? ', ' : m === ':' ? ': ' : m));
}

export const PYTHON_TEXT = pyJson({ manifest, input_data: WORDS });
export const PYTHON_TEXT_1 = pyJson({ manifest, input_data: WORDS.slice(0, 1) });

// For Pyodide: the same class, driven the way the runtime drives it - JSON text in, one
// process() call per item, JSON text out - so both sides pay for the conversions.
export const PYODIDE_PRELUDE = `${WORDS_SOURCE}
import json
def run_words(doc):
    node = Words()
    return json.dumps([node.process(item) for item in json.loads(doc)])
`;
export const PYODIDE_INPUT = JSON.stringify(WORDS);
export const PYODIDE_INPUT_1 = JSON.stringify(WORDS.slice(0, 1));
