// The engine: everything that touches the module, on the thread it runs on. PipelineRunner
// drives it directly (in-thread) or through a worker (worker_engine.ts) with the same calls; both
// speak raw forms (texts and byte payloads) so that encoding and decoding happen once, on the
// caller's side.
import { RemoteMediaError } from './errors.js';
import { errorDocumentText, hostError, EXIT_RUN_FAILURE, EXIT_INVALID_INPUT } from './host_documents.js';
import { type DrainSelection, type Limits, type OpenedBundle, type OptionNames, type ProgressSink, type PushPayload, type RawOutputs, type RawRun, type RunOptions, Instance } from './instance.js';
import { type LoadProgress, type RuntimeSource, loadRuntimeInto } from './loader.js';
import { type RunnerMetrics, emptyMetrics } from './metrics.js';
import type { MountName } from './wasi/host.js';
import { HostDirectory, hostDirectory } from './wasi/host_directory.js';
import type { ReadOnlyDirectory } from './wasi/readonly_fs.js';
import type { OutputSink } from './wasi/stdio.js';
import { type FileMap, buildTree } from './wasi/tree.js';

export interface EngineOptions {
  /** Python's recursion limit (default: the runtime's, 350). */
  recursionLimit?: number | undefined;
  /** Start CPython at the first Python node rather than with each instance. */
  lazyPython?: boolean | undefined;
  /** Default limits for every call (a call may give its own). */
  limits?: Limits | undefined;
  /** After a call leaves wasm memory larger than this, the call fails with out_of_memory and
   * the instance is replaced before the next one (memory cannot shrink). */
  maxMemoryBytes?: number | undefined;
  /** Where the guest's fd 1 and 2 go (default: dropped). */
  stderr?: OutputSink | undefined;
  /** Where the progress nodes report goes (default: not asked for). */
  progress?: ProgressSink | undefined;
}

/** The calls PipelineRunner makes; implemented in-thread (LocalEngine) and over a worker. */
export interface Engine {
  initialize(source: RuntimeSource | undefined, onProgress?: (progress: LoadProgress) => void): Promise<void>;
  /** `names`: how messages name the limit options (the CLI's flags for executeRaw's bytes). */
  runRaw(doc: string | Uint8Array, options: RunOptions, names: OptionNames): Promise<RawRun>;
  createPipeline(manifest: string, limits?: Limits): Promise<{ id: number; info: string }>;
  push(id: number, payload: PushPayload): Promise<RawOutputs>;
  flush(id: number): Promise<RawOutputs>;
  drain(id: number, selection?: DrainSelection): Promise<RawOutputs>;
  closePipeline(id: number): Promise<void>;
  mount(name: MountName, files: FileMap): Promise<void>;
  /** Node only: mounts the host directory `path` read-only (wasi/host_directory.ts). */
  mountDirectory(name: MountName, path: string): Promise<void>;
  /** Registers `bytes` as "resource:NAME", on this instance and every one made after it. */
  addResource(name: string, bytes: Uint8Array): Promise<void>;
  /** Reads and verifies a bundle with `reader`'s rm_bundle_open, in an instance of its own that
   * is dropped afterwards (the running instance, and what it may have run, play no part). */
  openBundle(reader: RuntimeModule, bytes: Uint8Array, options: string): Promise<OpenedBundle>;
  readonly metrics: RunnerMetrics;
  /** The module and stdlib the last initialize() loaded (null before). */
  readonly runtime: RuntimeModule | null;
  dispose(): void;
}

/** A compiled runtime module and the stdlib zip its instances mount. */
export interface RuntimeModule {
  module: WebAssembly.Module;
  stdlib: Uint8Array;
}

/** rm_bundle_open in a fresh instance of `reader` that starts no Python and is dropped after the
 * call, so that its memory (the archive and the inflated files) goes with it. */
export async function openBundleWith(reader: RuntimeModule, bytes: Uint8Array, options: string): Promise<OpenedBundle> {
  const instance = await Instance.create(reader.module, reader.stdlib, new Map(), { lazyPython: true });
  return instance.openBundle(bytes, options);
}

