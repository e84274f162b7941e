// Reading a .rmpkg bundle without trusting it: the same checks as src/pkg/bundle_reader.cpp, in
// the same order, with the same codes (docs/rmpkg.md, "The reader", steps 1-7). Everything
// happens in memory; nothing is mounted or run until every check has passed.
//
// Every refusal is a RemoteMediaError with a bundle_* code (or invalid_runtime_module), exit
// code 2, and - when one entry is at fault - an `entry` field in its error document, as the CLI
// prints it. The archive bytes are read synchronously up to the end of inflation, so a caller
// that changes its buffer after the call cannot change what was checked; the returned files are
// copies the Bundle owns.

import { RemoteMediaError } from '../errors.js';
import { parseChecksums, sha256Hex } from './checksums.js';
import { inflateEntry } from './entry_inflate.js';
import { validateEntryName } from './entry_names.js';
import { CHECKSUMS_NAME, DEFAULT_LIMITS, MANIFEST_NAME, RUNTIME_MODULE_NAME, RUNTIME_TARGETS,
  SIGNATURE_NAME, type ReadLimits } from './limits.js';
import { INVALID_INPUT_EXIT, refuse } from './refusal.js';
import { parsePublicKey, verifySignature } from './signing.js';
import { JsonSyntaxError, parseStrictJson } from './strict_json.js';
import { checkWasmModule } from './wasm_module_check.js';
import { ZIP_FLAG_ENCRYPTED, ZIP_FLAG_STRONG_ENCRYPTION, readZipLayout,
  type ZipEntry } from './zip_layout.js';

export interface ReadBundleOptions {
  /**
   * When given, a valid meta/signature is required: the CLI's public key file text
   * (`rmpkg-ed25519-public <base64>`, as a string or its bytes) or the raw 32-byte key.
   */
  publicKey?: string | Uint8Array | ArrayBuffer | undefined;
  /** Lowers the archive-size limit (bytes); it cannot be raised above the CLI's 256 MiB. */
  maxBytes?: number | undefined;
  /** When set, the manifest's runtime_target must be this one (bundle_wrong_target). */
  expectedTarget?: 'native' | 'wasm32-wasi' | undefined;
}

export interface Bundle {
  /** The pipeline envelope `{manifest, input_data?}`: manifest.json's "pipeline", parsed. */
  document: Record<string, unknown>;
  /**
   * The same envelope exactly as manifest.json writes it. Hand this text, not
   * JSON.stringify(document), to the runtime: JSON.parse turns 1.0 into 1 and rounds integers
   * beyond 2^53, which would change what the pipeline computes.
   */
  documentText: string;
  /** The parsed manifest.json package document (format, runtime_target, package, pipeline). */
  manifest: Record<string, unknown>;
  /** Every regular file, by entry name, in byte order of the names (directories omitted). */
  files: Map<string, Uint8Array>;
  /** meta/signature is present. */
  signed: boolean;
  /** ... and was verified with options.publicKey. False when no key was given. */
  signatureVerified: boolean;
  /** "native" or "wasm32-wasi". */
  runtimeTarget: string;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const ZIP_OPSYS_UNIX = 3;
const DOS_DIRECTORY_ATTRIBUTE = 0x10;
const ZIP_METHOD_AES = 99;

function limitsFor(options: ReadBundleOptions): ReadLimits {
  const maxBytes = options.maxBytes;
  if (maxBytes === undefined) return DEFAULT_LIMITS;
  if (typeof maxBytes !== 'number' || !Number.isFinite(maxBytes) || maxBytes < 0) {
    throw new RemoteMediaError('invalid_option', 'maxBytes must be a non-negative number of bytes',
      { exitCode: INVALID_INPUT_EXIT });
  }
  return { ...DEFAULT_LIMITS, maxBundleBytes: Math.min(maxBytes, DEFAULT_LIMITS.maxBundleBytes) };
}

function asBytes(bytes: unknown): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw new RemoteMediaError('invalid_argument', 'readBundle takes the bundle as a Uint8Array or ArrayBuffer',
    { exitCode: INVALID_INPUT_EXIT });
}

