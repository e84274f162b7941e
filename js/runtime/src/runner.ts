// PipelineRunner: the package's front door. One persistent instance of the runtime (CPython
// started once), in this thread or - with `worker` / `timeoutMs` - in a Web Worker /
// worker_threads Worker behind the same API.
import {
  type PipelineDocument, type PipelineResult, documentText, manifestText, resultOf,
} from './documents.js';
import { type Engine, type EngineOptions, type RuntimeModule, LocalEngine, disposed } from './engine.js';
import { RemoteMediaError } from './errors.js';
import { isNode, nodeImport } from './env.js';
import type { Limits, NodeProgress, RawRun } from './instance.js';
import { RM_ABI_VERSION, declaredAbiVersion } from './abi.js';
import { type LoadProgress, type RuntimeSource, compileModule, loadRuntimeInto, readSource } from './loader.js';
import type { RunnerMetrics } from './metrics.js';
import {
  type InspectPackageOptions, type InspectedPackage, type LoadPackageOptions, type OpenedPackage, type PackageInfo, bundleOptionsJson, openedPackage,
  packageBytes,
} from './package.js';
import { StreamingPipeline } from './streaming.js';
import type { FileMap } from './wasi/tree.js';
import { WorkerEngine } from './worker_engine.js';

export interface RunnerOptions {
  /** Run the module in a Web Worker (browsers) or a worker_threads Worker (Node). */
  worker?: boolean;
  /** A call (execute, push, flush) that takes longer ends with `timeout`: the worker is
   * terminated and made again for the next call. Implies `worker: true`. */
  timeoutMs?: number;
  /** The instance's linear memory does not grow past this (at least 64 MiB): an allocation
   * beyond it fails inside the call, which ends with `out_of_memory` (a Python MemoryError with
   * its traceback). Checked after each call too: a call that still leaves memory above it
   * fails the same way and the next call gets a fresh instance. */
  maxMemoryBytes?: number;
  /** Python's recursion limit (default 350, >= 50). */
  recursionLimit?: number;
  /** Start CPython when the first pipeline with a Python node is built, instead of in
   * initialize() (default false). Suits one-shot runs that are often C++ only: they never pay
   * CPython's start (the CLI's `run --target wasm` uses it). */
  lazyPython?: boolean;
  /** Defaults for every call's limits: the CLI's --max-input-bytes, --max-output-items,
   * --max-output-bytes. A call's own `limits` win. One runtime serves calls with any limits. */
  limits?: Limits;
  /** Receives what the guest writes to fd 1 / 2 (nodes' prints, runtime notes), as UTF-8 text.
   * Default: dropped. Never part of a result. */
  stderr?: (text: string, fd: 1 | 2) => void;
  /** Download progress of initialize() (also dispatched as 'progress' events). */
  onProgress?: (progress: LoadProgress) => void;
  /** Progress nodes report during a call (WhisperNode: percent of each item transcribed), as it
   * happens; also dispatched as 'nodeprogress' events. With `worker`, it arrives while the call
   * runs; in this thread, the call blocks the thread, so listeners run inside it (a page cannot
   * repaint until the call returns: use a worker for a progress bar). */
  onNodeProgress?: (progress: NodeProgress) => void;
}

export interface CallOptions {
  limits?: Limits;
}

/** executeRaw's options: the CLI's `validate` command and `--metrics` flag as well. */
export interface RawCallOptions extends CallOptions {
  /** Parse, validate and build every node, run none (`remotemedia validate`). */
  validate?: boolean;
  /** Also return the CLI's `{"metrics": ...}` line (per-node counts and timings) as `metrics`. */
  metrics?: boolean;
}

/** The 'nodeprogress' event of a runner; `detail` is the NodeProgress. */
export class NodeProgressEvent extends Event {
  constructor(readonly detail: NodeProgress) {
    super('nodeprogress');
  }
}

/** The 'progress' event of a runner; `detail` is the LoadProgress. */
export class RunnerProgressEvent extends Event {
  constructor(readonly detail: LoadProgress) {
    super('progress');
  }
}

