// Finds, fetches and compiles the runtime module and its stdlib (initialize's `source`).
//
// Defaults: the files next to this package's dist/ (remotemedia_runtime.wasm, python311.zip),
// found from import.meta.url - read with node:fs in Node, fetched elsewhere. A URL is fetched
// with progress (and compiled while it streams when it is served as application/wasm); bytes
// and a WebAssembly.Module are used as given. Failures: `wasm_target_unavailable` (cannot get
// the bytes) and `invalid_runtime_module` (they do not compile), both exit 2.
import { RemoteMediaError } from './errors.js';
import { isNode, nodeImport } from './env.js';
import { EXIT_INVALID_INPUT } from './host_documents.js';

export type Bytes = ArrayBuffer | Uint8Array;
export type ModuleSource = string | URL | Bytes | WebAssembly.Module;
export type StdlibSource = string | URL | Bytes;
/** initialize()'s argument: the module (its URL, bytes or compiled Module), or both parts. */
export type RuntimeSource = ModuleSource | { module?: ModuleSource; stdlib?: StdlibSource };

export interface LoadProgress {
  /** Which file: the module or the stdlib zip. */
  file: 'module' | 'stdlib';
  loaded: number;
  /** From Content-Length or the file size; null when unknown. */
  total: number | null;
}

export interface Loaded {
  module: WebAssembly.Module;
  stdlib: Uint8Array;
  /** Until the last byte of both files arrived. */
  fetchMs: number;
  /** Compilation after the module's last byte (all of it when not streamed). */
  compileMs: number;
}

const MAX_BYTES = 256 * 1024 * 1024;

const unavailable = (message: string, cause?: unknown) =>
  new RemoteMediaError('wasm_target_unavailable', message, { exitCode: EXIT_INVALID_INPUT, cause });

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The package's own module and stdlib, next to dist/loader.js. Spelt as literal
 * `new URL('./file', import.meta.url)` so that bundlers (Vite, webpack) see and emit them. */
export function defaultModuleUrl(): URL {
  return new URL('./remotemedia_runtime.wasm', import.meta.url);
}
export function defaultStdlibUrl(): URL {
  return new URL('./python311.zip', import.meta.url);
}

function asBytes(data: Bytes): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

function toUrl(where: string | URL): URL {
  if (where instanceof URL) return where;
  // Relative to the page (browsers) or the working directory (Node, where a plain path such as
  // "build/bin/x.wasm" is a file).
  const base = typeof location !== 'undefined' ? location.href : isNode ? `file://${process.cwd()}/` : import.meta.url;
  return new URL(where, base);
}

type Report = (loaded: number, total: number | null) => void;

async function readNodeFile(url: URL, what: string, report: Report): Promise<Uint8Array> {
  const fs = await nodeImport<typeof import('node:fs/promises')>('node:fs/promises');
  const { fileURLToPath } = await nodeImport<typeof import('node:url')>('node:url');
  const path = fileURLToPath(url);
  let bytes: Uint8Array;
  try {
    const stat = await fs.stat(path);
    if (stat.isDirectory()) throw unavailable(`cannot read the ${what} '${path}': it is a directory`);
    // A device or FIFO reports no size (and /dev/zero never ends): only regular files are read.
    if (!stat.isFile()) throw unavailable(`cannot read the ${what} '${path}': it is not a regular file`);
    if (stat.size > MAX_BYTES) throw unavailable(`the ${what} '${path}' is larger than ${MAX_BYTES} bytes`);
    bytes = await fs.readFile(path);
  } catch (error) {
    if (error instanceof RemoteMediaError) throw error;
    const hint = (error as { code?: string }).code === 'ENOENT' ? ' (build it: scripts/build.sh wasi, then scripts/build_js.sh)' : '';
    throw unavailable(`cannot read the ${what} '${path}': ${reason(error)}${hint}`, error);
  }
  report(bytes.byteLength, bytes.byteLength);
  // A Buffer may be a view into Node's pool; the module and zip get their own buffer.
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : bytes.slice();
}

