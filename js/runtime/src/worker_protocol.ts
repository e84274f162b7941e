// The messages between WorkerEngine (the caller's thread) and worker.ts (the worker). Requests
// carry an id; every reply carries the worker engine's metrics. Byte payloads are transferred.
import type { SerializedRemoteMediaError } from './errors.js';
import type { EngineOptions } from './engine.js';
import type { DrainSelection, Limits, NodeProgress, OptionNames, PushPayload, RunOptions } from './instance.js';
import type { RunnerMetrics } from './metrics.js';
import type { MountName } from './wasi/host.js';

export type WorkerRequest =
  | { op: 'initialize'; module: WebAssembly.Module; stdlib: Uint8Array; options: Omit<EngineOptions, 'stderr' | 'progress'>; stderr: boolean; progress: boolean }
  | { op: 'runRaw'; doc: string | Uint8Array; options: RunOptions; names: OptionNames }
  | { op: 'createPipeline'; manifest: string; limits: Limits | undefined }
  | { op: 'push'; pipeline: number; payload: PushPayload }
  | { op: 'flush'; pipeline: number }
  | { op: 'drain'; pipeline: number; selection?: DrainSelection | undefined }
  | { op: 'closePipeline'; pipeline: number }
  | { op: 'mount'; name: MountName; files: Map<string, Uint8Array> }
  | { op: 'mountDirectory'; name: MountName; path: string }
  | { op: 'addResource'; name: string; bytes: Uint8Array }
  | { op: 'openBundle'; module: WebAssembly.Module; stdlib: Uint8Array; bytes: Uint8Array; options: string };

export type WorkerMessage =
  | { id: number; ok: true; value: unknown; metrics: RunnerMetrics }
  | { id: number; ok: false; error: SerializedRemoteMediaError; metrics: RunnerMetrics }
  | { id: 0; op: 'stderr'; fd: 1 | 2; bytes: Uint8Array }
  | { id: 0; op: 'progress'; progress: NodeProgress };

/** The worker side of a transport: how worker.ts receives and answers. */
export interface WorkerPort {
  post(message: WorkerMessage, transfer: Transferable[]): void;
  onRequest(handler: (request: WorkerRequest & { id: number }) => void): void;
}
