// One instance of the reactor: its WASI host, its exports, the one runtime made in it (which
// boots CPython; limits are options of each call) and its pipelines.
//
// A call that throws out of the module (a trap, V8's stack exhaustion, an exit) leaves the
// instance's state unknown: the instance marks itself dead, every later call on it fails with
// the error it died of, and the engine makes a fresh one. A RemoteMediaError made on the JS side
// before anything reached the module (a bad argument, a full memory at rm_alloc) leaves it alive.
import {
  type RuntimeExports, Memory, RM_ABI_VERSION, RM_DRAIN_BINARY, RM_OK, checkExports, lastError,
} from './abi.js';
import { RemoteMediaError } from './errors.js';
import { EXIT_INVALID_INPUT, EXIT_RUN_FAILURE, errorForThrow } from './host_documents.js';
import { type MountName, WasiHost } from './wasi/host.js';
import type { ReadOnlyDirectory } from './wasi/readonly_fs.js';
import type { OutputSink } from './wasi/stdio.js';

/** The limits of one call (the call options of c_api.h; the CLI's flags). */
export interface Limits {
  maxInputBytes?: number;
  maxOutputItems?: number;
  maxOutputBytes?: number;
}

/** The options of one rm_run: its limits, and the CLI's validate / --metrics. */
export interface RunOptions {
  limits?: Limits | undefined;
  validate?: boolean | undefined;
  metrics?: boolean | undefined;
}

/** What one rm_run printed. */
export interface RawRun {
  stdout: string;
  exitCode: number;
  /** With the `metrics` option: the CLI's `{"metrics": ...}` line (no newline). */
  metrics?: string;
}

/** One drain: the JSON object {"<sink>": [values]} and the binary payloads it refers to. */
export interface RawOutputs {
  json: string;
  binaries: Uint8Array[];
}

/** What rm_bundle_open read: rm_bundle_info's JSON and every file's bytes, in its order. */
export interface OpenedBundle {
  info: string;
  files: Uint8Array[];
}

/** A value to push: JSON text, or a tensor / audio passed as bytes. With `collect: false` the push
 * leaves what it produced in the sinks for a later drain (and resolves with nothing). */
export type PushPayload = { collect?: boolean | undefined } & (
  | { kind: 'json'; sourceId?: string | undefined; json: string }
  | { kind: 'tensor'; sourceId?: string | undefined; dtype: number; shape: number[]; data: Uint8Array }
  | { kind: 'audio'; sourceId?: string | undefined; sampleRate: number; channels: number; startFrame: number; samples: Float32Array });

/** Which outputs a drain takes: the sinks named (all when absent), and at most `maxItems` of
 * each, the oldest first (all when absent). */
export interface DrainSelection {
  sinks?: string[] | undefined;
  maxItems?: number | undefined;
}

const NOTHING: RawOutputs = { json: '{}', binaries: [] };

/** How a call's messages name the option that lifts a limit: as the CLI does
 * ("--max-output-items", for executeRaw's CLI bytes) or as this package does
 * ("limits.maxOutputItems"). */
export type OptionNames = 'cli' | 'js';

const OPTION_NAMES: Record<OptionNames, Record<string, string>> = {
  cli: { max_input_bytes: '--max-input-bytes', max_output_items: '--max-output-items', max_output_bytes: '--max-output-bytes' },
  js: { max_input_bytes: 'limits.maxInputBytes', max_output_items: 'limits.maxOutputItems', max_output_bytes: 'limits.maxOutputBytes' },
};

export interface InstanceOptions {
  recursionLimit?: number | undefined;
  /** Start CPython at the first Python node rather than when the runtime is made. */
  lazyPython?: boolean | undefined;
  /** The cap on the instance's linear memory (the runtime option max_memory_bytes). */
  maxMemoryBytes?: number | undefined;
  /** Bytes registered as "resource:NAME" (rm_runtime_add_resource) when the runtime is made. */
  resources?: ReadonlyMap<string, Uint8Array> | undefined;
  sink?: OutputSink | undefined;
  /** Receives the progress nodes report while a call runs (default: not asked for). */
  progress?: ProgressSink | undefined;
}

/** Progress a node reported while a call ran (WhisperNode: percent of the item it transcribes):
 * node `nodeId` has done `done` of `total` units. */
export interface NodeProgress {
  nodeId: string;
  done: number;
  total: number;
}