async function fetchResponse(url: URL, what: string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, signal ? { signal } : {});
  } catch (error) {
    throw unavailable(`cannot fetch the ${what} '${url.href}': ${reason(error)}`, error);
  }
  if (!response.ok) throw unavailable(`cannot fetch the ${what} '${url.href}': HTTP ${response.status} ${response.statusText}`.trimEnd());
  return response;
}

function totalOf(response: Response): number | null {
  const length = Number(response.headers.get('content-length'));
  return Number.isFinite(length) && length > 0 ? length : null;
}

// The body as a stream that reports progress and stops past MAX_BYTES.
function counted(response: Response, url: URL, what: string, report: Report): ReadableStream<Uint8Array> {
  const total = totalOf(response);
  let loaded = 0;
  const body = response.body;
  if (!body) throw unavailable(`cannot fetch the ${what} '${url.href}': the response has no body`);
  return body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      if (loaded > MAX_BYTES) {
        controller.error(unavailable(`the ${what} '${url.href}' is larger than ${MAX_BYTES} bytes`));
        return;
      }
      report(loaded, total);
      controller.enqueue(chunk);
    },
  }));
}

async function fetchBytes(url: URL, what: string, report: Report, signal?: AbortSignal): Promise<Uint8Array> {
  if (isNode && url.protocol === 'file:') return readNodeFile(url, what, report);
  const response = await fetchResponse(url, what, signal);
  const total = totalOf(response);
  const reader = counted(response, url, what, report).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch (error) {
    if (error instanceof RemoteMediaError) throw error;
    throw unavailable(`cannot fetch the ${what} '${url.href}': ${reason(error)}`, error);
  }
  if (total !== null && size !== total && response.headers.get('content-encoding') === null) {
    throw unavailable(`cannot fetch the ${what} '${url.href}': got ${size} of ${total} bytes`);
  }
  return concat(chunks, size);
}

/** Compiles `bytes`; `invalid_runtime_module` (exit 2) naming `what` when they do not compile. */
export async function compileModule(bytes: Uint8Array, what: string): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (error) {
    throw new RemoteMediaError('invalid_runtime_module', `the ${what} is not a valid WebAssembly module: ${reason(error)}`,
      { exitCode: EXIT_INVALID_INPUT, cause: error });
  }
}

// {module, fetchedAt}: the module, and when its last byte arrived.
async function loadModule(source: ModuleSource, report: Report, signal: AbortSignal): Promise<{ module: WebAssembly.Module; fetchedAt: number }> {
  if (source instanceof WebAssembly.Module) return { module: source, fetchedAt: performance.now() };
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) {
    const bytes = asBytes(source);
    report(bytes.byteLength, bytes.byteLength);
    const fetchedAt = performance.now();
    return { module: await compileModule(bytes, 'runtime module'), fetchedAt };
  }
  const url = toUrl(source);
  const what = `runtime module`;
  if (!(isNode && url.protocol === 'file:') && typeof WebAssembly.compileStreaming === 'function') {
    const response = await fetchResponse(url, what, signal);
    if ((response.headers.get('content-type') ?? '').split(';')[0]!.trim() === 'application/wasm') {
      let fetchedAt = 0;
      const stream = counted(response, url, what, (loaded, total) => {
        report(loaded, total);
        fetchedAt = performance.now();
      });
      const streamed = new Response(stream, { headers: { 'content-type': 'application/wasm' } });
      try {
        const module = await WebAssembly.compileStreaming(streamed);
        return { module, fetchedAt };
      } catch (error) {
        if (error instanceof RemoteMediaError) throw error;
        throw new RemoteMediaError('invalid_runtime_module', `the ${what} '${url.href}' is not a valid WebAssembly module: ${reason(error)}`,
          { exitCode: EXIT_INVALID_INPUT, cause: error });
      }
    }
    // Not served as wasm: streaming compile would refuse it; read it whole (progress still works).
    const bytes = await fetchBytesFrom(response, url, what, report);
    const fetchedAt = performance.now();
    return { module: await compileModule(bytes, `${what} '${url.href}'`), fetchedAt };
  }
  const bytes = await fetchBytes(url, what, report, signal);
  const fetchedAt = performance.now();
  return { module: await compileModule(bytes, `${what} '${url.href}'`), fetchedAt };
}