function stderrSink(callback: RunnerOptions['stderr']): EngineOptions['stderr'] {
  if (!callback) return undefined;
  const decoders = { 1: new TextDecoder(), 2: new TextDecoder() };
  return (bytes, fd) => callback(decoders[fd].decode(bytes, { stream: true }), fd);
}

export class PipelineRunner extends EventTarget {
  private readonly options: RunnerOptions;
  private readonly engine: Engine;
  private initialized: Promise<void> | null = null;
  // The runner's own (loaded) module and stdlib once known.
  private ownRuntime: RuntimeModule | null = null;
  // The default module, loaded (not instantiated) to read a bundle before initialize() ran;
  // initialize() without a source then starts it instead of loading it again.
  private defaultRuntime: RuntimeModule | null = null;
  private isDisposed = false;
  private currentPackage: PackageInfo | null = null;

  constructor(options: RunnerOptions = {}) {
    super();
    this.options = { ...options };
    const engineOptions: EngineOptions = {
      recursionLimit: options.recursionLimit,
      lazyPython: options.lazyPython,
      limits: options.limits,
      maxMemoryBytes: options.maxMemoryBytes,
      stderr: stderrSink(options.stderr),
      progress: (progress) => {
        try {
          this.options.onNodeProgress?.(progress);
        } catch {
          // A failing listener does not fail the call it listens to.
        }
        this.dispatchEvent(new NodeProgressEvent(progress));
      },
    };
    if (options.timeoutMs !== undefined && !(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) {
      throw new RemoteMediaError('invalid_argument', `timeoutMs must be a positive number of milliseconds, not ${String(options.timeoutMs)}`, { exitCode: 2 });
    }
    const inWorker = options.worker === true || options.timeoutMs !== undefined;
    this.engine = inWorker ? new WorkerEngine(engineOptions, options.timeoutMs) : new LocalEngine(engineOptions);
  }

  /** True when the module runs in a worker. */
  get worker(): boolean {
    return this.engine instanceof WorkerEngine;
  }

  /**
   * Loads the module and stdlib (default: the package's own files next to dist/), compiles the
   * module once, instantiates it and starts CPython. `source`: the module's URL or path, its
   * bytes or a compiled WebAssembly.Module, or {module, stdlib}. Calling it again replaces the
   * module (and the instance). Rejects with `wasm_target_unavailable` (cannot fetch/read),
   * `invalid_runtime_module` (does not compile, or is not the runtime library) or the runtime's
   * error when CPython cannot start.
   */
  initialize(source?: RuntimeSource): Promise<void> {
    return this.start(source ?? this.defaultRuntime ?? undefined, 'own');
  }

  // Loads `source` into the engine (a fresh instance). `which` records whose module it is: the
  // runner's own (initialize) is remembered, so that a later package without a usable module of
  // its own runs on it again.
  private start(source: RuntimeSource | undefined, which: 'own' | 'package'): Promise<void> {
    if (this.isDisposed) return Promise.reject(disposed());
    const attempt = (async () => {
      if (isNode) await relaxNodeFlags();
      await this.engine.initialize(source, (progress) => {
        this.options.onProgress?.(progress);
        this.dispatchEvent(new RunnerProgressEvent(progress));
      });
      if (which === 'own') this.ownRuntime = this.engine.runtime;
    })();
    // A failed initialize can be retried.
    this.initialized = attempt.catch((error) => {
      this.initialized = null;
      throw error;
    });
    return this.initialized;
  }

  private ready(): Promise<void> {
    if (this.isDisposed) return Promise.reject(disposed());
    return this.initialized ?? this.initialize();
  }

  /**
   * Runs a pipeline document exactly as `remotemedia run` does and returns what it prints:
   * `stdout` (one JSON document and "\n", byte for byte the CLI's) and the CLI's exit code. A
   * failed run, a trap or a timeout is still a result here (the document the CLI prints for it);
   * only a runner that cannot run anything (not loadable, disposed) rejects. `document` may be
   * bytes, for input that is not valid UTF-8.
   */
  async executeRaw(document: string | Uint8Array, options: RawCallOptions = {}): Promise<RawRun> {
    await this.ready();
    return this.engine.runRaw(document, { limits: options.limits, validate: options.validate === true, metrics: options.metrics === true }, 'cli');
  }

  /**
   * Runs `manifest` (an object or JSON text, or a {manifest, input_data} envelope) with
   * `inputData` (replacing the envelope's input_data when given). Resolves with the success
   * document, values decoded (tensors as TypedArrays with shape and dtype, audio as {sampleRate,
   * channels, samples}, bytes as Uint8Array, ints beyond 2^53 as BigInt); rejects with a
   * RemoteMediaError carrying the error document otherwise.
   */
  async execute(manifest: PipelineDocument, inputData?: unknown[], options: CallOptions = {}): Promise<PipelineResult> {
    const text = documentText(manifest, inputData);
    await this.ready();
    const { stdout, exitCode } = await this.engine.runRaw(text, { limits: options.limits }, 'js');
    return resultOf(stdout, exitCode);
  }

  /** Opens a streaming pipeline on `manifest` (an envelope's input_data must be absent or empty). */
  async createPipeline(manifest: PipelineDocument, options: CallOptions = {}): Promise<StreamingPipeline> {
    const text = manifestText(manifest);
    await this.ready();
    const { id, info } = await this.engine.createPipeline(typeof text === 'string' ? text : new TextDecoder().decode(text), options.limits);
    return new StreamingPipeline(this.engine, id, info);
  }

  /** Replaces what the guest sees under /pipeline (Python module files that manifests name
   * relative to it): {"nodes/x.py": text or bytes}. */
  async setPipelineFiles(files: FileMap): Promise<void> {
    await this.ready();
    await this.engine.mount('pipeline', files);
  }

  /**
   * Registers `bytes` as the resource "resource:NAME" that nodes of later pipelines may name
   * (e.g. a model the page fetched itself; docs/c_api.md#resources). It stays registered for the
   * runner's life, also on the instances that replace one after a trap; registering a name again
   * replaces it for later pipelines. A name that is not 1..256 of [A-Za-z0-9._-] is
   * `invalid_argument`. The bytes are copied into the module's memory once.
   */
  async addResource(name: string, bytes: Uint8Array | ArrayBuffer): Promise<void> {
    await this.ready();
    await this.engine.addResource(name, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  }

  /** Replaces what the guest sees under /models. */
  async setModelFiles(files: FileMap): Promise<void> {
    await this.ready();
    await this.engine.mount('models', files);
  }

  /**
   * Node only: the guest sees the host directory `path` as /pipeline, read-only and read on
   * demand (a file is opened when a node first opens it; nothing is copied up front). Host
   * symbolic links are never followed or shown. Rejects with `io_error` when `path` is not a
   * directory, `invalid_argument` outside Node. docs/js.md#host-directories.
   */
  async setPipelineDirectory(path: string): Promise<void> {
    await this.ready();
    await this.engine.mountDirectory('pipeline', path);
  }

  /** Node only: the host directory `path` as /models, with setPipelineDirectory's rules. */
  async setModelDirectory(path: string): Promise<void> {
    await this.ready();
    await this.engine.mountDirectory('models', path);
  }

  /**
   * Reads and verifies an .rmpkg (a URL/path, or its bytes) with the reader `remotemedia verify`
   * runs (the runtime module's rm_bundle_open: the same rules and `bundle_*` codes), mounts its
   * files (/pipeline, /models) and remembers its pipeline for runPackage(). With `publicKey`, a
   * valid signature is required. A bundle packed with its runtime (`pack --with-runtime`) runs in
   * the reactor it carries, with its stdlib, when that reactor declares this package's C ABI
   * version; otherwise (no module, another version) the runner's own module runs it.
   * `info.runtimeModule` says which. Either way the package runs on a fresh instance, as after
   * initialize() (resources and mounts carry over, the package's files replace /pipeline and
   * /models): what earlier pipelines did to the old instance cannot reach it
   * (docs/js.md#trust-model). Bundles are always read by the runner's own module, never by a
   * package's.
   */
  async loadPackage(rmpkg: string | URL | ArrayBuffer | Uint8Array, options: LoadPackageOptions = {}): Promise<PackageInfo> {
    const { info, pipeline, models, runtime } = await this.readPackage(rmpkg, { ...options, expectedTarget: 'wasm32-wasi' });
    const module = runtime ? await compileModule(runtime.module, "the bundle's modules/remotemedia_runtime.wasm") : null;
    // Every package starts on a fresh instance (docs/js.md#trust-model): nothing an earlier
    // pipeline or package did to the old instance's memory reaches it.
    if (module && declaredAbiVersion(module) === RM_ABI_VERSION) {
      await this.start(runtime!.stdlib ? { module, stdlib: runtime!.stdlib } : { module }, 'package');
      info.runtimeModule = 'bundle';
    } else {
      await this.start(this.ownRuntime ?? this.defaultRuntime ?? undefined, 'own');
    }
    await this.engine.mount('pipeline', pipeline);
    await this.engine.mount('models', models);
    this.currentPackage = info;
    return info;
  }

  /**
   * Reads and verifies an .rmpkg as loadPackage() does (any runtime_target unless
   * `expectedTarget` is given), and only returns what it holds - its facts and, as `contents`,
   * every file's bytes: nothing is mounted or run, and the instance is left as it is. Rejects
   * with the reader's `bundle_*` error, as `remotemedia verify` prints it.
   */
  async inspectPackage(rmpkg: string | URL | ArrayBuffer | Uint8Array, options: InspectPackageOptions = {}): Promise<InspectedPackage> {
    const { info, contents } = await this.readPackage(rmpkg, options);
    return { ...info, contents };
  }

  private async readPackage(rmpkg: unknown, options: InspectPackageOptions): Promise<OpenedPackage> {
    if (this.isDisposed) throw disposed();
    const bytes = typeof rmpkg === 'string' || rmpkg instanceof URL ? await readSource(rmpkg, 'bundle') : packageBytes(rmpkg);
    const optionsJson = bundleOptionsJson(options);
    return openedPackage(await this.engine.openBundle(await this.ownModule(), bytes, optionsJson));
  }

  // The runner's own module and stdlib, which read every bundle: a package's module is not
  // trusted to check the next package. Before initialize() has run, the default module is
  // loaded without an instance (initialize() then starts that one).
  private async ownModule(): Promise<RuntimeModule> {
    if (this.initialized) await this.initialized.catch(() => undefined);
    if (this.ownRuntime) return this.ownRuntime;
    this.defaultRuntime ??= await loadRuntimeInto(this.engine.metrics, undefined, (progress) => {
      this.options.onProgress?.(progress);
      this.dispatchEvent(new RunnerProgressEvent(progress));
    });
    return this.defaultRuntime;
  }

  /** The package loadPackage loaded last, or null. */
  get package(): PackageInfo | null {
    return this.currentPackage;
  }

  /** Runs the loaded package's pipeline (with `inputData` instead of its own, when given). */
  async runPackage(inputData?: unknown[], options: CallOptions = {}): Promise<PipelineResult> {
    if (!this.currentPackage) {
      throw new RemoteMediaError('invalid_argument', 'no package is loaded (call loadPackage() first)', { exitCode: 2 });
    }
    return this.execute(this.currentPackage.documentText, inputData, options);
  }

  /** What the runner measured so far (a snapshot). */
  get metrics(): RunnerMetrics {
    return { ...this.engine.metrics };
  }

  /** Frees the instance (terminates the worker). Later calls reject. */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.engine.dispose();
  }
}

// Node 20 can abort in V8 under heavy wasm memory growth (nodejs/node#46777) unless fast API
// calls are off; the CLI's wasm host sets the same flag.
let relaxed = false;
async function relaxNodeFlags(): Promise<void> {
  if (relaxed) return;
  relaxed = true;
  try {
    const v8 = await nodeImport<typeof import('node:v8')>('node:v8');
    v8.setFlagsFromString('--no-turbo-fast-api-calls');
  } catch {
    // Not Node's v8 module: nothing to relax.
  }
}
