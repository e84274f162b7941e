// JS values <-> the runtime's values (docs/values.md).
//
// Decoded (what results hold):    tensor -> TypedArray of its dtype with `shape` and `dtype`
//   (int64/uint64 -> BigInt64Array/BigUint64Array); audio -> {sampleRate, channels, samples:
//   Float32Array}; bytes -> Uint8Array; non-finite float -> NaN/±Infinity; int beyond 2^53 ->
//   BigInt; maps -> plain objects; the rest as JSON.
// Encoded (what inputs may hold): the same shapes back, plus any TypedArray (a 1-D tensor unless
//   it has `shape`), ArrayBuffer/DataView (bytes), Map (a map, keys kept in order) and BigInt.
import { encodeBase64, decodeBase64 } from './base64.js';
import { RemoteMediaError } from './errors.js';
import { DTYPES } from './generated.js';

// A value that has no runtime form: the caller's mistake, refused before anything runs (exit 2).
const badArgument = (message: string, details: { path: string }) =>
  new RemoteMediaError('invalid_argument', message, { exitCode: 2, ...details });

// The rm_dtype values of c_api.h, in order (generated at build time).
export { DTYPES };
export type Dtype = (typeof DTYPES)[number];

export type TensorArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array |
  BigInt64Array | Uint8Array | Uint16Array | Uint32Array | BigUint64Array;
/** A tensor: its data as the TypedArray of its dtype (C order), with its shape. */
export type Tensor<A extends TensorArray = TensorArray> = A & { shape: number[]; dtype: Dtype };

/** Interleaved float32 audio. `startFrame` is its place on the stream's timeline: the index of
 * its first frame at `sampleRate` (docs/values.md, "Time"); decoded audio always has it (0 when
 * it has no place), audio passed in may leave it out. */
export interface Audio {
  sampleRate: number;
  channels: number;
  startFrame?: number;
  samples: Float32Array;
}

type ArrayCtor = { new(buffer: ArrayBuffer, byteOffset?: number, length?: number): TensorArray; BYTES_PER_ELEMENT: number };
const CTORS: Record<Dtype, ArrayCtor> = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, int16: Int16Array, int32: Int32Array,
  int64: BigInt64Array, uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
} as unknown as Record<Dtype, ArrayCtor>;

/** The dtype's index in the C ABI's rm_dtype. */
export const dtypeIndex = (dtype: Dtype): number => DTYPES.indexOf(dtype);

const isDtype = (value: unknown): value is Dtype => typeof value === 'string' && (DTYPES as readonly string[]).includes(value);

function dtypeOfArray(array: ArrayBufferView): Dtype | null {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Int8Array) return 'int8';
  if (array instanceof Int16Array) return 'int16';
  if (array instanceof Int32Array) return 'int32';
  if (array instanceof BigInt64Array) return 'int64';
  if (array instanceof Uint8Array || array instanceof Uint8ClampedArray) return 'uint8';
  if (array instanceof Uint16Array) return 'uint16';
  if (array instanceof Uint32Array) return 'uint32';
  if (array instanceof BigUint64Array) return 'uint64';
  return null;
}

/** A tensor of `dtype` and `shape` over `bytes`. The bytes are used in place when they are
 * aligned and own their whole buffer, else copied. */
export function makeTensor(dtype: Dtype, shape: number[], bytes: Uint8Array, where = 'tensor'): Tensor {
  const ctor = CTORS[dtype];
  if (bytes.byteLength % ctor.BYTES_PER_ELEMENT !== 0) {
    throw new RemoteMediaError('invalid_wire_form', `${where}: ${bytes.byteLength} bytes is not a whole number of ${dtype} elements`, { path: where });
  }
  const own = bytes.byteOffset % ctor.BYTES_PER_ELEMENT === 0 && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
  const array = new ctor(own.buffer as ArrayBuffer, own.byteOffset, own.byteLength / ctor.BYTES_PER_ELEMENT) as Tensor;
  array.shape = shape;
  array.dtype = dtype;
  return array;
}