export type ProgressSink = (progress: NodeProgress) => void;

export interface InstanceTimings {
  instantiateMs: number;
  initMs: number;
}

const now = (): number => performance.now();

function callOptionsJson(limits: Limits, names: OptionNames, flags: Record<string, boolean> = {}): string {
  const options: Record<string, unknown> = { ...flags };
  const integer = (name: string, value: number | undefined) => {
    if (value === undefined) return;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RemoteMediaError('invalid_option', `${OPTION_NAMES.js[name]} needs a whole number of at least 1, not ${String(value)}`, { exitCode: EXIT_INVALID_INPUT });
    }
    options[name] = value;
  };
  integer('max_input_bytes', limits.maxInputBytes);
  integer('max_output_items', limits.maxOutputItems);
  integer('max_output_bytes', limits.maxOutputBytes);
  options['option_names'] = OPTION_NAMES[names];
  return JSON.stringify(options);
}

export class Instance {
  readonly host: WasiHost;
  readonly timings: InstanceTimings;
  private readonly x: RuntimeExports;
  private readonly memory: Memory;
  private readonly slot: number;
  /** A block audio pushes are copied through (rm_pipeline_push_audio_copy), kept and grown. */
  private staging = { ptr: 0, size: 0 };
  private runtimeHandle = 0;
  private readonly pipelines = new Set<number>();
  private readonly runtimeOptions: string;
  /** Why the instance is unusable, once it is. */
  dead: RemoteMediaError | null = null;

  private constructor(host: WasiHost, x: RuntimeExports, options: InstanceOptions, timings: InstanceTimings) {
    this.host = host;
    this.x = x;
    this.memory = new Memory(x);
    const runtime: Record<string, unknown> = {};
    if (options.recursionLimit !== undefined) runtime['recursion_limit'] = options.recursionLimit;
    if (options.lazyPython) runtime['start_python'] = false;
    if (options.maxMemoryBytes !== undefined) runtime['max_memory_bytes'] = options.maxMemoryBytes;
    this.runtimeOptions = JSON.stringify(runtime);
    this.timings = timings;
    this.slot = this.memory.alloc(16);
  }

  /** Instantiates `module`, runs _initialize (wasi-libc's preopen scan) and creates the first
   * runtime (CPython's start). Throws `invalid_runtime_module` for a module that is not the
   * runtime library, or the runtime's error when it cannot start. */
  static async create(module: WebAssembly.Module, stdlib: Uint8Array, mounts: ReadonlyMap<MountName, ReadOnlyDirectory>,
    options: InstanceOptions): Promise<Instance> {
    const host = new WasiHost(stdlib, options.sink);
    // remotemedia.progress (rm_progress_callback's parameters, the 64-bit ones as BigInt): called
    // from inside a call, so it reads the node id before anything can grow memory.
    let instance: Instance | null = null;
    const reportProgress = (_userData: number, nodeId: number, nodeIdLen: number, done: bigint, total: bigint): void => {
      const sink = options.progress;
      if (!sink || !instance) return;
      const progress = { nodeId: instance.memory.text(nodeId, nodeIdLen), done: Number(done), total: Number(total) };
      try {
        sink(progress);
      } catch {
        // Nothing may unwind through the module: the call it interrupts would be lost.
      }
    };
    for (const [name, tree] of mounts) host.mountTree(name, tree);
    const started = now();
    let raw: WebAssembly.Instance;
    try {
      raw = await WebAssembly.instantiate(module, { ...host.imports, remotemedia: { progress: reportProgress } });
    } catch (error) {
      // V8 reserves address space for every wasm memory (several GiB with its guard regions):
      // under an address-space limit (ulimit -v) a valid module cannot get it. The host failed,
      // not the module.
      if (error instanceof RangeError) {
        throw new RemoteMediaError('wasm_host_failed', `the host cannot allocate the module's memory (${error.message}); `
          + 'V8 reserves address space for wasm memory: a process address-space limit (ulimit -v) below about 12 GiB prevents it',
        { exitCode: EXIT_RUN_FAILURE, cause: error });
      }
      throw new RemoteMediaError('invalid_runtime_module', `the runtime module cannot be instantiated: ${(error as Error).message}`,
        { exitCode: EXIT_INVALID_INPUT, cause: error });
    }
    const checked = checkExports(raw.exports);
    if ('missing' in checked) {
      throw new RemoteMediaError('invalid_runtime_module',
        `the module is not the RemoteMedia runtime library (a WASI reactor with the C ABI of c_api.h): it exports no ${checked.missing.join(', ')}`,
        { exitCode: EXIT_INVALID_INPUT });
    }
    const x = checked.exports;
    const instantiated = now();
    try {
      host.wasi.initialize(raw as unknown as { exports: { memory: WebAssembly.Memory; _initialize?: () => unknown } });
    } catch (error) {
      throw errorForThrow(error, '_initialize');
    }
    const version = x.rm_abi_version() >>> 0;
    if (version !== RM_ABI_VERSION) {
      throw new RemoteMediaError('invalid_runtime_module', `the module's C ABI is version ${version}; this package speaks version ${RM_ABI_VERSION}`,
        { exitCode: EXIT_INVALID_INPUT });
    }
    instance = new Instance(host, x, options, { instantiateMs: instantiated - started, initMs: 0 });
    const booting = now();
    instance.createRuntime();
    if (options.progress) instance.reportProgress();
    instance.timings.initMs = now() - booting;
    for (const [name, bytes] of options.resources ?? []) instance.addResource(name, bytes);
    return instance;
  }

