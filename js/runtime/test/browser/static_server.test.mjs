// The suite's static server: what it serves, with which types, and that nothing outside its root
// is reachable - the browser tests trust it to be a faithful, contained stand-in for a web server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp, mkdir, writeFile, symlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStaticServer } from './lib/static_server.mjs';

let dir, root, server;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rm-static-'));
  root = path.join(dir, 'root');
  await mkdir(path.join(root, 'sub'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<p>home</p>');
  await writeFile(path.join(root, 'sub', 'm.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  await writeFile(path.join(root, 'sub', 'a b.mjs'), 'export default 1;');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the root');
  await writeFile(path.join(root, '.hidden'), 'a dotfile');
  await symlink(path.join(dir, 'secret.txt'), path.join(root, 'link-out.txt'));
  await symlink(path.join(root, 'index.html'), path.join(root, 'link-in.html'));
  server = await startStaticServer(root);
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

// A raw request: the path is sent exactly as given (no URL normalisation by a client).
function get(rawPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: rawPath, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('binds to 127.0.0.1 on an ephemeral port', () => {
  assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(server.port, 0);
});

test('serves files with their MIME type; .wasm is application/wasm for compileStreaming', async () => {
  const html = await get('/');
  assert.equal(html.status, 200);
  assert.equal(html.body.toString(), '<p>home</p>');
  assert.match(html.headers['content-type'], /^text\/html/);
  const wasm = await get('/sub/m.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers['content-type'], 'application/wasm');
  assert.equal(wasm.body.length, 8);
  const js = await get('/sub/a%20b.mjs');
  assert.equal(js.status, 200);
  assert.match(js.headers['content-type'], /^text\/javascript/);
});

test('pages are cross-origin isolated and never cached', async () => {
  const res = await get('/index.html');
  assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin');
  assert.equal(res.headers['cross-origin-embedder-policy'], 'require-corp');
  assert.equal(res.headers['cache-control'], 'no-store');
});

test('no path leaves the root: dot segments, encoded ones, backslashes and NUL are refused', async () => {
  for (const p of ['/../secret.txt', '/sub/../../secret.txt', '/%2e%2e/secret.txt', '/sub/%2E%2E/%2E%2E/secret.txt',
    '/..%2fsecret.txt', '/sub%5c..%5c..%5csecret.txt', '/index.html%00.png', '/%zz']) {
    const res = await get(p);
    assert.equal(res.status, 400, `${p} -> ${res.status}`);
    assert.doesNotMatch(res.body.toString(), /outside the root/);
  }
});

test('a symlink is followed only while its target stays under the root', async () => {
  assert.equal((await get('/link-out.txt')).status, 404);
  const inside = await get('/link-in.html');
  assert.equal(inside.status, 200);
  assert.equal(inside.body.toString(), '<p>home</p>');
});

test('no listings, no writes, missing files are 404', async () => {
  assert.equal((await get('/sub')).status, 404);
  assert.equal((await get('/sub/')).status, 404);
  assert.equal((await get('/nope.js')).status, 404);
  assert.equal((await get('/.hidden')).status, 404);
  assert.equal((await get('/index.html', 'PUT')).status, 405);
  assert.equal((await get('/index.html', 'DELETE')).status, 405);
  const head = await get('/sub/m.wasm', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], '8');
  assert.equal(head.body.length, 0);
});

test('close() stops the server', async () => {
  const other = await startStaticServer(root);
  await other.close();
  await assert.rejects(new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: other.port, path: '/' }, resolve);
    req.on('error', reject);
    req.end();
  }), /ECONNREFUSED/);
});
