// The .rmpkg bundle reader (docs/rmpkg.md): the same rules, limits and error codes as the C++
// reader behind `remotemedia verify`, in TypeScript that runs unchanged in Node and browsers.
export { readBundle, type Bundle, type ReadBundleOptions } from './bundle_reader.js';
export { CHECKSUMS_NAME, DEFAULT_LIMITS, MANIFEST_NAME, PROVENANCE_NAME, RUNTIME_MODULE_NAME,
  SIGNATURE_NAME, STDLIB_NAME, type ReadLimits } from './limits.js';
export { parsePublicKey } from './signing.js';
