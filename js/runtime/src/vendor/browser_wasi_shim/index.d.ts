// Types of dist/vendor/browser_wasi_shim/index.js, the copy of @bjorn3/browser_wasi_shim's
// dist/ that scripts/build_js.sh makes (see src/wasi/shim.ts).
export * from '@bjorn3/browser_wasi_shim';
