// What a runner measured. Times are milliseconds (performance.now()), sizes bytes.
export interface RunnerMetrics {
  /** Getting the module and stdlib bytes (0 when given as bytes or a Module). */
  fetchMs: number;
  /** Compiling the module after its last byte arrived (streaming compile overlaps the fetch). */
  compileMs: number;
  /** WebAssembly.instantiate of the latest instance. */
  instantiateMs: number;
  /** _initialize + the first rm_runtime_create (CPython's start) of the latest instance. */
  initMs: number;
  /** The last execute / executeRaw / push / flush, as seen by the thread that ran it. */
  lastExecuteMs: number;
  /** The high-water mark of wasm memory (memory.buffer.byteLength) over every instance. */
  peakMemoryBytes: number;
  /** The current instance's wasm memory. */
  memoryBytes: number;
  /** Instances made so far: 1 after initialize, +1 for each recovery after a trap or a
   * worker re-created after a timeout. */
  instances: number;
}

export function emptyMetrics(): RunnerMetrics {
  return { fetchMs: 0, compileMs: 0, instantiateMs: 0, initMs: 0, lastExecuteMs: 0, peakMemoryBytes: 0, memoryBytes: 0, instances: 0 };
}
