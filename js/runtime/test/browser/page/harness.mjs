// The test page's side of the browser suite: imports the package exactly as a user's page would
// (dist/index.js from the local server, dependencies through the page's import map) and exposes
// `window.harness`, which the Node side drives with page.evaluate.
//
// Contract: every harness function takes and returns structured-cloneable data only. Runners live
// in a map by name for the life of the page. call() never throws: it resolves with
// {ok: true, value, ms} or {ok: false, error, ms}, where `error` is a plain copy of the thrown
// error (with code/exitCode/result when it is a RemoteMediaError), so a test can assert on a
// rejection without Playwright's error translation in between.
import { PipelineRunner, RemoteMediaError } from '/js/runtime/dist/index.js';

const runners = new Map();
const recorded = new Map();
const logEl = document.getElementById('log');

function log(text, cls = '') {
  const line = document.createElement('div');
  if (cls) line.className = cls;
  line.textContent = text;
  logEl.append(line);
}

function plainError(e) {
  if (e instanceof RemoteMediaError) {
    return { isRemoteMediaError: true, name: e.name, code: e.code, message: e.message,
      exitCode: e.exitCode, nodeId: e.nodeId, path: e.path, traceback: e.traceback, result: e.result };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { isRemoteMediaError: false, name: err.name, message: err.message, stack: err.stack };
}

function runner(name) {
  const r = runners.get(name);
  if (!r) throw new Error(`no runner named '${name}'`);
  return r;
}

async function timed(fn) {
  const t0 = performance.now();
  try {
    const value = await fn();
    return { ok: true, value, ms: performance.now() - t0 };
  } catch (e) {
    return { ok: false, error: plainError(e), ms: performance.now() - t0 };
  }
}

// Arguments that must reach the package as binary travel as {__bytesFromUrl: url} and are
// fetched here, so large files never go through Playwright's serialisation.
async function materialise(arg) {
  if (arg && typeof arg === 'object' && typeof arg.__bytesFromUrl === 'string') {
    const res = await fetch(arg.__bytesFromUrl);
    if (!res.ok) throw new Error(`GET ${arg.__bytesFromUrl}: ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }
  if (arg && typeof arg === 'object' && typeof arg.__textFromUrl === 'string') {
    const res = await fetch(arg.__textFromUrl);
    if (!res.ok) throw new Error(`GET ${arg.__textFromUrl}: ${res.status}`);
    return await res.text();
  }
  if (Array.isArray(arg)) return Promise.all(arg.map(materialise));
  if (arg && typeof arg === 'object' && Object.getPrototypeOf(arg) === Object.prototype) {
    const out = {};
    for (const [k, v] of Object.entries(arg)) out[k] = await materialise(v);
    return out;
  }
  return arg;
}

// Values the package returns that Playwright would not carry faithfully (TypedArrays) become
// {__typedArray: 'Float32Array', values: [...], shape, dtype}.
function plainValue(v) {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return { __typedArray: v.constructor.name, length: v.length, shape: v.shape, dtype: v.dtype,
      head: Array.from(v.subarray(0, 8), (x) => (typeof x === 'bigint' ? String(x) : x)) };
  }
  if (Array.isArray(v)) return v.map(plainValue);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = plainValue(x);
    return out;
  }
  return v;
}

window.harness = {
  log,
  status(text) { document.getElementById('status').textContent = text; },
  create(name, options) {
    runners.get(name)?.dispose();
    runners.set(name, new PipelineRunner(options));
  },
  // runner[method](...args), e.g. call('main', 'executeRaw', [text]).
  async call(name, method, args = []) {
    return timed(async () => {
      const r = runner(name);
      if (typeof r[method] !== 'function') throw new Error(`PipelineRunner has no method '${method}'`);
      return plainValue(await r[method](...(await materialise(args))));
    });
  },
  metrics(name) { return plainValue({ ...runner(name).metrics }); },
  // Runs `manifest` on mono float32 audio (raw little-endian bytes from `samplesUrl`) twice: as one
  // item (execute) and pushed with pushAudio in chunks of `chunkFrames`, then flushed. Resolves
  // with both runs' outputs of `timesSink` and whether the audio of `audioSink` is the same
  // items with the same samples (compared here, so the samples never cross to Node).
  async streamAudio(name, { manifest, samplesUrl, sampleRate, chunkFrames, audioSink, timesSink }) {
    return timed(async () => {
      const r = runner(name);
      const res = await fetch(samplesUrl);
      if (!res.ok) throw new Error(`GET ${samplesUrl}: ${res.status}`);
      const samples = new Float32Array(await res.arrayBuffer());
      const batch = (await r.execute({ manifest, input_data: [{ sampleRate, channels: 1, samples }] })).outputs;
      const pipeline = await r.createPipeline(manifest);
      const streamed = {};
      const add = (outputs) => {
        for (const [sink, values] of Object.entries(outputs)) (streamed[sink] ??= []).push(...values);
      };
      let chunks = 0;
      try {
        for (let at = 0; at < samples.length; at += chunkFrames, chunks++) {
          add(await pipeline.pushAudio(samples.subarray(at, at + chunkFrames), { sampleRate }));
        }
        add(await pipeline.flush());
      } finally {
        await pipeline.close();
      }
      const a = batch[audioSink] ?? [];
      const b = streamed[audioSink] ?? [];
      const sameAudio = a.length === b.length && a.every((x, i) => x.startFrame === b[i].startFrame &&
        x.samples.length === b[i].samples.length && x.samples.every((v, k) => Object.is(v, b[i].samples[k])));
      return { chunks, batchTimes: batch[timesSink], streamedTimes: streamed[timesSink], sameAudio, segments: a.length };
    });
  },
  // Starts recording the details of the runner's `type` events ('progress', 'nodeprogress');
  // recordedEvents() returns them so far.
  recordEvents(name, type) {
    const events = [];
    recorded.set(`${name}:${type}`, events);
    runner(name).addEventListener(type, (e) => events.push({ ...e.detail }));
  },
  recordedEvents(name, type) { return recorded.get(`${name}:${type}`) ?? []; },
  dispose(name) {
    runners.get(name)?.dispose();
    runners.delete(name);
  },
  names() { return [...runners.keys()]; },
};
// When the page had the package imported (ms since navigation start): the benchmark's page load.
window.harnessReadyAt = performance.now();
window.harnessReady = true;
document.getElementById('status').textContent = 'dist/index.js loaded';
