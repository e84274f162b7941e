// loadPackage: an .rmpkg read and verified in JS (rmpkg/, the same rules and codes as the C++
// reader), its files mounted for the runner's instance.
//
// Mounts: every bundle file except the runtime parts (modules/, wasi-deps/) under /pipeline at
// its entry name - the tree `remotemedia run BUNDLE` extracts and uses as its base directory, so
// the manifest's `nodes/x.py` and relative model paths resolve the same - and models/** also
// under /models with the prefix stripped. The runtime parts are returned apart: the bundle's
// reactor (modules/remotemedia_runtime.wasm) and its stdlib, which the runner runs the package
// in when the reactor speaks this package's C ABI (runner.ts).
import { readBundle } from './rmpkg/index.js';

export interface PackageFile {
  name: string;
  size: number;
}

export interface PackageInfo {
  name: string;
  version: string;
  runtimeTarget: string;
  /** Every file of the bundle, in name order. */
  files: PackageFile[];
  signed: boolean;
  signatureVerified: boolean;
  /** The pipeline envelope {manifest, input_data?} (parsed; ints beyond 2^53 rounded). */
  document: Record<string, unknown>;
  /** The same envelope exactly as the bundle holds it: what runPackage() runs. */
  documentText: string;
  /** The parsed manifest.json package document. */
  manifest: Record<string, unknown>;
  /** Which module runs the package: the one the bundle carries ('bundle'), or the runner's own
   * ('runner': the bundle carries none, or one of another C ABI version). */
  runtimeModule: 'bundle' | 'runner';
}

/** The runtime parts a bundle carries: its reactor's bytes and, when packed, its stdlib. */
export interface PackageRuntime {
  module: Uint8Array;
  stdlib: Uint8Array | undefined;
}

export interface LoadPackageOptions {
  /** Requires a valid signature by this key: the CLI's .pub file text or the raw 32 bytes. */
  publicKey?: string | Uint8Array | ArrayBuffer;
}

const RUNTIME_PARTS = /^(modules|wasi-deps)\//;
const MODULE_ENTRY = 'modules/remotemedia_runtime.wasm';
const STDLIB_ENTRY = 'wasi-deps/usr/lib/python311.zip';

/** Reads and verifies `bytes`, and returns the package facts and the two trees to mount. */
export async function openPackage(bytes: Uint8Array, options: LoadPackageOptions): Promise<{
  info: PackageInfo; pipeline: Map<string, Uint8Array>; models: Map<string, Uint8Array>; runtime: PackageRuntime | null;
}> {
  // The runner is a wasm32-wasi target: like `remotemedia run --target wasm`, it refuses a bundle
  // built for 'native' (bundle_wrong_target; pack with --target wasm32-wasi).
  const bundle = await readBundle(bytes, {
    expectedTarget: 'wasm32-wasi',
    ...(options.publicKey === undefined ? {} : { publicKey: options.publicKey }),
  });
  const pipeline = new Map<string, Uint8Array>();
  const models = new Map<string, Uint8Array>();
  const files: PackageFile[] = [];
  for (const [name, data] of bundle.files) {
    files.push({ name, size: data.byteLength });
    if (RUNTIME_PARTS.test(name)) continue;
    pipeline.set(name, data);
    if (name.startsWith('models/') && name.length > 'models/'.length) models.set(name.slice('models/'.length), data);
  }
  const pkg = (bundle.manifest.package ?? {}) as Record<string, unknown>;
  const info: PackageInfo = {
    name: typeof pkg.name === 'string' ? pkg.name : '',
    version: typeof pkg.version === 'string' ? pkg.version : '',
    runtimeTarget: bundle.runtimeTarget,
    files,
    signed: bundle.signed,
    signatureVerified: bundle.signatureVerified,
    document: bundle.document,
    documentText: bundle.documentText,
    manifest: bundle.manifest,
    runtimeModule: 'runner',
  };
  const module = bundle.files.get(MODULE_ENTRY);
  const runtime = module ? { module, stdlib: bundle.files.get(STDLIB_ENTRY) } : null;
  return { info, pipeline, models, runtime };
}