const encoder = new TextEncoder();

export const notInitialized = () =>
  new RemoteMediaError('invalid_argument', 'the runner is not initialized (call initialize() first)', { exitCode: EXIT_INVALID_INPUT });
export const disposed = () =>
  new RemoteMediaError('invalid_argument', 'the runner was disposed', { exitCode: EXIT_INVALID_INPUT });

interface PipelineEntry {
  instance: Instance;
  handle: number;
}

/** Refuses a resource name the runtime would refuse, before anything is sent or kept. */
export function checkResourceName(name: string): void {
  if (!/^[A-Za-z0-9._-]{1,256}$/.test(name)) {
    throw new RemoteMediaError('invalid_argument', 'a resource name is 1 to 256 bytes of letters, digits, \'.\', \'_\' and \'-\'', { exitCode: EXIT_INVALID_INPUT });
  }
}

export class LocalEngine implements Engine {
  readonly metrics: RunnerMetrics = emptyMetrics();
  private loaded: RuntimeModule | null = null;
  private instance: Instance | null = null;
  private starting: Promise<Instance> | null = null;
  private readonly trees = new Map<MountName, ReadOnlyDirectory>();
  private readonly resources = new Map<string, Uint8Array>();
  private readonly pipelines = new Map<number, PipelineEntry>();
  private nextId = 1;
  private isDisposed = false;

  constructor(private readonly options: EngineOptions = {}) {}

  async initialize(source: RuntimeSource | undefined, onProgress?: (progress: LoadProgress) => void): Promise<void> {
    if (this.isDisposed) throw disposed();
    this.loaded = await loadRuntimeInto(this.metrics, source, onProgress);
    this.retire();
    await this.current();
  }

  get runtime(): RuntimeModule | null {
    return this.loaded;
  }

  // The live instance, made (once at a time) when there is none or the last one died.
  private async current(): Promise<Instance> {
    if (this.isDisposed) throw disposed();
    if (this.instance && !this.instance.dead) return this.instance;
    if (!this.loaded) throw notInitialized();
    if (!this.starting) {
      const { module, stdlib } = this.loaded;
      this.starting = Instance.create(module, stdlib, this.trees,
        { recursionLimit: this.options.recursionLimit, lazyPython: this.options.lazyPython, maxMemoryBytes: this.options.maxMemoryBytes, sink: this.options.stderr, progress: this.options.progress, resources: this.resources })
        .then((instance) => {
          this.instance = instance;
          this.metrics.instances += 1;
          this.metrics.instantiateMs = instance.timings.instantiateMs;
          this.metrics.initMs = instance.timings.initMs;
          this.noteMemory(instance);
          return instance;
        })
        .finally(() => { this.starting = null; });
    }
    return this.starting;
  }

  private retire(): void {
    this.instance = null;
  }

  private noteMemory(instance: Instance): void {
    const bytes = instance.memoryBytes;
    this.metrics.memoryBytes = bytes;
    if (bytes > this.metrics.peakMemoryBytes) this.metrics.peakMemoryBytes = bytes;
  }

  // Runs one timed call on `instance`. A call that leaves its memory over maxMemoryBytes fails
  // with out_of_memory (its result dropped) and retires the instance.
  private timed<T>(instance: Instance, fn: () => T): T {
    const started = performance.now();
    let value: T;
    try {
      value = fn();
    } finally {
      this.metrics.lastExecuteMs = performance.now() - started;
      this.noteMemory(instance);
    }
    const max = this.options.maxMemoryBytes;
    if (max !== undefined && !instance.dead && instance.memoryBytes > max) {
      instance.dead = hostError('out_of_memory',
        `the call grew wasm memory to ${instance.memoryBytes} bytes, over maxMemoryBytes (${max}); the instance was replaced`);
      throw instance.dead;
    }
    return value;
  }

  private limits(limits: Limits | undefined): Limits {
    return { ...this.options.limits, ...limits };
  }

