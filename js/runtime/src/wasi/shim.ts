// The one place that imports @bjorn3/browser_wasi_shim (0.4.2, pinned in package-lock.json).
// At run time it is the copy that scripts/build_js.sh puts in dist/vendor/browser_wasi_shim/
// (the package's own ESM files, unchanged): a module Web Worker gets no import map, so
// dist/worker.js must reach the shim by a relative URL to load in a browser without a bundler.
// The types are the package's (src/vendor/browser_wasi_shim/index.d.ts re-exports them).
export * from '../vendor/browser_wasi_shim/index.js';
