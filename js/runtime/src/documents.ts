// The texts PipelineRunner hands to the runtime, and what it makes of the texts it gets back.
import { RemoteMediaError } from './errors.js';
import { parseJson } from './json.js';
import { type PushPayload, type RawOutputs } from './instance.js';
import { decodeValues, dtypeIndex, encodeJson, isAudio, tensorOf } from './values.js';

/** A manifest (object or JSON text) or a {manifest, input_data} envelope, as the CLI takes it. */
export type PipelineDocument = string | Uint8Array | Record<string, unknown>;

/** The success document of a run, values decoded (see values.ts). */
export interface PipelineResult {
  status: 'success';
  outputs: Record<string, unknown[]>;
  graph_info: { node_count: number; source_count: number; sink_count: number; execution_order: string[] };
  [key: string]: unknown;
}

/** What a push or flush produced: each sink's new values, in execution order. */
export type Outputs = Record<string, unknown[]>;

const decoder = new TextDecoder();
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);

/** The document text for `document` with `inputData` (when given) as its input_data. Text is
 * passed through untouched unless input data has to be added. */
export function documentText(document: PipelineDocument, inputData?: unknown[]): string | Uint8Array {
  if (inputData !== undefined && !Array.isArray(inputData)) {
    throw new RemoteMediaError('invalid_argument', 'inputData must be a list of items', { exitCode: 2, path: '$.input_data' });
  }
  if (typeof document === 'string' || document instanceof Uint8Array) {
    if (inputData === undefined) return document;
    const text = typeof document === 'string' ? document : decoder.decode(document);
    let parsed: unknown;
    try {
      parsed = parseJson(text);
    } catch {
      // Not JSON: the runtime reports it (invalid_json, with line and column).
      return document;
    }
    document = parsed as Record<string, unknown>;
  }
  if (!isRecord(document)) return encodeJson(document);
  if (inputData === undefined) return encodeJson(document);
  const envelope = 'manifest' in document ? { ...document, input_data: inputData } : { manifest: document, input_data: inputData };
  return encodeJson(envelope);
}

/** The manifest text for a streaming pipeline: a manifest or an envelope without input data. */
export function manifestText(manifest: PipelineDocument): string | Uint8Array {
  if (typeof manifest === 'string' || manifest instanceof Uint8Array) return manifest;
  return encodeJson(manifest);
}

/** Parses and decodes the CLI's stdout of a run. Resolves to the success document; throws the
 * RemoteMediaError of an error document. */
export function resultOf(stdout: string, exitCode: number): PipelineResult {
  let doc: unknown;
  try {
    doc = parseJson(stdout);
  } catch (error) {
    throw new RemoteMediaError('wasm_host_failed', `the runtime printed a result that is not JSON: ${stdout.slice(0, 200)}`, { exitCode: 1, cause: error });
  }
  if (exitCode !== 0 || !isRecord(doc) || doc.status !== 'success') throw RemoteMediaError.fromDocument(doc, exitCode || 1);
  return decodeValues(doc) as PipelineResult;
}

/** Decodes one drain. */
export function outputsOf(raw: RawOutputs): Outputs {
  return decodeValues(parseJson(raw.json), raw.binaries) as Outputs;
}

/** How `value` travels into a pipeline: a top-level tensor or audio as bytes, anything else as
 * JSON with wire forms. The bytes are a view of the caller's data (copied by whoever sends it). */
export function payloadOf(value: unknown, sourceId: string | undefined): PushPayload {
  const tensor = tensorOf(value, '$');
  if (tensor) return { kind: 'tensor', sourceId, dtype: dtypeIndex(tensor.dtype), shape: tensor.shape, data: tensor.bytes };
  if (isAudio(value)) {
    if (!Number.isSafeInteger(value.sampleRate) || !Number.isInteger(value.channels)) {
      throw new RemoteMediaError('invalid_argument', 'audio sampleRate and channels must be integers', { exitCode: 2, path: '$' });
    }
    return { kind: 'audio', sourceId, sampleRate: value.sampleRate, channels: value.channels, startFrame: value.startFrame ?? 0, samples: value.samples };
  }
  return { kind: 'json', sourceId, json: encodeJson(value) };
}
