// Packages (.rmpkg): the JS side only fetches bytes. Reading and verifying is the runtime
// module's own reader (rm_bundle_open: src/pkg's C++ reader, the code `remotemedia verify` runs,
// compiled into the reactor with libsodium and zlib), so there is one reader, one set of rules and
// codes, everywhere. This file turns what it returns into PackageInfo and the trees to mount.
//
// Mounts: every bundle file except the runtime parts (modules/, wasi-deps/) under /pipeline at
// its entry name - the tree `remotemedia run BUNDLE` extracts and uses as its base directory, so
// the manifest's `nodes/x.py` and relative model paths resolve the same - and models/** also
// under /models with the prefix stripped. The runtime parts are returned apart: the bundle's
// reactor (modules/remotemedia_runtime.wasm) and its stdlib, which the runner runs the package
// in when the reactor speaks this package's C ABI (runner.ts).
import { encodeBase64 } from './base64.js';
import { RemoteMediaError } from './errors.js';
import { EXIT_INVALID_INPUT } from './host_documents.js';
import type { OpenedBundle } from './instance.js';

export interface PackageFile {
  name: string;
  size: number;
}

export interface PackageInfo {
  name: string;
  version: string;
  runtimeTarget: string;
  /** Every file of the bundle, in byte order of the names. */
  files: PackageFile[];
  signed: boolean;
  signatureVerified: boolean;
  /** The pipeline envelope {manifest, input_data?} (parsed; ints beyond 2^53 rounded). */
  document: Record<string, unknown>;
  /** The same envelope as the runtime reads it (ints exact, floats as written): what
   * runPackage() runs. Hand this, not JSON.stringify(document), to the runtime. */
  documentText: string;
  /** The parsed manifest.json package document. */
  manifest: Record<string, unknown>;
  /** The C ABI version of the module the bundle carries (0: it carries none). */
  runtimeAbiVersion: number;
  /** Which module runs the package: the one the bundle carries ('bundle'), or the runner's own
   * ('runner': the bundle carries none, or one of another C ABI version). inspectPackage()
   * says 'runner'. */
  runtimeModule: 'bundle' | 'runner';
}

/** What inspectPackage() returns: the facts, and every file's bytes by name (name order). */
export interface InspectedPackage extends PackageInfo {
  contents: Map<string, Uint8Array>;
}

/** The runtime parts a bundle carries: its reactor's bytes and, when packed, its stdlib. */
export interface PackageRuntime {
  module: Uint8Array;
  stdlib: Uint8Array | undefined;
}

export interface LoadPackageOptions {
  /** Requires a valid signature by this key: the CLI's .pub file text (as a string or its
   * bytes) or the raw 32-byte key. */
  publicKey?: string | Uint8Array | ArrayBuffer;
  /** Lowers the archive-size limit (bytes); it cannot be raised above the reader's 256 MiB. */
  maxBytes?: number;
}

export interface InspectPackageOptions extends LoadPackageOptions {
  /** When set, the bundle's runtime_target must be this one (bundle_wrong_target). loadPackage
   * always asks for 'wasm32-wasi'. */
  expectedTarget?: 'native' | 'wasm32-wasi';
}

/** A package read by rm_bundle_open: its facts, its files and the trees to mount. */
export interface OpenedPackage {
  info: PackageInfo;
  contents: Map<string, Uint8Array>;
  pipeline: Map<string, Uint8Array>;
  models: Map<string, Uint8Array>;
  runtime: PackageRuntime | null;
}

interface BundleInfoJson {
  runtime_target: string;
  signed: boolean;
  signature_verified: boolean;
  runtime_abi_version: number;
  manifest: Record<string, unknown>;
  pipeline: string;
  files: PackageFile[];
}

const RUNTIME_PARTS = /^(modules|wasi-deps)\//;
const MODULE_ENTRY = 'modules/remotemedia_runtime.wasm';
const STDLIB_ENTRY = 'wasi-deps/usr/lib/python311.zip';
const PUBLIC_KEY_BYTES = 32;

const invalidArgument = (message: string) => new RemoteMediaError('invalid_argument', message, { exitCode: EXIT_INVALID_INPUT });

/** The bundle's bytes as a Uint8Array; anything else is invalid_argument. */
export function packageBytes(bytes: unknown): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw invalidArgument('a package is read from a URL, a path, a Uint8Array or an ArrayBuffer');
}

// The key file text rm_bundle_open takes: a raw 32-byte key is written as `remotemedia keygen`
// writes it; other bytes are the file's text (the reader refuses what is not a key file).
function keyText(key: string | Uint8Array | ArrayBuffer): string {
  if (typeof key === 'string') return key;
  if (!(key instanceof Uint8Array) && !(key instanceof ArrayBuffer)) {
    throw invalidArgument('publicKey is a key file\'s text or bytes, or the raw 32-byte key');
  }
  const bytes = key instanceof Uint8Array ? key : new Uint8Array(key);
  if (bytes.length === PUBLIC_KEY_BYTES) return `rmpkg-ed25519-public ${encodeBase64(bytes)}\n`;
  return new TextDecoder().decode(bytes);
}

/** rm_bundle_open's options (c_api.h) for `options`. */
export function bundleOptionsJson(options: InspectPackageOptions): string {
  const json: Record<string, unknown> = {};
  if (options.publicKey !== undefined) json['public_key'] = keyText(options.publicKey);
  if (options.expectedTarget !== undefined) json['expected_target'] = options.expectedTarget;
  if (options.maxBytes !== undefined) {
    const max = options.maxBytes;
    if (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 0) {
      throw new RemoteMediaError('invalid_option', 'maxBytes must be a whole, non-negative number of bytes', { exitCode: EXIT_INVALID_INPUT });
    }
    json['max_bundle_bytes'] = max;
  }
  return JSON.stringify(json);
}

/** PackageInfo and the trees to mount, from what rm_bundle_open read. */
export function openedPackage(opened: OpenedBundle): OpenedPackage {
  const bundle = JSON.parse(opened.info) as BundleInfoJson;
  const pipeline = new Map<string, Uint8Array>();
  const models = new Map<string, Uint8Array>();
  let runtime: PackageRuntime | null = null;
  const byName = new Map<string, Uint8Array>();
  bundle.files.forEach(({ name }, i) => byName.set(name, opened.files[i]!));
  for (const [name, data] of byName) {
    if (RUNTIME_PARTS.test(name)) continue;
    pipeline.set(name, data);
    if (name.startsWith('models/') && name.length > 'models/'.length) models.set(name.slice('models/'.length), data);
  }
  const module = byName.get(MODULE_ENTRY);
  if (module) runtime = { module, stdlib: byName.get(STDLIB_ENTRY) };
  const pkg = (bundle.manifest['package'] ?? {}) as Record<string, unknown>;
  const info: PackageInfo = {
    name: typeof pkg['name'] === 'string' ? pkg['name'] : '',
    version: typeof pkg['version'] === 'string' ? pkg['version'] : '',
    runtimeTarget: bundle.runtime_target,
    files: bundle.files.map(({ name, size }) => ({ name, size })),
    signed: bundle.signed,
    signatureVerified: bundle.signature_verified,
    document: JSON.parse(bundle.pipeline) as Record<string, unknown>,
    documentText: bundle.pipeline,
    manifest: bundle.manifest,
    runtimeAbiVersion: bundle.runtime_abi_version,
    runtimeModule: 'runner',
  };
  return { info, contents: byName, pipeline, models, runtime };
}
