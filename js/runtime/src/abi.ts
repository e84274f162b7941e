// The module's C ABI (include/remotemedia/c_api.h) as seen from JS: the export signatures
// (wasm32: pointers and size_t are i32, int64_t is BigInt), and the memory helpers every call
// uses. Pointers come back as signed i32 and are read with `>>> 0`.
import { RemoteMediaError } from './errors.js';
import { RM_ABI_VERSION } from './generated.js';
import { EXIT_INVALID_INPUT, EXIT_RUN_FAILURE } from './host_documents.js';

export { RM_ABI_VERSION };
export const RM_OK = 0;
export const RM_RUN_FAILURE = 1;
export const RM_INVALID_INPUT = 2;
export const RM_INVALID_ARGUMENT = 3;
export const RM_WRONG_STATE = 4;
export const RM_OUT_OF_MEMORY = 5;
export const RM_DRAIN_BINARY = 1;
export const RM_PIPELINE_OPEN = 1;
export const RM_PIPELINE_FINISHED = 2;
export const RM_PIPELINE_FAILED = 3;

type Ptr = number;
export interface RuntimeExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  rm_abi_version(): number;
  rm_alloc(size: number): Ptr;
  rm_free(ptr: Ptr): void;
  rm_last_error(): Ptr;
  rm_last_error_len(): number;
  rm_runtime_create(options: Ptr, len: number, out: Ptr): number;
  rm_runtime_free(runtime: Ptr): void;
  rm_runtime_add_resource?(runtime: Ptr, name: Ptr, nameLen: number, data: Ptr, len: number): number;
  rm_runtime_set_progress_callback(runtime: Ptr, callback: Ptr, userData: Ptr): number;
  /** The reactor's function that forwards progress to its import remotemedia.progress. */
  rm_host_progress_callback(): Ptr;
  rm_run(runtime: Ptr, doc: Ptr, len: number, options: Ptr, optionsLen: number, out: Ptr): number;
  rm_pipeline_create(runtime: Ptr, manifest: Ptr, len: number, options: Ptr, optionsLen: number, out: Ptr): number;
  rm_pipeline_push(pipeline: Ptr, value: Ptr, len: number): number;
  rm_pipeline_push_to(pipeline: Ptr, id: Ptr, idLen: number, value: Ptr, len: number): number;
  rm_pipeline_push_tensor(pipeline: Ptr, id: Ptr, idLen: number, dtype: number, shape: Ptr, ndim: number, data: Ptr, nbytes: number): number;
  rm_pipeline_push_audio(pipeline: Ptr, id: Ptr, idLen: number, sampleRate: bigint, channels: number, startFrame: bigint, samples: Ptr, count: number): number;
  /** Borrowed audio push (copies). Optional: runtimes built before it lack it. */
  rm_pipeline_push_audio_copy?(pipeline: Ptr, id: Ptr, idLen: number, sampleRate: bigint, channels: number, startFrame: bigint, samples: Ptr, count: number): number;
  rm_pipeline_flush(pipeline: Ptr): number;
  rm_pipeline_drain(pipeline: Ptr, flags: number, out: Ptr): number;
  /** Partial drain. Optional: runtimes built before it lack it. */
  rm_pipeline_drain_some?(pipeline: Ptr, sinks: Ptr, sinksLen: number, maxItems: number, flags: number, out: Ptr): number;
  rm_pipeline_state(pipeline: Ptr): number;
  rm_pipeline_info(pipeline: Ptr): Ptr;
  rm_pipeline_info_len(pipeline: Ptr): number;
  rm_pipeline_free(pipeline: Ptr): void;
  rm_result_data(result: Ptr): Ptr;
  rm_result_len(result: Ptr): number;
  rm_result_exit_code(result: Ptr): number;
  rm_result_metrics(result: Ptr): Ptr;
  rm_result_metrics_len(result: Ptr): number;
  rm_result_binary_count(result: Ptr): number;
  rm_result_binary_data(result: Ptr, index: number): Ptr;
  rm_result_binary_len(result: Ptr, index: number): number;
  rm_result_free(result: Ptr): void;
  rm_bundle_open(options: Ptr, optionsLen: number, data: Ptr, len: number, out: Ptr): number;
  rm_bundle_info(bundle: Ptr): Ptr;
  rm_bundle_info_len(bundle: Ptr): number;
  rm_bundle_file_data(bundle: Ptr, index: number): Ptr;
  rm_bundle_file_len(bundle: Ptr, index: number): number;
  rm_bundle_free(bundle: Ptr): void;
}

/** The exports a module must have to be the runtime library (tests build fakes from this list). */
export const REQUIRED_EXPORTS: ReadonlyArray<keyof RuntimeExports> = [
  '_initialize', 'rm_abi_version', 'rm_alloc', 'rm_free', 'rm_last_error', 'rm_last_error_len',
  'rm_runtime_create', 'rm_runtime_free', 'rm_run', 'rm_pipeline_create', 'rm_pipeline_push',
  'rm_pipeline_push_to', 'rm_pipeline_push_tensor', 'rm_pipeline_push_audio', 'rm_pipeline_flush',
  'rm_pipeline_drain', 'rm_pipeline_state', 'rm_pipeline_free', 'rm_result_data', 'rm_result_len',
  'rm_result_exit_code', 'rm_result_binary_count', 'rm_result_binary_data', 'rm_result_binary_len',
  'rm_result_free', 'rm_bundle_open', 'rm_bundle_info', 'rm_bundle_info_len', 'rm_bundle_file_data',
  'rm_bundle_file_len', 'rm_bundle_free', 'rm_runtime_set_progress_callback', 'rm_host_progress_callback',
];

