// The one place that imports pako (3.0.3, pinned in package-lock.json: zlib's own inflate, ported),
// the .rmpkg reader's inflater.
// At run time it is the copy that scripts/build_js.sh puts in dist/vendor/pako/ (pako's
// dist/pako.mjs, unchanged), reached by a relative URL like the WASI shim (src/wasi/shim.ts), so
// that dist/ has no bare import left: a page needs no import map and a module Web Worker, which
// gets none, can use it.
export * from './vendor/pako/index.js';
