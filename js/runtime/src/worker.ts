// The worker entry (dist/worker.js): a LocalEngine driven by WorkerEngine's messages. Loaded as
// a module Web Worker in browsers and as a worker_threads Worker in Node.
import { type Engine, LocalEngine, openBundleWith } from './engine.js';
import { RemoteMediaError } from './errors.js';
import { isNode, nodeImport } from './env.js';
import type { OpenedBundle, RawOutputs } from './instance.js';
import type { WorkerPort, WorkerRequest } from './worker_protocol.js';

async function port(): Promise<WorkerPort> {
  if (isNode) {
    const { parentPort } = await nodeImport<typeof import('node:worker_threads')>('node:worker_threads');
    if (!parentPort) throw new Error('dist/worker.js is the worker of PipelineRunner({worker: true}), not a program');
    return {
      post: (message, transfer) => parentPort.postMessage(message, transfer as never[]),
      onRequest: (handler) => parentPort.on('message', handler),
    };
  }
  const scope = globalThis as unknown as { postMessage(m: unknown, t: Transferable[]): void; addEventListener(t: 'message', h: (e: MessageEvent) => void): void };
  return {
    post: (message, transfer) => scope.postMessage(message, transfer),
    onRequest: (handler) => scope.addEventListener('message', (event) => handler(event.data)),
  };
}

function transfers(value: unknown): Transferable[] {
  const raw = value as Partial<RawOutputs & OpenedBundle> | null;
  const payloads = raw ? raw.binaries ?? raw.files : undefined;
  return Array.isArray(payloads) ? payloads.map((b) => b.buffer as ArrayBuffer) : [];
}

async function main(): Promise<void> {
  const p = await port();
  let engine: Engine | null = null;
  // Requests are handled one at a time, in order: the engine is single-threaded anyway.
  let queue: Promise<void> = Promise.resolve();
  const handle = async (request: WorkerRequest & { id: number }): Promise<unknown> => {
    if (request.op === 'initialize') {
      engine?.dispose();
      const local = new LocalEngine({
        ...request.options,
        stderr: request.stderr ? (bytes, fd) => p.post({ id: 0, op: 'stderr', fd, bytes }, [bytes.buffer as ArrayBuffer]) : undefined,
        progress: request.progress ? (progress) => p.post({ id: 0, op: 'progress', progress }, []) : undefined,
      });
      engine = local;
      await local.initialize({ module: request.module, stdlib: request.stdlib });
      return null;
    }
    // Reading a bundle needs no engine: it runs in an instance of its own.
    if (request.op === 'openBundle') return openBundleWith({ module: request.module, stdlib: request.stdlib }, request.bytes, request.options);
    if (!engine) throw new RemoteMediaError('invalid_argument', 'the worker is not initialized', { exitCode: 2 });
    switch (request.op) {
      case 'runRaw': return engine.runRaw(request.doc, request.options, request.names);
      case 'createPipeline': return engine.createPipeline(request.manifest, request.limits);
      case 'push': return engine.push(request.pipeline, request.payload);
      case 'flush': return engine.flush(request.pipeline);
      case 'drain': return engine.drain(request.pipeline, request.selection);
      case 'closePipeline': return engine.closePipeline(request.pipeline);
      case 'mount': return engine.mount(request.name, request.files);
      case 'mountDirectory': return engine.mountDirectory(request.name, request.path);
      case 'addResource': return engine.addResource(request.name, request.bytes);
    }
  };
  p.onRequest((request) => {
    queue = queue.then(async () => {
      try {
        const value = await handle(request);
        p.post({ id: request.id, ok: true, value, metrics: engine ? { ...engine.metrics } : metricsless() }, transfers(value));
      } catch (error) {
        const e = error instanceof RemoteMediaError ? error
          : new RemoteMediaError('wasm_host_failed', `the worker failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        p.post({ id: request.id, ok: false, error: e.toJSON(), metrics: engine ? { ...engine.metrics } : metricsless() }, []);
      }
    });
  });
}

function metricsless() {
  return { fetchMs: 0, compileMs: 0, instantiateMs: 0, initMs: 0, lastExecuteMs: 0, peakMemoryBytes: 0, memoryBytes: 0, instances: 0 };
}

void main();