// --- decoding -----------------------------------------------------------------------------------

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Replaces, in place, every wire form inside a parsed document by its JS value, and returns the
 * (possibly replaced) root. `binaries` are the payloads of an RM_DRAIN_BINARY result: a form with
 * "binary": K takes binaries[K] (which it then owns). */
export function decodeValues(value: unknown, binaries: readonly Uint8Array[] = [], path = '$'): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'object' && item !== null) value[i] = decodeValues(item, binaries, `${path}[${i}]`);
    }
    return value;
  }
  if (!isRecord(value)) return value;
  if (value.__numpy__ === true) return decodeTensor(value, binaries, path);
  if (value.__audio__ === true) return decodeAudio(value, binaries, path);
  if (value.__bytes__ === true) return payload(value, binaries, path);
  if (typeof value.__float__ === 'string') {
    if (value.__float__ === 'nan') return NaN;
    if (value.__float__ === 'inf') return Infinity;
    if (value.__float__ === '-inf') return -Infinity;
  }
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (typeof item === 'object' && item !== null) value[key] = decodeValues(item, binaries, `${path}.${key}`);
  }
  return value;
}

function payload(form: Record<string, unknown>, binaries: readonly Uint8Array[], path: string): Uint8Array {
  if (typeof form.binary === 'number') {
    const bytes = binaries[form.binary];
    if (!bytes) throw new RemoteMediaError('wasm_host_failed', `${path}: binary payload ${form.binary} is missing from the result`, { path });
    return bytes;
  }
  if (typeof form.data === 'string') return decodeBase64(form.data, `${path}.data`);
  throw new RemoteMediaError('invalid_wire_form', `${path}: a wire form without data`, { path });
}

function decodeTensor(form: Record<string, unknown>, binaries: readonly Uint8Array[], path: string): Tensor {
  const array = form.array;
  const meta = isRecord(array) ? array.meta : undefined;
  if (!isRecord(array) || !isRecord(meta) || !isDtype(meta.dtype) || !Array.isArray(meta.shape)) {
    throw new RemoteMediaError('invalid_wire_form', `${path}: not a __numpy__ form`, { path });
  }
  return makeTensor(meta.dtype, meta.shape.map(Number), payload(array, binaries, `${path}.array`), path);
}

function decodeAudio(form: Record<string, unknown>, binaries: readonly Uint8Array[], path: string): Audio {
  const bytes = payload(form, binaries, path);
  return {
    sampleRate: Number(form.sample_rate),
    channels: Number(form.channels),
    startFrame: form.start_frame === undefined ? 0 : Number(form.start_frame),
    samples: makeTensor('float32', [bytes.byteLength / 4], bytes, path) as unknown as Float32Array,
  };
}

// --- encoding -----------------------------------------------------------------------------------

/** True for `{sampleRate, channels, samples: Float32Array}`. */
export function isAudio(value: unknown): value is Audio {
  return isRecord(value) && value.samples instanceof Float32Array &&
    typeof value.sampleRate === 'number' && typeof value.channels === 'number';
}

/** A TypedArray's tensor facts (dtype from its type or its `dtype`, shape from `shape` or its
 * length), or null when `value` is not one that encodes as a tensor: a Uint8Array without a
 * `dtype` is bytes, a DataView is bytes. */
export function tensorOf(value: unknown, path = '$'): { dtype: Dtype; shape: number[]; bytes: Uint8Array } | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const tagged = value as ArrayBufferView & { dtype?: unknown; shape?: unknown; length: number };
  if (value instanceof Uint8Array && tagged.dtype === undefined && tagged.shape === undefined) return null;
  const dtype = dtypeOfArray(value);
  if (dtype === null) throw badArgument(`${path}: ${value.constructor.name} has no tensor dtype`, { path });
  if (tagged.dtype !== undefined && tagged.dtype !== dtype) {
    throw badArgument(`${path}: dtype '${String(tagged.dtype)}' does not match its ${value.constructor.name}`, { path });
  }
  let shape = [tagged.length];
  if (tagged.shape !== undefined) {
    if (!Array.isArray(tagged.shape) || !tagged.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw badArgument(`${path}: shape must be a list of non-negative integers`, { path: `${path}.shape` });
    }
    shape = tagged.shape as number[];
    const count = shape.reduce((a, b) => a * b, 1);
    if (count !== tagged.length) {
      throw badArgument(`${path}: shape [${shape.join(', ')}] holds ${count} elements, the array ${tagged.length}`, { path: `${path}.shape` });
    }
  }
  return { dtype, shape, bytes: new Uint8Array(value.buffer, value.byteOffset, value.byteLength) };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function numberText(n: number): string {
  if (Number.isNaN(n)) return '{"__float__": "nan"}';
  if (n === Infinity) return '{"__float__": "inf"}';
  if (n === -Infinity) return '{"__float__": "-inf"}';
  if (Object.is(n, -0)) return '-0.0';
  // An integer-valued number beyond 2^53 is not an exact int: it goes as a float (1e+16), the
  // form it came in as. Ints that large are BigInts on the JS side.
  if (Number.isInteger(n) && Math.abs(n) > Number.MAX_SAFE_INTEGER) return n.toExponential();
  return JSON.stringify(n);
}