// Step 2: names, types and declared sizes of every entry, before any data is inflated. Returns
// the file entries (directories dropped) in central-directory order.
function checkEntries(layout: readonly ZipEntry[], limits: ReadLimits): ZipEntry[] {
  const files: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const entry of layout) {
    const raw = entry.name;
    validateEntryName(raw);
    const isDir = raw[raw.length - 1] === 0x2f;
    const key = isDir ? entry.key.slice(0, -1) : entry.key;
    if (seen.has(key)) throw refuse('bundle_duplicate_entry', raw, 'appears more than once');
    seen.add(key);
    if (entry.madeByOs === ZIP_OPSYS_UNIX) {
      const mode = (entry.externalAttributes >>> 16) & S_IFMT;
      if (mode === S_IFLNK) throw refuse('bundle_symlink', raw, 'is a symbolic link');
      if (mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) {
        throw refuse('bundle_symlink', raw, 'is not a regular file or directory');
      }
      // Directory-ness is the name's ('/' at the end) and the mode's alike.
      if (mode !== 0 && (mode === S_IFDIR) !== isDir) {
        throw refuse('bundle_layout_invalid', raw, isDir
          ? "is named as a directory but its mode is a file's"
          : "its mode is a directory's but its name does not end in '/'");
      }
    }
    // The MS-DOS directory attribute, which every host sets for directories.
    if ((entry.externalAttributes & DOS_DIRECTORY_ATTRIBUTE) !== 0 && !isDir) {
      throw refuse('bundle_layout_invalid', raw, "its attributes are a directory's but its name does not end in '/'");
    }
    if ((entry.flags & (ZIP_FLAG_ENCRYPTED | ZIP_FLAG_STRONG_ENCRYPTION)) !== 0 ||
      entry.method === ZIP_METHOD_AES) {
      throw refuse('bundle_encrypted', raw, 'is encrypted');
    }
    if (entry.method !== 0 && entry.method !== 8) {
      throw refuse('bundle_unreadable', raw, `unsupported compression method ${entry.method}`);
    }
    total += entry.size;
    if (entry.size > limits.maxTotalBytes || total > limits.maxTotalBytes) {
      throw refuse('bundle_too_large', raw,
        `total uncompressed size exceeds ${limits.maxTotalBytes / (1024 * 1024)} MiB`);
    }
    if (entry.size >= limits.ratioMinBytes &&
      Math.floor(entry.size / limits.maxRatio) > entry.compressedSize) {
      throw refuse('bundle_ratio_exceeded', raw, `compression ratio exceeds ${limits.maxRatio}:1`);
    }
    if (isDir) {
      if (entry.size !== 0) throw refuse('bundle_unreadable', raw, 'directory entry with data');
      continue;
    }
    files.push(entry);
  }
  // A file may not also be a directory prefix of another entry ("a" and "a/b").
  const fileNames = new Set(files.map((e) => e.key));
  for (const name of [...seen].sort(byteOrder)) {
    for (let slash = name.indexOf('/'); slash !== -1; slash = name.indexOf('/', slash + 1)) {
      const parent = name.slice(0, slash);
      if (fileNames.has(parent)) {
        throw refuse('bundle_duplicate_entry', latin1Bytes(name), `its parent '${shown(parent)}' is a file`);
      }
    }
  }
  return files;
}

