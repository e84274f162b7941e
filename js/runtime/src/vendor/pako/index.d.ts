// Types of dist/vendor/pako/index.js, the copy of pako's dist/pako.mjs that scripts/build_js.sh
// makes (see src/inflate.ts).
export * from 'pako';
