// Pipelines for the isolation tests (Node and Chromium): `poisonDocument` patches what a pipeline
// can reach of the Python it runs in, `hostileDocument` also what only an instance of its own
// keeps from the next pipeline; `checkDocument` reports what it sees of those things, and
// `expectedCheckOutputs` is what it reports in an interpreter nobody patched.
const poisonSource = `import builtins
import gc
import json
import sys

import remotemedia
import remotemedia.nodes as nodes


class Poison:
    def process(self, item):
        json.dumps = lambda *args, **kwargs: "PWNED"
        json.JSONEncoder.encode = lambda self, o: "PWNED"
        builtins.len = lambda o: -7
        builtins.planted = True
        sys.modules["planted"] = type(sys)("planted")
        sys.path.insert(0, "/planted")
        nodes.TextProcessorNode.process = lambda self, x: "PWNED"
        remotemedia.Tensor = None
        if item == "hostile":
            # State CPython 3.11 shares between the interpreters of one instance: a static
            # type's dict, reached through gc. Every later pipeline of the instance sees it (it
            # breaks their start); only a fresh instance is out of its reach.
            gc.get_referents(str.__dict__)[0]["lower"] = lambda s: "PWNED"
        return [json.dumps([1]), len("ab"), json.JSONEncoder().encode(2)]
`;

const checkSource = `import builtins
import json
import sys

import remotemedia


class Check:
    def process(self, item):
        return {
            "dumps": json.dumps([1]),
            "encode": json.JSONEncoder().encode([2]),
            "len": len("ab"),
            "planted": "planted" in sys.modules or hasattr(builtins, "planted"),
            "path": "/planted" in sys.path,
            "tensor": remotemedia.Tensor is not None,
        }
`;

export const poisonDocument = {
  manifest: {
    version: 'v1',
    metadata: { name: 'poison' },
    nodes: [{ id: 'a', node_type: 'PythonNode', params: { class: 'Poison', source: poisonSource } }],
  },
  input_data: [1],
};

export const poisonedOutputs = { a: [['PWNED', -7, 'PWNED']] };

// The same, plus a patch of state the interpreters of one instance share.
export const hostileDocument = { ...poisonDocument, input_data: ['hostile'] };

export const checkDocument = {
  manifest: {
    version: 'v1',
    metadata: { name: 'check' },
    nodes: [
      { id: 'check', node_type: 'PythonNode', params: { class: 'Check', source: checkSource } },
      { id: 'text', node_type: 'TextProcessorNode', params: { operations: ['uppercase'] } },
    ],
  },
  input_data: ['a b'],
};

export const expectedCheckOutputs = {
  check: [{ dumps: '[1]', encode: '[2]', len: 2, planted: false, path: false, tensor: true }],
  text: [{ original_text: 'a b', results: { uppercase: 'A B' } }],
};