  get memoryBytes(): number {
    return this.x.memory.buffer.byteLength;
  }

  get pipelineCount(): number {
    return this.pipelines.size;
  }

  // Runs `fn` against the module. A throw that did not come from our own checks kills the
  // instance.
  private guard<T>(during: string, fn: () => T): T {
    if (this.dead) throw this.dead;
    try {
      return fn();
    } catch (error) {
      if (error instanceof RemoteMediaError) throw error;
      this.dead = errorForThrow(error, during);
      throw this.dead;
    }
  }

  private check(status: number, call: string): void {
    if (status !== RM_OK) throw lastError(this.x, this.memory, status, call);
  }

  // The instance's one runtime (rm_runtime_create boots CPython).
  private createRuntime(): void {
    const options = this.runtimeOptions;
    this.guard('rm_runtime_create', () => {
      const status = this.memory.with(options, (ptr, len) => this.x.rm_runtime_create(ptr, len, this.slot));
      this.check(status, 'rm_runtime_create');
      this.runtimeHandle = this.memory.u32(this.slot);
    });
  }

  // Asks the runtime for its calls' progress, through the reactor's import (see create()).
  private reportProgress(): void {
    this.guard('rm_runtime_set_progress_callback', () => {
      this.check(this.x.rm_runtime_set_progress_callback(this.runtimeHandle, this.x.rm_host_progress_callback(), 0), 'rm_runtime_set_progress_callback');
    });
  }

  /** rm_runtime_add_resource: `bytes` (copied into linear memory once, then adopted) become
   * "resource:NAME" for the nodes of later pipelines. */
  addResource(name: string, bytes: Uint8Array): void {
    const add = this.x.rm_runtime_add_resource;
    if (typeof add !== 'function') {
      throw new RemoteMediaError('invalid_runtime_module', 'the runtime module has no rm_runtime_add_resource (an older C ABI)', { exitCode: EXIT_INVALID_INPUT });
    }
    this.guard('rm_runtime_add_resource', () => {
      const data = this.memory.put(bytes);
      // Ownership of the data block passes to the runtime on every return.
      const status = this.memory.with(name, (ptr, len) => add(this.runtimeHandle, ptr, len, data.ptr, data.len));
      this.check(status, 'rm_runtime_add_resource');
    });
  }

  /** rm_bundle_open over `bytes` (copied into linear memory once, then adopted by the reader):
   * the bundle's info JSON (c_api.h, rm_bundle_info) and copies of its files, in the order of
   * its "files". A bundle the reader refuses throws its RemoteMediaError (a bundle_* code). */
  openBundle(bytes: Uint8Array, options: string): OpenedBundle {
    return this.guard('rm_bundle_open', () => {
      const data = this.memory.put(bytes);
      // Ownership of the data block passes to the reader on every return.
      const status = this.memory.with(options, (ptr, len) => this.x.rm_bundle_open(ptr, len, data.ptr, data.len, this.slot));
      this.check(status, 'rm_bundle_open');
      const bundle = this.memory.u32(this.slot);
      try {
        const info = this.memory.text(this.x.rm_bundle_info(bundle), this.x.rm_bundle_info_len(bundle));
        const count = (JSON.parse(info) as { files: unknown[] }).files.length;
        const files: Uint8Array[] = [];
        for (let i = 0; i < count; i++) {
          files.push(this.memory.copy(this.x.rm_bundle_file_data(bundle, i), this.x.rm_bundle_file_len(bundle, i)));
        }
        return { info, files };
      } finally {
        this.x.rm_bundle_free(bundle);
      }
    });
  }

