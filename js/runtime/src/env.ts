// Where the package runs. Node built-ins are only ever loaded through nodeImport (a dynamic
// import whose specifier bundlers leave alone), and only when isNode is true, so the browser
// path never touches them.

export const isNode: boolean = typeof process !== 'undefined' && typeof process.versions === 'object' &&
  typeof process.versions.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';

/** import(name) for a Node built-in ("node:fs/promises"). */
export function nodeImport<T>(name: string): Promise<T> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<T>;
}
