// Writes small hand-assembled modules into DIR, to drive `run --target wasm` through the endings a
// real runtime reaches only with effort. The fake reactors export what @remotemedia/runtime needs
// (memory, _initialize and the rm_* functions of c_api.h; rm_abi_version answers ABI_VERSION,
// which their custom section "remotemedia.abi_version" declares too) and misbehave in rm_run:
//   trap.wasm       rm_run executes `unreachable`
//   recurse.wasm    rm_run recurses without end (the engine's stack overflows)
//   exit.wasm       rm_run calls proc_exit(0)
//   no_abi.wasm     valid WebAssembly, exports only its memory (not the runtime library)
//   garbage.wasm    not WebAssembly at all
//
//   node make_modules.mjs DIR ABI_VERSION
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The exports the package checks for, from the package itself (js/runtime/dist, scripts/build_js.sh).
const { REQUIRED_EXPORTS } = await import(
  join(dirname(fileURLToPath(import.meta.url)), '../../js/runtime/dist/abi.js'));

const [dir, abiVersion] = [process.argv[2], Number(process.argv[3])];

const uleb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const sleb = (n) => {
  const out = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
};
const str = (s) => [...uleb(Buffer.byteLength(s)), ...Buffer.from(s)];
const vec = (items) => [...uleb(items.length), ...items.flat()];
const section = (id, body) => [id, ...uleb(body.length), ...body];
const I32 = 0x7f;
const i32 = (n) => [0x41, ...sleb(n)];
const call = (f) => [0x10, ...uleb(f)];


// A fake reactor whose rm_run body is `runBody` (type (i32 x6) -> i32; it may call function
// `self`); with `exitImport`, proc_exit is function 0.
function fakeReactor(runBody, exitImport = false) {
  const imports = exitImport ? 1 : 0;
  const six = [0x60, ...vec([I32, I32, I32, I32, I32, I32].map((t) => [t])), ...vec([[I32]])];
  const types = section(1, vec([six, [0x60, ...vec([[I32]]), ...vec([])]]));
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types];
  if (exitImport) out.push(...section(2, vec([[...str('wasi_snapshot_preview1'), ...str('proc_exit'), 0x00, 1]])));
  // Functions: zero (returns 0), alloc (returns 1024), abi (the version), run.
  const bodies = [i32(0), i32(1024), i32(abiVersion), runBody(imports + 3)];
  out.push(...section(3, vec(bodies.map(() => [0]))));
  out.push(...section(5, vec([[0x00, 2]])));
  const index = { rm_alloc: 1, rm_abi_version: 2, rm_run: 3 };
  out.push(...section(7, vec([[...str('memory'), 0x02, 0x00],
    ...REQUIRED_EXPORTS.map((name) => [...str(name), 0x00, ...uleb(imports + (index[name] ?? 0))])])));
  out.push(...section(10, vec(bodies.map((body) => {
    const code = [0x00, ...body, 0x0b];
    return [...uleb(code.length), ...code];
  }))));
  out.push(...section(0, [...str('remotemedia.abi_version'), ...Buffer.from(String(abiVersion))]));
  return Buffer.from(out);
}

const sixZeros = [...i32(0), ...i32(0), ...i32(0), ...i32(0), ...i32(0), ...i32(0)];
writeFileSync(join(dir, 'trap.wasm'), fakeReactor(() => [0x00]));
writeFileSync(join(dir, 'recurse.wasm'), fakeReactor((self) => [...sixZeros, ...call(self)]));
writeFileSync(join(dir, 'exit.wasm'), fakeReactor(() => [...i32(0), ...call(0), ...i32(0)], true));
writeFileSync(join(dir, 'no_abi.wasm'), Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(5, vec([[0x00, 1]])), ...section(7, vec([[...str('memory'), 0x02, 0x00]]))]));
writeFileSync(join(dir, 'garbage.wasm'), Buffer.from('this is not a wasm module\n'));