async function fetchBytesFrom(response: Response, url: URL, what: string, report: Report): Promise<Uint8Array> {
  const reader = counted(response, url, what, report).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  return concat(chunks, size);
}

async function loadStdlib(source: StdlibSource, report: Report, signal: AbortSignal): Promise<Uint8Array> {
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) {
    const bytes = asBytes(source);
    report(bytes.byteLength, bytes.byteLength);
    return bytes;
  }
  return fetchBytes(toUrl(source), 'Python stdlib', report, signal);
}

function isSourcePair(source: RuntimeSource): source is { module?: ModuleSource; stdlib?: StdlibSource } {
  return typeof source === 'object' && !(source instanceof URL) && !(source instanceof ArrayBuffer) &&
    !(source instanceof Uint8Array) && !(source instanceof WebAssembly.Module);
}

/** Loads both parts of `source` (missing parts: the package's own files) in parallel. */
/** loadRuntime, noting its fetch and compile times in `metrics`; the module and stdlib. */
export async function loadRuntimeInto(metrics: { fetchMs: number; compileMs: number },
  source: RuntimeSource | undefined, onProgress?: (progress: LoadProgress) => void):
  Promise<{ module: WebAssembly.Module; stdlib: Uint8Array }> {
  const loaded = await loadRuntime(source, onProgress);
  metrics.fetchMs = loaded.fetchMs;
  metrics.compileMs = loaded.compileMs;
  return { module: loaded.module, stdlib: loaded.stdlib };
}

async function loadRuntime(source: RuntimeSource | undefined, onProgress?: (progress: LoadProgress) => void): Promise<Loaded> {
  const pair = source === undefined ? {} : isSourcePair(source) ? source : { module: source };
  // Progress is reported while this load is the one under way: when one part fails, the other
  // is aborted and says nothing more (a retry's progress is not interleaved with it).
  const controller = new AbortController();
  let live = true;
  const reporter = (file: LoadProgress['file']): Report => (loaded, total) => {
    if (!onProgress || !live) return;
    try {
      onProgress({ file, loaded, total });
    } catch {
      // A failing progress callback does not fail the load.
    }
  };
  const started = performance.now();
  let mod: { module: WebAssembly.Module; fetchedAt: number; compiledAt: number };
  let stdlib: { bytes: Uint8Array; fetchedAt: number };
  try {
    [mod, stdlib] = await Promise.all([
      loadModule(pair.module ?? defaultModuleUrl(), reporter('module'), controller.signal)
        .then((m) => ({ ...m, compiledAt: performance.now() })),
      (async () => {
        const bytes = await loadStdlib(pair.stdlib ?? defaultStdlibUrl(), reporter('stdlib'), controller.signal);
        return { bytes, fetchedAt: performance.now() };
      })(),
    ]);
  } catch (error) {
    controller.abort();
    throw error;
  } finally {
    live = false;
  }
  const fetchedAt = Math.max(mod.fetchedAt, stdlib.fetchedAt);
  return {
    module: mod.module,
    stdlib: stdlib.bytes,
    fetchMs: Math.max(0, fetchedAt - started),
    compileMs: Math.max(0, mod.compiledAt - Math.max(mod.fetchedAt, started)),
  };
}

/** The bytes at `where` (a URL, or a path in Node), e.g. an .rmpkg. */
export async function readSource(where: string | URL, what: string): Promise<Uint8Array> {
  return fetchBytes(toUrl(where), what, () => undefined);
}

// The chunks, `size` bytes in all, as one array.
function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