// Binary strings compare by byte: std::map / std::set order.
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function latin1Bytes(binary: string): Uint8Array {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function shown(binary: string): string {
  return new TextDecoder().decode(latin1Bytes(binary));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Step 6.
function checkManifest(bytes: Uint8Array, options: ReadBundleOptions):
  Pick<Bundle, 'manifest' | 'runtimeTarget' | 'document' | 'documentText'> {
  let parsed;
  try {
    parsed = parseStrictJson(bytes);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw refuse('bundle_manifest_invalid', MANIFEST_NAME, `malformed JSON: ${error.message}`);
    }
    throw error;
  }
  const manifest = parsed.value;
  if (!isObject(manifest)) throw refuse('bundle_manifest_invalid', MANIFEST_NAME, 'not a JSON object');
  const target = manifest.runtime_target;
  if (typeof target !== 'string' || !RUNTIME_TARGETS.includes(target)) {
    throw refuse('bundle_wrong_target', MANIFEST_NAME, '"runtime_target" must be "native" or "wasm32-wasi"');
  }
  if (options.expectedTarget !== undefined && target !== options.expectedTarget) {
    throw refuse('bundle_wrong_target', MANIFEST_NAME,
      `the bundle is built for '${target}', not '${options.expectedTarget}'`);
  }
  const pipeline = manifest.pipeline;
  const span = parsed.members.get('pipeline');
  if (!isObject(pipeline) || span === undefined) {
    throw refuse('bundle_manifest_invalid', MANIFEST_NAME, '"pipeline" must be an object');
  }
  return { manifest, runtimeTarget: target, document: pipeline, documentText: parsed.text.slice(span[0], span[1]) };
}

/**
 * Reads and checks a whole bundle (docs/rmpkg.md), or throws the refusal the CLI's
 * `remotemedia verify` reports for the same bytes and key. Also throws bundle_key_invalid for a
 * malformed options.publicKey (before looking at the bundle, as the CLI does), invalid_option for
 * a bad maxBytes, and wasm_host_failed when a key is given but the host has no Ed25519.
 */
export async function readBundle(input: Uint8Array | ArrayBuffer, options: ReadBundleOptions = {}): Promise<Bundle> {
  const limits = limitsFor(options);
  const publicKey = options.publicKey === undefined || options.publicKey === null
    ? null : parsePublicKey(options.publicKey);
  const bytes = asBytes(input);
  if (bytes.length > limits.maxBundleBytes) {
    throw refuse('bundle_too_large', null, 'the bundle is larger than the limit');
  }
  // Steps 1-3: layout, entries, bounded inflation (synchronous: see the file comment).
  const entries = checkEntries(readZipLayout(bytes, limits.maxEntries), limits);
  const files = new Map<string, Uint8Array>();  // binary-string name -> data
  for (const entry of entries) files.set(entry.key, inflateEntry(bytes, entry, limits));

  // Step 4: checksums.
  if (!files.has(MANIFEST_NAME)) {
    throw refuse('bundle_missing_manifest', MANIFEST_NAME, 'the bundle has no manifest.json');
  }
  const checksumsFile = files.get(CHECKSUMS_NAME);
  if (checksumsFile === undefined) {
    throw refuse('bundle_checksum_mismatch', CHECKSUMS_NAME, 'the bundle has no checksums');
  }
  const checksums = parseChecksums(checksumsFile);
  // The two meta files are the only ones outside the list: one is the list, the other signs it.
  for (const meta of [CHECKSUMS_NAME, SIGNATURE_NAME]) {
    if (checksums.has(meta)) throw refuse('bundle_checksum_mismatch', meta, 'is listed in meta/checksums.json, which cannot cover it');
  }
  const names = [...files.keys()].sort(byteOrder);
  for (const name of names) {
    if (name === CHECKSUMS_NAME || name === SIGNATURE_NAME) continue;
    const listed = checksums.get(name);
    if (listed === undefined) {
      throw refuse('bundle_unlisted_file', latin1Bytes(name), 'is not listed in meta/checksums.json');
    }
    if (await sha256Hex(files.get(name)!) !== listed) {
      throw refuse('bundle_checksum_mismatch', latin1Bytes(name), 'SHA-256 does not match meta/checksums.json');
    }
  }
  for (const name of [...checksums.keys()].sort(byteOrder)) {
    if (!files.has(name)) {
      throw refuse('bundle_checksum_mismatch', latin1Bytes(name), 'is listed in meta/checksums.json but missing');
    }
  }

  // Step 5: the signature, when a key is given.
  const signature = files.get(SIGNATURE_NAME);
  let signatureVerified = false;
  if (publicKey) {
    if (signature === undefined) {
      throw refuse('bundle_signature_missing', SIGNATURE_NAME, 'a public key was given but the bundle is not signed');
    }
    if (!await verifySignature(checksumsFile, signature, publicKey)) {
      throw refuse('bundle_signature_invalid', SIGNATURE_NAME,
        'meta/signature is not a valid Ed25519 signature of meta/checksums.json for the given public key');
    }
    signatureVerified = true;
  }

  // Steps 6-7: the manifest, then a bundled runtime module.
  const manifest = checkManifest(files.get(MANIFEST_NAME)!, options);
  const module = files.get(RUNTIME_MODULE_NAME);
  if (module !== undefined) checkWasmModule(module, RUNTIME_MODULE_NAME);

  // Every file name is listed in the checksums, whose keys are valid UTF-8: decoding is exact.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const byName = new Map<string, Uint8Array>();
  for (const name of names) byName.set(decoder.decode(latin1Bytes(name)), files.get(name)!);
  return { ...manifest, files: byName, signed: signature !== undefined, signatureVerified };
}
