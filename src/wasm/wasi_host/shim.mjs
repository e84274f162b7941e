// The one place that imports @bjorn3/browser_wasi_shim (pinned in package-lock.json): Node
// resolves a bare package name once per importing module, so the others import it from here.
export * from '@bjorn3/browser_wasi_shim';
