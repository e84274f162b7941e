// The Engine behind PipelineRunner({worker: true}): the same calls, run by a LocalEngine in a Web
// Worker (browsers) or a worker_threads Worker (Node), dist/worker.js.
//
// The module is fetched and compiled here, once; each worker gets the compiled Module and the
// stdlib bytes, and the files mounted so far. With `timeoutMs`, a call that takes longer
// terminates the worker (the only way to stop a synchronous wasm call) and fails with `timeout`;
// the next call makes a new worker. Pipelines of a terminated worker are gone: their calls fail
// with `pipeline_failed`.
import type { Engine, EngineOptions, RuntimeModule } from './engine.js';
import { checkResourceName, disposed, notInitialized } from './engine.js';
import { RemoteMediaError } from './errors.js';
import { isNode, nodeImport } from './env.js';
import { errorDocumentText, hostError } from './host_documents.js';
import type { DrainSelection, Limits, OpenedBundle, OptionNames, PushPayload, RawOutputs, RawRun, RunOptions } from './instance.js';
import { type LoadProgress, type RuntimeSource, loadRuntimeInto } from './loader.js';
import { type RunnerMetrics, emptyMetrics } from './metrics.js';
import type { MountName } from './wasi/host.js';
import { type FileMap, buildTree } from './wasi/tree.js';
import type { WorkerMessage, WorkerRequest } from './worker_protocol.js';

interface Transport {
  post(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  /** Node: whether the worker keeps the process alive. Held while a call is pending, so an idle
   * runner never keeps a script from ending and a busy one never lets it end early. */
  hold(held: boolean): void;
}

type Pending = { transport: Transport; resolve: (value: unknown) => void; reject: (error: unknown) => void; timer?: ReturnType<typeof setTimeout> };

const encoder = new TextEncoder();

// Starts dist/worker.js; `onMessage` gets its messages, `onFailure` its death.
async function startWorker(onMessage: (m: WorkerMessage) => void, onFailure: (error: RemoteMediaError) => void): Promise<Transport> {
  const url = new URL('./worker.js', import.meta.url);
  if (isNode) {
    const { Worker } = await nodeImport<typeof import('node:worker_threads')>('node:worker_threads');
    // The main thread's stack size (V8's default, ~1 MB), so stack exhaustion happens where it
    // does on the main thread and in the CLI's host.
    const worker = new Worker(url, { resourceLimits: { stackSizeMb: 1 } });
    worker.on('message', onMessage);
    worker.on('error', (error) => onFailure(hostError('wasm_host_failed', `the worker failed: ${error.message}`, 1, error)));
    worker.on('exit', (code) => onFailure(hostError('wasm_host_failed', `the worker exited with code ${code}`)));
    worker.unref();
    return {
      post: (m, t) => worker.postMessage(m, t as never[]),
      terminate: () => void worker.terminate(),
      hold: (held) => (held ? worker.ref() : worker.unref()),
    };
  }
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.addEventListener('message', (event: MessageEvent) => onMessage(event.data as WorkerMessage));
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    onFailure(hostError('wasm_host_failed', `the worker failed: ${event.message || 'it could not be loaded'}`));
  });
  return { post: (m, t) => worker.postMessage(m, t), terminate: () => worker.terminate(), hold: () => undefined };
}

function transfersOf(payload: PushPayload): Transferable[] {
  if (payload.kind === 'tensor') return [payload.data.buffer as ArrayBuffer];
  if (payload.kind === 'audio') return [payload.samples.buffer as ArrayBuffer];
  return [];
}

// A copy of the payload's bytes that can be transferred (the caller's array stays usable).
function ownPayload(payload: PushPayload): PushPayload {
  if (payload.kind === 'tensor') return { ...payload, data: payload.data.slice() };
  if (payload.kind === 'audio') return { ...payload, samples: payload.samples.slice() };
  return payload;
}

