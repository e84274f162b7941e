// The value layer on its own (no module needed): base64, int64-safe JSON, wire-form encoding and
// decoding, the error table.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { dist, pkg } from './lib/golden.mjs';

const { encodeJson, decodeValues, parseJson, makeTensor, RemoteMediaError, ERROR_CODES, isErrorCode } = pkg;
const { encodeBase64, decodeBase64 } = await import(`${dist}/base64.js`);

test('base64 matches Node\'s encoder for every length and refuses non-canonical text', () => {
  for (let n = 0; n < 70; n++) {
    const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 255);
    const text = Buffer.from(bytes).toString('base64');
    assert.equal(encodeBase64(bytes), text, `encode ${n}`);
    assert.deepEqual(decodeBase64(text), bytes, `decode ${n}`);
  }
  for (const bad of ['A', 'AB=C', 'AB C', '====', 'AA==AA==', 'A-_B']) {
    assert.throws(() => decodeBase64(bad), (e) => e instanceof RemoteMediaError && e.code === 'invalid_wire_form', bad);
  }
});

test('parseJson keeps int64 exactly and agrees with JSON.parse elsewhere', () => {
  assert.deepEqual(parseJson('[9223372036854775807, -9223372036854775808, 9007199254740991, 1e16, 1.5, "12345678901234567890"]'),
    [9223372036854775807n, -9223372036854775808n, 9007199254740991, 1e16, 1.5, '12345678901234567890']);
  const text = '{"a": [1, 2.5, "x\\"y\\\\", null, true, false, {"__proto__": 1}], "b": "\\u00e9", "n": 12345678901234567}';
  const parsed = parseJson(text);
  assert.equal(parsed.n, 12345678901234567n);
  assert.deepEqual(parsed.a, JSON.parse(text).a);
  assert.equal(Object.getPrototypeOf(parsed.a[6]), Object.prototype, '__proto__ is a plain key');
  assert.deepEqual(Object.keys(parsed.a[6]), ['__proto__']);
  assert.throws(() => parseJson('[1, 12345678901234567'), SyntaxError);
});

test('encodeJson writes the runtime\'s wire forms', () => {
  const tensor = Object.assign(new Float32Array([1, 2, 3, 4]), { shape: [2, 2] });
  assert.equal(encodeJson(tensor), `{"__numpy__": true, "array": {"meta": {"dtype": "float32", "shape": [2, 2]}, "data": "${Buffer.from(tensor.buffer).toString('base64')}"}}`);
  assert.equal(encodeJson(new Int16Array([1, -1])), '{"__numpy__": true, "array": {"meta": {"dtype": "int16", "shape": [2]}, "data": "AQD//w=="}}');
  assert.equal(encodeJson(new Uint8Array([1, 2, 3])), '{"__bytes__": true, "data": "AQID"}');
  assert.equal(encodeJson({ sampleRate: 16000, channels: 1, samples: new Float32Array([0.5]) }), '{"__audio__": true, "sample_rate": 16000, "channels": 1, "data": "AAAAPw=="}');
  assert.equal(encodeJson({ sampleRate: 16000, channels: 1, startFrame: 320, samples: new Float32Array([0.5]) }), '{"__audio__": true, "sample_rate": 16000, "channels": 1, "start_frame": 320, "data": "AAAAPw=="}');
  assert.equal(encodeJson([NaN, Infinity, -Infinity, -0, 1e300, 2 ** 60, 2n ** 62n]),
    '[{"__float__": "nan"}, {"__float__": "inf"}, {"__float__": "-inf"}, -0.0, 1e+300, 1.152921504606847e+18, 4611686018427387904]');
  assert.equal(encodeJson(new Map([['z', 1], ['a', 2]])), '{"z": 1, "a": 2}');
  assert.equal(encodeJson({ a: undefined, b: [undefined] }), '{"b": [null]}');
});