  /** rm_run: the CLI's stdout and exit code for `doc` (and its metrics line, when asked). */
  run(doc: string | Uint8Array, run: RunOptions, names: OptionNames): RawRun {
    const flags: Record<string, boolean> = {};
    if (run.validate) flags['validate'] = true;
    if (run.metrics) flags['metrics'] = true;
    const options = callOptionsJson(run.limits ?? {}, names, flags);
    return this.guard('rm_run', () => {
      const status = this.memory.with(doc, (ptr, len) => this.memory.with(options, (optPtr, optLen) =>
        this.x.rm_run(this.runtimeHandle, ptr, len, optPtr, optLen, this.slot)));
      if (status !== RM_OK) {
        // No result could be made: the error document is what there is to print.
        const error = lastError(this.x, this.memory, status, 'rm_run');
        return { stdout: JSON.stringify(error.result) + '\n', exitCode: EXIT_RUN_FAILURE };
      }
      const result = this.memory.u32(this.slot);
      try {
        const raw: RawRun = {
          stdout: this.memory.text(this.x.rm_result_data(result), this.x.rm_result_len(result)),
          exitCode: this.x.rm_result_exit_code(result),
        };
        if (run.metrics) raw.metrics = this.memory.text(this.x.rm_result_metrics(result), this.x.rm_result_metrics_len(result));
        return raw;
      } finally {
        this.x.rm_result_free(result);
      }
    });
  }

  /** rm_pipeline_create: the pipeline's handle and its graph_info JSON. */
  createPipeline(manifest: string | Uint8Array, limits: Limits): { handle: number; info: string } {
    const options = callOptionsJson(limits, 'js');
    return this.guard('rm_pipeline_create', () => {
      const status = this.memory.with(manifest, (ptr, len) => this.memory.with(options, (optPtr, optLen) =>
        this.x.rm_pipeline_create(this.runtimeHandle, ptr, len, optPtr, optLen, this.slot)));
      this.check(status, 'rm_pipeline_create');
      const handle = this.memory.u32(this.slot);
      this.pipelines.add(handle);
      const info = typeof this.x.rm_pipeline_info === 'function'
        ? this.memory.text(this.x.rm_pipeline_info(handle), this.x.rm_pipeline_info_len(handle)) : '';
      return { handle, info };
    });
  }

  private known(handle: number): void {
    if (!this.pipelines.has(handle)) {
      throw new RemoteMediaError('pipeline_state', 'the pipeline was closed', { exitCode: EXIT_RUN_FAILURE });
    }
  }

  /** Pushes one value and drains what it produced (unless payload.collect is false). */
  push(handle: number, payload: PushPayload): RawOutputs {
    this.known(handle);
    return this.guard('rm_pipeline_push', () => {
      this.check(this.pushOne(handle, payload), 'rm_pipeline_push');
      return payload.collect === false ? NOTHING : this.drainNow(handle);
    });
  }

  /** Flushes (end of stream) and drains what that produced. */
  flush(handle: number): RawOutputs {
    this.known(handle);
    return this.guard('rm_pipeline_flush', () => {
      this.check(this.x.rm_pipeline_flush(handle), 'rm_pipeline_flush');
      return this.drainNow(handle);
    });
  }

  /** What reached the sinks and was not drained yet (e.g. before a failure), or the part of it
   * `selection` names. */
  drain(handle: number, selection?: DrainSelection): RawOutputs {
    this.known(handle);
    if (selection === undefined || (selection.sinks === undefined && !selection.maxItems)) {
      return this.guard('rm_pipeline_drain', () => this.drainNow(handle));
    }
    const drainSome = this.x.rm_pipeline_drain_some;
    if (drainSome === undefined) {
      throw new RemoteMediaError('invalid_argument', 'this runtime module has no partial drains (rm_pipeline_drain_some)', { exitCode: EXIT_INVALID_INPUT });
    }
    const maxItems = selection.maxItems ?? 0;
    if (!Number.isSafeInteger(maxItems) || maxItems < 0 || maxItems > 0x7fffffff) {
      throw new RemoteMediaError('invalid_argument', 'maxItems must be an integer in 0..2147483647', { exitCode: EXIT_INVALID_INPUT });
    }
    const sinks = selection.sinks === undefined ? null : JSON.stringify(selection.sinks);
    return this.guard('rm_pipeline_drain_some', () => {
      const status = sinks === null
        ? drainSome(handle, 0, 0, maxItems, RM_DRAIN_BINARY, this.slot)
        : this.memory.with(sinks, (ptr, len) => drainSome(handle, ptr, len, maxItems, RM_DRAIN_BINARY, this.slot));
      this.check(status, 'rm_pipeline_drain_some');
      return this.takeResult();
    });
  }