export class WorkerEngine implements Engine {
  readonly metrics: RunnerMetrics = emptyMetrics();
  private loaded: RuntimeModule | null = null;
  private transport: Transport | null = null;
  private starting: Promise<Transport> | null = null;
  private generation = 0;
  private readonly pending = new Map<number, Pending>();
  private nextRequest = 1;
  // The last mount request of each name, replayed to every new worker.
  private readonly mounts = new Map<MountName, WorkerRequest & { op: 'mount' | 'mountDirectory' }>();
  private readonly resources = new Map<string, Uint8Array>();
  private readonly pipelines = new Map<number, { generation: number; remote: number }>();
  private nextPipeline = 1;
  private instancesBefore = 0;
  private isDisposed = false;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: EngineOptions, private readonly timeoutMs: number | undefined) {}

  async initialize(source: RuntimeSource | undefined, onProgress?: (progress: LoadProgress) => void): Promise<void> {
    if (this.isDisposed) throw disposed();
    this.loaded = await loadRuntimeInto(this.metrics, source, onProgress);
    this.stop();
    await this.worker();
  }

  get runtime(): RuntimeModule | null {
    return this.loaded;
  }

  // The running worker, started (and initialized, and given the mounts) when there is none.
  private worker(): Promise<Transport> {
    if (this.isDisposed) return Promise.reject(disposed());
    if (this.transport) return Promise.resolve(this.transport);
    if (!this.loaded) return Promise.reject(notInitialized());
    if (!this.starting) {
      const generation = ++this.generation;
      const { module, stdlib } = this.loaded;
      this.starting = (async () => {
        const transport = await startWorker(
          (message) => this.receive(generation, message),
          (error) => this.failed(generation, error),
        );
        const { stderr, progress, ...options } = this.options;
        try {
          await this.request(transport, generation, { op: 'initialize', module, stdlib, options, stderr: stderr !== undefined, progress: progress !== undefined }, [], false);
          for (const mount of this.mounts.values()) await this.request(transport, generation, mount, [], false);
          for (const [name, bytes] of this.resources) await this.request(transport, generation, { op: 'addResource', name, bytes }, [], false);
        } catch (error) {
          transport.terminate();
          throw error;
        }
        if (generation === this.generation) this.transport = transport;
        return transport;
      })().finally(() => { this.starting = null; });
    }
    return this.starting;
  }

  private receive(generation: number, message: WorkerMessage): void {
    if (generation !== this.generation) return;
    if ('op' in message) {
      if (message.op === 'progress') this.options.progress?.(message.progress);
      else this.options.stderr?.(message.bytes, message.fd);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.settled(message.id, pending);
    if (pending.timer !== undefined) clearTimeout(pending.timer);
    const m = message.metrics;
    Object.assign(this.metrics, {
      instantiateMs: m.instantiateMs, initMs: m.initMs, lastExecuteMs: m.lastExecuteMs, memoryBytes: m.memoryBytes,
      peakMemoryBytes: Math.max(this.metrics.peakMemoryBytes, m.peakMemoryBytes),
      instances: this.instancesBefore + m.instances,
    });
    if (message.ok) pending.resolve(message.value);
    else pending.reject(RemoteMediaError.fromJSON(message.error));
  }

  // Removes a pending call; its worker stops holding the process when it has no other.
  private settled(id: number, pending: Pending): void {
    this.pending.delete(id);
    for (const other of this.pending.values()) if (other.transport === pending.transport) return;
    pending.transport.hold(false);
  }

  // The worker of `generation` died (or was terminated): its calls fail with `error`.
  private failed(generation: number, error: RemoteMediaError): void {
    if (generation !== this.generation) return;
    this.drop(error);
  }

  private drop(error: RemoteMediaError): void {
    const transport = this.transport;
    this.transport = null;
    this.generation++;
    this.instancesBefore = this.metrics.instances;
    transport?.terminate();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      if (p.timer !== undefined) clearTimeout(p.timer);
      p.reject(error);
    }
  }

  private stop(): void {
    if (this.transport || this.starting) this.drop(hostError('wasm_host_failed', 'the worker was replaced'));
  }

  private request(transport: Transport, generation: number, request: WorkerRequest, transfer: Transferable[], timed: boolean): Promise<unknown> {
    if (generation !== this.generation) return Promise.reject(hostError('wasm_host_failed', 'the worker was replaced'));
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      const pending: Pending = { transport, resolve, reject };
      if (timed && this.timeoutMs !== undefined) {
        const ms = this.timeoutMs;
        pending.timer = setTimeout(() => {
          this.drop(hostError('timeout', `the call did not finish within ${ms} ms (timeoutMs); its worker was terminated`));
        }, ms);
      }
      this.pending.set(id, pending);
      transport.hold(true);
      try {
        transport.post({ ...request, id }, transfer);
      } catch (error) {
        this.settled(id, pending);
        if (pending.timer !== undefined) clearTimeout(pending.timer);
        reject(error instanceof Error && error.name === 'DataCloneError'
          ? new RemoteMediaError('invalid_argument', `the value cannot be sent to the worker: ${error.message}`, { exitCode: 2 })
          : error);
      }
    });
  }

  // Calls go to the worker one at a time, so a call's timeout measures that call alone, not the
  // calls queued before it. `fn` gets the worker and its generation once the previous call ended.
  private serial<T>(fn: (transport: Transport, generation: number) => Promise<T>): Promise<T> {
    const run = this.chain.then(async () => {
      const transport = await this.worker();
      return fn(transport, this.generation);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private call<T>(request: WorkerRequest | (() => WorkerRequest), transfer: Transferable[] = [], timed = true): Promise<T> {
    return this.serial((transport, generation) =>
      this.request(transport, generation, typeof request === 'function' ? request() : request, transfer, timed) as Promise<T>);
  }

  async runRaw(doc: string | Uint8Array, options: RunOptions, names: OptionNames): Promise<RawRun> {
    try {
      return await this.call<RawRun>({ op: 'runRaw', doc, options, names });
    } catch (error) {
      // A run that timed out prints what the CLI prints for it.
      if (error instanceof RemoteMediaError && error.code === 'timeout') {
        return { stdout: errorDocumentText(error.code, error.message), exitCode: error.exitCode };
      }
      throw error;
    }
  }

  async createPipeline(manifest: string, limits?: Limits): Promise<{ id: number; info: string }> {
    return this.serial(async (transport, generation) => {
      const { id: remote, info } = await this.request(transport, generation, { op: 'createPipeline', manifest, limits }, [], true) as { id: number; info: string };
      const id = this.nextPipeline++;
      this.pipelines.set(id, { generation, remote });
      return { id, info };
    });
  }

  private remote(id: number): number {
    const entry = this.pipelines.get(id);
    if (!entry) throw new RemoteMediaError('pipeline_state', 'the pipeline was closed', { exitCode: 1 });
    if (entry.generation !== this.generation || !this.transport) {
      throw new RemoteMediaError('pipeline_failed', 'the pipeline was lost with its worker (a timeout or a worker failure)', { exitCode: 1 });
    }
    return entry.remote;
  }

  async push(id: number, payload: PushPayload): Promise<RawOutputs> {
    const own = ownPayload(payload);
    return this.call<RawOutputs>(() => ({ op: 'push', pipeline: this.remote(id), payload: own }), transfersOf(own));
  }

  async flush(id: number): Promise<RawOutputs> {
    return this.call<RawOutputs>(() => ({ op: 'flush', pipeline: this.remote(id) }));
  }

  async drain(id: number, selection?: DrainSelection): Promise<RawOutputs> {
    return this.call<RawOutputs>(() => ({ op: 'drain', pipeline: this.remote(id), selection }));
  }

  async closePipeline(id: number): Promise<void> {
    const entry = this.pipelines.get(id);
    if (!entry) return;
    this.pipelines.delete(id);
    if (entry.generation !== this.generation) return;
    await this.serial(async (transport, generation) => {
      if (entry.generation === generation) await this.request(transport, generation, { op: 'closePipeline', pipeline: entry.remote }, [], false);
    });
  }

  async mount(name: MountName, files: FileMap): Promise<void> {
    if (this.isDisposed) throw disposed();
    buildTree(`/${name}`, files); // refuses bad names here, before anything is sent
    const map = new Map<string, Uint8Array>();
    for (const [path, content] of files instanceof Map ? files : Object.entries(files)) {
      map.set(path, typeof content === 'string' ? encoder.encode(content) : content);
    }
    await this.setMount({ op: 'mount', name, files: map });
  }

  async mountDirectory(name: MountName, path: string): Promise<void> {
    if (this.isDisposed) throw disposed();
    await this.setMount({ op: 'mountDirectory', name, path });
  }

  // A worker made later gets every mount when it starts; a mount the running worker refused is
  // not kept (the previous one stays).
  private async setMount(request: WorkerRequest & { op: 'mount' | 'mountDirectory' }): Promise<void> {
    const previous = this.mounts.get(request.name);
    this.mounts.set(request.name, request);
    if (!this.transport && !this.starting) return;
    try {
      await this.call(request, [], false);
    } catch (error) {
      if (this.mounts.get(request.name) === request) {
        if (previous) this.mounts.set(request.name, previous);
        else this.mounts.delete(request.name);
      }
      throw error;
    }
  }

  async addResource(name: string, bytes: Uint8Array): Promise<void> {
    if (this.isDisposed) throw disposed();
    checkResourceName(name);
    this.resources.set(name, bytes);
    // A worker made later gets every resource when it starts.
    if (this.transport || this.starting) await this.call({ op: 'addResource', name, bytes }, [], false);
  }

  async openBundle(reader: RuntimeModule, bytes: Uint8Array, options: string): Promise<OpenedBundle> {
    if (this.isDisposed) throw disposed();
    return this.call<OpenedBundle>({ op: 'openBundle', module: reader.module, stdlib: reader.stdlib, bytes, options });
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.drop(hostError('invalid_argument', 'the runner was disposed', 2));
    this.isDisposed = true;
    this.loaded = null;
  }
}