/** The exports, or the names the module lacks. */
export function checkExports(exports: WebAssembly.Exports): { exports: RuntimeExports } | { missing: string[] } {
  const missing: string[] = REQUIRED_EXPORTS.filter((name) => typeof exports[name] !== 'function');
  if (!(exports.memory instanceof WebAssembly.Memory)) missing.unshift('memory');
  return missing.length ? { missing } : { exports: exports as unknown as RuntimeExports };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The exact UTF-8 length of `text` (lone surrogates count as the 3 bytes of U+FFFD). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/** Linear-memory access for one instance. Every view is made fresh: a call that grows memory
 * detaches the old ArrayBuffer. */
export class Memory {
  constructor(private readonly x: RuntimeExports) {}

  bytes(): Uint8Array { return new Uint8Array(this.x.memory.buffer); }
  view(): DataView { return new DataView(this.x.memory.buffer); }

  /** rm_alloc(max(size, 1)), or a thrown out_of_memory. The caller owns the block. */
  alloc(size: number): number {
    const ptr = this.x.rm_alloc(Math.max(size, 1)) >>> 0;
    if (ptr === 0) throw new RemoteMediaError('out_of_memory', `rm_alloc(${size}) failed: the wasm memory is full`, { exitCode: EXIT_RUN_FAILURE });
    return ptr;
  }

  /** Copies `data` (bytes, or text as UTF-8) into a new block: {ptr, len}, owned by the caller. */
  put(data: string | Uint8Array): { ptr: number; len: number } {
    if (typeof data !== 'string') {
      const ptr = this.alloc(data.byteLength);
      this.bytes().set(data, ptr);
      return { ptr, len: data.byteLength };
    }
    // Short texts: the worst case (3 bytes per UTF-16 unit); long ones: their exact length, so a
    // big document does not leave a 3x high-water mark in memory that never shrinks.
    const size = data.length < 65536 ? data.length * 3 : utf8Length(data);
    const ptr = this.alloc(size);
    const { written } = encoder.encodeInto(data, this.bytes().subarray(ptr, ptr + size));
    return { ptr, len: written };
  }

  /** Runs `fn` with `data` in linear memory, then frees it. */
  with<T>(data: string | Uint8Array, fn: (ptr: number, len: number) => T): T {
    const { ptr, len } = this.put(data);
    try {
      return fn(ptr, len);
    } finally {
      this.x.rm_free(ptr);
    }
  }

  text(ptr: number, len: number): string {
    return len === 0 ? '' : decoder.decode(this.bytes().subarray(ptr >>> 0, (ptr >>> 0) + (len >>> 0)));
  }

  /** A copy of `len` bytes at `ptr`, in its own (aligned) ArrayBuffer. */
  copy(ptr: number, len: number): Uint8Array {
    return this.bytes().slice(ptr >>> 0, (ptr >>> 0) + (len >>> 0));
  }

  u32(ptr: number): number { return this.view().getUint32(ptr, true); }
}

/** The error of a failed call: rm_last_error's document as a RemoteMediaError. The exit code is
 * docs/errors.md's for the category: refused input or arguments (RM_INVALID_INPUT,
 * RM_INVALID_ARGUMENT) 2, everything else (a run failure, a wrong state, no memory) 1. */
export function lastError(x: RuntimeExports, memory: Memory, status: number, call: string): RemoteMediaError {
  const text = memory.text(x.rm_last_error(), x.rm_last_error_len());
  const exitCode = status === RM_INVALID_INPUT || status === RM_INVALID_ARGUMENT ? EXIT_INVALID_INPUT : EXIT_RUN_FAILURE;
  if (text === '') {
    return new RemoteMediaError('wasm_host_failed', `${call} failed with status ${status} and no error document`, { exitCode });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return new RemoteMediaError('wasm_host_failed', `${call} failed with status ${status}; its error document is not JSON: ${text.slice(0, 200)}`, { exitCode });
  }
  return RemoteMediaError.fromDocument(doc, exitCode);
}

/** The C ABI version `module` declares in its custom section "remotemedia.abi_version" (decimal
 * text; scripts/lib/add_wasm_custom_section.py adds it at build time), or 0 when it declares none.
 * Read without instantiating the module. */
export function declaredAbiVersion(module: WebAssembly.Module): number {
  const sections = WebAssembly.Module.customSections(module, 'remotemedia.abi_version');
  if (sections.length !== 1) return 0;
  const text = new TextDecoder().decode(sections[0]);
  return /^[0-9]{1,6}$/.test(text) ? Number(text) : 0;
}
