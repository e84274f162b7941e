// A streaming pipeline: items pushed one at a time, outputs read back after each.
import type { Engine } from './engine.js';
import { RemoteMediaError } from './errors.js';
import { type Outputs, outputsOf, payloadOf } from './documents.js';
import type { DrainSelection, PushPayload } from './instance.js';

/** The format and place of a chunk of audio pushed with pushAudio. */
export interface AudioChunkOptions {
  /** Frames per second (a positive integer). */
  sampleRate: number;
  /** Interleaved channels in `samples` (1..256; default 1). */
  channels?: number;
  /** The chunk's first frame on its stream's timeline. Default: where the last pushAudio to the
   * same source ended, when it had the same rate and channels; else 0. */
  startFrame?: number;
  /** Push into this source node only (default: every source). */
  sourceId?: string;
  /** false: leave what the push produced in the sinks for drain() (the push resolves with {});
   * default true. */
  collect?: boolean;
}

/** Which outputs drain() takes: the sinks named ("id", or "id.port" for a node with several
 * outputs; default every sink) and at most `maxItems` of each, oldest first (default all). */
export type DrainOptions = DrainSelection;

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
  /** Where each source's audio stream stands, for pushAudio's default startFrame. */
  private readonly timelines = new Map<string, { sampleRate: number; channels: number; next: number }>();

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

  /**
   * Pushes a chunk of interleaved float32 audio, copied through one block the runtime keeps (the
   * caller's array may be reused at once, e.g. an AudioWorklet's buffer), and resolves with what
   * the sinks received from it, as push() does. Chunks pushed one after another continue one
   * timeline by default (see `startFrame`), so streaming nodes (ResampleNode, VadNode) treat them
   * as one stream: 20 ms chunks give the outputs of one item holding them all.
   */
  pushAudio(samples: Float32Array, options: AudioChunkOptions): Promise<Outputs> {
    const channels = options?.channels ?? 1;
    const { sampleRate, startFrame } = options ?? ({} as AudioChunkOptions);
    const bad = (message: string) => Promise.reject(new RemoteMediaError('invalid_argument', message, { exitCode: 2 }));
    if (!(samples instanceof Float32Array)) return bad('pushAudio takes a Float32Array');
    if (!Number.isSafeInteger(sampleRate) || sampleRate <= 0) return bad('sampleRate must be a positive integer');
    if (!Number.isInteger(channels) || channels < 1 || channels > 256) return bad('channels must be an integer in 1..256');
    if (samples.length % channels !== 0) return bad('the samples must be a whole number of frames (a multiple of channels)');
    if (startFrame !== undefined && (!Number.isSafeInteger(startFrame) || startFrame < 0)) {
      return bad('startFrame must be an integer of at least 0');
    }
    const key = options.sourceId ?? '';
    const last = this.timelines.get(key);
    const start = startFrame ?? (last && last.sampleRate === sampleRate && last.channels === channels ? last.next : 0);
    this.timelines.set(key, { sampleRate, channels, next: start + samples.length / channels });
    const payload: PushPayload = {
      kind: 'audio', sourceId: options.sourceId, sampleRate, channels, startFrame: start, samples,
      collect: options.collect ?? true,
    };
    return this.serial(async () => outputsOf(await this.engine.push(this.id, payload)));
  }

  /** End of stream: flushes and closes every node; resolves with what that produced. */
  flush(): Promise<Outputs> {
    return this.serial(async () => outputsOf(await this.engine.flush(this.id)));
  }

  /** What reached the sinks and was not returned yet (after a failure: what came before it; after
   * pushes with `collect: false`: what they produced), or the part of it `options` names. A sink
   * that is not one of the pipeline's is `invalid_argument`, and nothing is taken. */
  drain(options?: DrainOptions): Promise<Outputs> {
    return this.serial(async () => outputsOf(await this.engine.drain(this.id, options)));
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
