// Writes small hand-assembled WASI command modules into DIR, to drive the wasm host through the
// endings a real guest reaches only with effort:
//   trap.wasm       _start executes `unreachable`
//   recurse.wasm    _start recurses without end (the engine's stack overflows)
//   silent.wasm     _start calls proc_exit(0) without writing a document
//   document.wasm   _start writes a document to fd 5 and "GARBAGE" to fd 1, then proc_exit(2)
//   no_start.wasm   valid, but exports no _start
//   garbage.wasm    not WebAssembly at all
//
//   node make_modules.mjs DIR
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];

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

// module({types, imports: [[module, name, typeIndex]], funcs: [[typeIndex, bodyBytes]], data: [[offset, bytes]], start: exported function index})
function module({ types, imports = [], funcs, data = [], exportStart = true }) {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  out.push(...section(1, vec(types.map(([params, results]) => [0x60, ...vec(params), ...vec(results)]))));
  if (imports.length) {
    out.push(...section(2, vec(imports.map(([m, n, t]) => [...str(m), ...str(n), 0x00, ...uleb(t)]))));
  }
  out.push(...section(3, vec(funcs.map(([t]) => uleb(t)))));
  out.push(...section(5, vec([[0x00, ...uleb(1)]])));
  const exports = [[...str('memory'), 0x02, 0x00]];
  if (exportStart) exports.push([...str('_start'), 0x00, ...uleb(imports.length)]);
  out.push(...section(7, vec(exports)));
  out.push(...section(10, vec(funcs.map(([, body]) => {
    const code = [0x00, ...body, 0x0b];  // no locals
    return [...uleb(code.length), ...code];
  }))));
  if (data.length) {
    out.push(...section(11, vec(data.map(([offset, bytes]) =>
      [0x00, 0x41, ...sleb(offset), 0x0b, ...uleb(bytes.length), ...bytes]))));
  }
  return Buffer.from(out);
}

const VOID = [[], []];
const I32_TO_VOID = [[I32], []];
const FD_WRITE = [[I32, I32, I32, I32], [I32]];
const i32 = (n) => [0x41, ...sleb(n)];
const call = (f) => [0x10, ...uleb(f)];
const DROP = [0x1a];

writeFileSync(join(dir, 'trap.wasm'), module({ types: [VOID], funcs: [[0, [0x00]]] }));
writeFileSync(join(dir, 'recurse.wasm'), module({ types: [VOID], funcs: [[0, call(0)]] }));
writeFileSync(join(dir, 'silent.wasm'), module({
  types: [I32_TO_VOID, VOID],
  imports: [['wasi_snapshot_preview1', 'proc_exit', 0]],
  funcs: [[1, [...i32(0), ...call(0)]]],
}));

// iovecs at 0 (document) and 8 (garbage); text at 64 and 512; nwritten at 32.
const documentText = Buffer.from('{"status": "success", "outputs": {"n": [1]}}\n');
const garbage = Buffer.from('GARBAGE');
const le32 = (n) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
writeFileSync(join(dir, 'document.wasm'), module({
  types: [FD_WRITE, I32_TO_VOID, VOID],
  imports: [['wasi_snapshot_preview1', 'fd_write', 0], ['wasi_snapshot_preview1', 'proc_exit', 1]],
  funcs: [[2, [
    ...i32(1), ...i32(8), ...i32(1), ...i32(32), ...call(0), ...DROP,
    ...i32(5), ...i32(0), ...i32(1), ...i32(32), ...call(0), ...DROP,
    ...i32(2), ...call(1),
  ]]],
  data: [[0, [...le32(64), ...le32(documentText.length), ...le32(512), ...le32(garbage.length)]],
    [64, [...documentText]], [512, [...garbage]]],
}));
writeFileSync(join(dir, 'no_start.wasm'), module({ types: [VOID], funcs: [[0, []]], exportStart: false }));
writeFileSync(join(dir, 'garbage.wasm'), Buffer.from('this is not a wasm module\n'));
