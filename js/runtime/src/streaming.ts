// A streaming pipeline: items pushed one at a time, outputs read back after each.
import type { Engine } from './engine.js';
import { RemoteMediaError } from './errors.js';
import { type Outputs, outputsOf, payloadOf } from './documents.js';

export interface GraphInfo {
  node_count: number;
  source_count: number;
  sink_count: number;
  execution_order: string[];
}

/**
 * A pipeline opened by PipelineRunner.createPipeline. States: open -> (flush) finished, or
 * -> failed when a push or flush fails; close() frees it in any state. push/flush over the items
 * of a batch give, sink by sink, the batch's outputs.
 *
 * Calls are queued: each waits for the one before it, so a stream may be pushed without awaiting
 * every push.
 */
export class StreamingPipeline {
  /** The pipeline's graph_info (as in a run's result). */
  readonly info: GraphInfo;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();

  /** @internal */
  constructor(private readonly engine: Engine, private readonly id: number, info: string) {
    this.info = (info ? JSON.parse(info) : { node_count: 0, source_count: 0, sink_count: 0, execution_order: [] }) as GraphInfo;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.closed) throw new RemoteMediaError('pipeline_state', 'the pipeline was closed', { exitCode: 1 });
      return fn();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Pushes one item into every source node (or only `sourceId`) and resolves with what the
   * sinks received from it, {sinkId: values[]}. A TypedArray (tensor) or {sampleRate, channels,
   * samples} (audio) is copied once into the module's memory as bytes; other values go as JSON.
   * Rejects with the runtime's error (the pipeline is then failed) or `pipeline_state` once
   * flushed.
   */
  push(value: unknown, sourceId?: string): Promise<Outputs> {
    let payload: ReturnType<typeof payloadOf>;
    try {
      payload = payloadOf(value, sourceId);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.serial(async () => outputsOf(await this.engine.push(this.id, payload)));
  }

  /** Pushes one item given as JSON text with the wire forms of docs/values.md, exactly as
   * written (e.g. `1.0` stays a float, which a JS number cannot say). */
  pushJson(json: string, sourceId?: string): Promise<Outputs> {
    if (typeof json !== 'string') return Promise.reject(new RemoteMediaError('invalid_argument', 'pushJson takes JSON text', { exitCode: 2 }));
    return this.serial(async () => outputsOf(await this.engine.push(this.id, { kind: 'json', sourceId, json })));
  }

  /** End of stream: flushes and closes every node; resolves with what that produced. */
  flush(): Promise<Outputs> {
    return this.serial(async () => outputsOf(await this.engine.flush(this.id)));
  }

  /** What reached the sinks and was not returned yet (after a failure: what came before it). */
  drain(): Promise<Outputs> {
    return this.serial(async () => outputsOf(await this.engine.drain(this.id)));
  }

  /** Frees the pipeline (its nodes are closed, its Python interpreter ends). Idempotent. */
  close(): Promise<void> {
    return this.queue.then(async () => {
      if (this.closed) return;
      this.closed = true;
      await this.engine.closePipeline(this.id);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