  async runRaw(doc: string | Uint8Array, options: RunOptions, names: OptionNames): Promise<RawRun> {
    const instance = await this.current();
    try {
      return this.timed(instance, () => instance.run(doc, { ...options, limits: this.limits(options.limits) }, names));
    } catch (error) {
      // A run the instance did not survive prints what the CLI's wasm host prints for it.
      if (error instanceof RemoteMediaError && instance.dead === error) {
        return { stdout: errorDocumentText(error.code, error.message), exitCode: error.exitCode };
      }
      throw error;
    }
  }

  async createPipeline(manifest: string, limits?: Limits): Promise<{ id: number; info: string }> {
    const instance = await this.current();
    const { handle, info } = this.timed(instance, () => instance.createPipeline(manifest, this.limits(limits)));
    const id = this.nextId++;
    this.pipelines.set(id, { instance, handle });
    return { id, info };
  }

  private entry(id: number): PipelineEntry {
    const entry = this.pipelines.get(id);
    if (!entry) throw new RemoteMediaError('pipeline_state', 'the pipeline was closed', { exitCode: EXIT_RUN_FAILURE });
    if (entry.instance.dead) {
      throw new RemoteMediaError('pipeline_failed', `the pipeline was lost with its instance (${entry.instance.dead.code}: ${entry.instance.dead.message})`,
        { exitCode: EXIT_RUN_FAILURE });
    }
    return entry;
  }

  // A call on the pipeline's own instance (after a recovery that is not the current one, and
  // entry() has refused).
  private async pipelineCall<T>(id: number, fn: (instance: Instance, handle: number) => T): Promise<T> {
    const entry = this.entry(id);
    return this.timed(entry.instance, () => fn(entry.instance, entry.handle));
  }

  async push(id: number, payload: PushPayload): Promise<RawOutputs> {
    return this.pipelineCall(id, (instance, handle) => instance.push(handle, payload));
  }

  async flush(id: number): Promise<RawOutputs> {
    return this.pipelineCall(id, (instance, handle) => instance.flush(handle));
  }

  async drain(id: number, selection?: DrainSelection): Promise<RawOutputs> {
    return this.pipelineCall(id, (instance, handle) => instance.drain(handle, selection));
  }

  async closePipeline(id: number): Promise<void> {
    const entry = this.pipelines.get(id);
    if (!entry) return;
    this.pipelines.delete(id);
    if (!entry.instance.dead) entry.instance.closePipeline(entry.handle);
  }

  async mount(name: MountName, files: FileMap): Promise<void> {
    if (this.isDisposed) throw disposed();
    this.setTree(name, buildTree(`/${name}`, files));
  }

  async mountDirectory(name: MountName, path: string): Promise<void> {
    if (this.isDisposed) throw disposed();
    const sink = this.options.stderr;
    const note = (message: string) => sink?.(encoder.encode(`remotemedia: ${message}\n`), 2);
    this.setTree(name, await hostDirectory(`/${name}`, path, note));
  }

  // Mounts `tree` for this instance and every later one; a host directory it replaces is
  // released (its host descriptors closed).
  private setTree(name: MountName, tree: ReadOnlyDirectory): void {
    const old = this.trees.get(name);
    this.trees.set(name, tree);
    if (this.instance && !this.instance.dead) this.instance.host.mountTree(name, tree);
    if (old instanceof HostDirectory && old !== tree) old.release();
  }

  async addResource(name: string, bytes: Uint8Array): Promise<void> {
    if (this.isDisposed) throw disposed();
    checkResourceName(name);
    this.resources.set(name, bytes);
    if (this.instance && !this.instance.dead) this.instance.addResource(name, bytes);
  }

  async openBundle(reader: RuntimeModule, bytes: Uint8Array, options: string): Promise<OpenedBundle> {
    if (this.isDisposed) throw disposed();
    return openBundleWith(reader, bytes, options);
  }

  dispose(): void {
    this.isDisposed = true;
    this.pipelines.clear();
    this.instance = null;
    this.loaded = null;
  }
}