test('encodeJson refuses what has no value, naming where', () => {
  const refused = (value, path) => assert.throws(() => encodeJson(value), (e) => e.code === 'invalid_argument' && e.exitCode === 2 && e.path === path);
  refused({ f: () => 1 }, '$.f');
  refused([1, [Symbol('x')]], '$[1][0]');
  refused({ big: 2n ** 63n }, '$.big');
  refused(new Map([[1, 'x']]), '$');
  refused(Object.assign(new Float32Array(3), { shape: [2, 2] }), '$.shape');
  const loop = { a: {} };
  loop.a.b = loop;
  refused(loop, '$.a.b');
});

test('decodeValues turns wire forms into typed values, in place, at any depth', () => {
  const doc = parseJson(JSON.stringify({ outputs: { s: [
    { __numpy__: true, array: { meta: { dtype: 'int64', shape: [2] }, data: Buffer.from(new BigInt64Array([-1n, 5n]).buffer).toString('base64') } },
    { __audio__: true, sample_rate: 8000, channels: 2, data: Buffer.from(new Float32Array([0.25, -0.25]).buffer).toString('base64') },
    [{ __bytes__: true, data: 'AQID' }, { __float__: 'nan' }, { __float__: '-inf' }],
    { plain: { __float__: 'inf' } },
  ] } }));
  const [t, audio, [bytes, nan, ninf], nested] = decodeValues(doc).outputs.s;
  assert.ok(t instanceof BigInt64Array);
  assert.deepEqual([...t], [-1n, 5n]);
  assert.deepEqual(t.shape, [2]);
  assert.equal(t.dtype, 'int64');
  assert.deepEqual({ ...audio, samples: [...audio.samples] }, { sampleRate: 8000, channels: 2, startFrame: 0, samples: [0.25, -0.25] });
  assert.deepEqual(bytes, new Uint8Array([1, 2, 3]));
  assert.ok(Number.isNaN(nan));
  assert.equal(ninf, -Infinity);
  assert.equal(nested.plain, Infinity);
});

test('decodeValues takes binary payloads by index (RM_DRAIN_BINARY)', () => {
  const payload = new Uint8Array(new Float32Array([1, 2]).buffer);
  const [t] = decodeValues([{ __numpy__: true, array: { meta: { dtype: 'float32', shape: [1, 2] }, binary: 0 } }], [payload]);
  assert.deepEqual([...t], [1, 2]);
  assert.deepEqual(t.shape, [1, 2]);
  assert.throws(() => decodeValues([{ __bytes__: true, binary: 3 }], []), (e) => e.code === 'wasm_host_failed');
});

test('makeTensor copies unaligned bytes and refuses a partial element', () => {
  const raw = new Uint8Array(9);
  raw.set(new Uint8Array(new Float64Array([2.5]).buffer), 1);
  const t = makeTensor('float64', [1], raw.subarray(1));
  assert.equal(t[0], 2.5);
  assert.throws(() => makeTensor('int32', [1], new Uint8Array(3)), (e) => e.code === 'invalid_wire_form');
});

test('the error table holds the runtime\'s codes, each once', () => {
  assert.equal(new Set(ERROR_CODES).size, ERROR_CODES.length);
  for (const code of ['timeout', 'stack_overflow', 'wasm_trap', 'pipeline_state', 'invalid_argument', 'bundle_checksum_mismatch']) {
    assert.ok(isErrorCode(code), code);
  }
  assert.equal(isErrorCode('no_such_code'), false);
});

test('RemoteMediaError survives a structured clone as JSON and carries its document', () => {
  const e = RemoteMediaError.fromDocument({ status: 'error', error: { code: 'python_error', message: 'boom', node_id: 'n', traceback: 'tb' } }, 1);
  assert.equal(e.nodeId, 'n');
  const back = RemoteMediaError.fromJSON(structuredClone(e.toJSON()));
  assert.deepEqual(back.toJSON(), e.toJSON());
  assert.equal(back.name, 'RemoteMediaError');
  assert.ok(back instanceof Error);
});
