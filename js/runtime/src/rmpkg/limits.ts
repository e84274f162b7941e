// The reader's fixed limits and well-known entry names, identical to src/pkg/bundle_reader.h
// (docs/rmpkg.md, "The reader"). A bundle the CLI refuses for a limit is refused here with the
// same code; callers may only lower the archive-size limit, never raise one.

export const MANIFEST_NAME = 'manifest.json';
export const CHECKSUMS_NAME = 'meta/checksums.json';
export const SIGNATURE_NAME = 'meta/signature';
export const PROVENANCE_NAME = 'meta/provenance.json';
export const RUNTIME_MODULE_NAME = 'modules/remotemedia_runtime.wasm';
export const STDLIB_NAME = 'wasi-deps/usr/lib/python311.zip';

export interface ReadLimits {
  /** The .rmpkg archive itself. */
  readonly maxBundleBytes: number;
  /** Sum of the declared uncompressed sizes of all entries. */
  readonly maxTotalBytes: number;
  readonly maxEntries: number;
  /** Uncompressed / compressed, per entry ... */
  readonly maxRatio: number;
  /** ... once the entry is at least this large. */
  readonly ratioMinBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = Object.freeze({
  maxBundleBytes: 256 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntries: 10000,
  maxRatio: 200,
  ratioMinBytes: 1024 * 1024,
});

/** Longest entry name, and longest component of one, that every reader can extract. */
export const MAX_ENTRY_NAME_BYTES = 512;
export const MAX_ENTRY_COMPONENT_BYTES = 255;

/** The runtime targets a bundle may declare. */
export const RUNTIME_TARGETS: readonly string[] = Object.freeze(['native', 'wasm32-wasi']);