/** The JSON text of `value` with the wire forms of docs/values.md. Throws `invalid_argument`
 * (with the path) for what has no runtime value: a symbol, a function, a BigInt outside int64,
 * a cycle. `undefined` is dropped from objects and is null in lists, as in JSON.stringify. */
export function encodeJson(value: unknown): string {
  const parts: string[] = [];
  const ancestors = new Set<object>();
  const write = (v: unknown, path: string): void => {
    if (v === null || v === undefined) { parts.push('null'); return; }
    switch (typeof v) {
      case 'boolean': parts.push(v ? 'true' : 'false'); return;
      case 'string': parts.push(JSON.stringify(v)); return;
      case 'number': parts.push(numberText(v)); return;
      case 'bigint':
        if (v < INT64_MIN || v > INT64_MAX) throw badArgument(`${path}: ${v} is outside int64`, { path });
        parts.push(v.toString());
        return;
      case 'object': break;
      default: throw badArgument(`${path}: a ${typeof v} has no JSON form`, { path });
    }
    const obj = v as object;
    if (ancestors.has(obj)) throw badArgument(`${path}: the value contains itself`, { path });
    const tensor = tensorOf(obj, path);
    if (tensor) {
      parts.push(`{"__numpy__": true, "array": {"meta": {"dtype": "${tensor.dtype}", "shape": [${tensor.shape.join(', ')}]}, "data": "${encodeBase64(tensor.bytes)}"}}`);
      return;
    }
    if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) {
      const bytes = obj instanceof ArrayBuffer ? new Uint8Array(obj) : new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength);
      parts.push(`{"__bytes__": true, "data": "${encodeBase64(bytes)}"}`);
      return;
    }
    if (isAudio(obj)) {
      const s = obj.samples;
      const start = obj.startFrame ? `, "start_frame": ${numberText(obj.startFrame)}` : '';
      parts.push(`{"__audio__": true, "sample_rate": ${numberText(obj.sampleRate)}, "channels": ${numberText(obj.channels)}${start}, "data": "${encodeBase64(new Uint8Array(s.buffer, s.byteOffset, s.byteLength))}"}`);
      return;
    }
    ancestors.add(obj);
    if (Array.isArray(obj)) {
      parts.push('[');
      obj.forEach((item, i) => {
        if (i > 0) parts.push(', ');
        write(item, `${path}[${i}]`);
      });
      parts.push(']');
    } else {
      const toJSON = (obj as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') {
        ancestors.delete(obj);
        write(toJSON.call(obj), path);
        return;
      }
      const entries: Iterable<[unknown, unknown]> = obj instanceof Map ? obj.entries() : Object.entries(obj);
      parts.push('{');
      let first = true;
      for (const [key, item] of entries) {
        if (typeof key !== 'string') throw badArgument(`${path}: a map key must be a string, not ${typeof key}`, { path });
        if (item === undefined) continue;
        if (!first) parts.push(', ');
        first = false;
        parts.push(JSON.stringify(key), ': ');
        write(item, `${path}.${key}`);
      }
      parts.push('}');
    }
    ancestors.delete(obj);
  };
  write(value, '$');
  return parts.join('');
}