  state(handle: number): number {
    this.known(handle);
    return this.guard('rm_pipeline_state', () => this.x.rm_pipeline_state(handle));
  }

  /** rm_pipeline_free. A handle that is not open here is ignored. */
  closePipeline(handle: number): void {
    if (!this.pipelines.delete(handle) || this.dead) return;
    this.guard('rm_pipeline_free', () => this.x.rm_pipeline_free(handle));
  }

  private pushOne(handle: number, payload: PushPayload): number {
    const m = this.memory;
    const x = this.x;
    const id = payload.sourceId === undefined ? null : m.put(payload.sourceId);
    try {
      const idPtr = id ? id.ptr : 0;
      const idLen = id ? id.len : 0;
      switch (payload.kind) {
        case 'json':
          return m.with(payload.json, (ptr, len) => (id ? x.rm_pipeline_push_to(handle, idPtr, idLen, ptr, len) : x.rm_pipeline_push(handle, ptr, len)));
        case 'tensor': {
          const shape = new BigInt64Array(payload.shape.map((d) => BigInt(d)));
          return m.with(new Uint8Array(shape.buffer), (shapePtr) => {
            // Ownership of the data block passes to the runtime on every return.
            const data = m.put(payload.data);
            return x.rm_pipeline_push_tensor(handle, idPtr, idLen, payload.dtype, shapePtr, payload.shape.length, data.ptr, data.len);
          });
        }
        case 'audio': {
          const s = payload.samples;
          const bytes = new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
          const copy = x.rm_pipeline_push_audio_copy;
          if (copy !== undefined) {
            // Copied through one kept block: no allocation per chunk on this side.
            const ptr = this.stage(bytes);
            return copy(handle, idPtr, idLen, BigInt(payload.sampleRate), payload.channels, BigInt(payload.startFrame), ptr, s.length);
          }
          const data = m.put(bytes);
          return x.rm_pipeline_push_audio(handle, idPtr, idLen, BigInt(payload.sampleRate), payload.channels, BigInt(payload.startFrame), data.ptr, s.length);
        }
        default:
          throw new RemoteMediaError('invalid_argument', 'unknown push payload', { exitCode: EXIT_INVALID_INPUT });
      }
    } finally {
      if (id) x.rm_free(id.ptr);
    }
  }

  /** `bytes` in the staging block (grown to fit, in powers of two); returns its address. */
  private stage(bytes: Uint8Array): number {
    if (bytes.byteLength > this.staging.size) {
      let size = Math.max(this.staging.size, 4096);
      while (size < bytes.byteLength) size *= 2;
      const ptr = this.memory.alloc(size);
      if (this.staging.ptr !== 0) this.x.rm_free(this.staging.ptr);
      this.staging = { ptr, size };
    }
    this.memory.bytes().set(bytes, this.staging.ptr);
    return this.staging.ptr;
  }

  private drainNow(handle: number): RawOutputs {
    this.check(this.x.rm_pipeline_drain(handle, RM_DRAIN_BINARY, this.slot), 'rm_pipeline_drain');
    return this.takeResult();
  }

  /** The rm_result the last call left in the slot, read and freed. */
  private takeResult(): RawOutputs {
    const result = this.memory.u32(this.slot);
    try {
      const json = this.memory.text(this.x.rm_result_data(result), this.x.rm_result_len(result));
      const count = this.x.rm_result_binary_count(result) >>> 0;
      const binaries: Uint8Array[] = [];
      for (let k = 0; k < count; k++) {
        binaries.push(this.memory.copy(this.x.rm_result_binary_data(result, k), this.x.rm_result_binary_len(result, k)));
      }
      return { json, binaries };
    } finally {
      this.x.rm_result_free(result);
    }
  }
}
