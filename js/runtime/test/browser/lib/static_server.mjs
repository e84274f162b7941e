// A tiny read-only static HTTP server for the browser suite and the JS benchmark: serves the files
// under one root directory on 127.0.0.1 at an ephemeral port, nothing else.
//
// Contract:
// - GET and HEAD only (anything else: 405). No directory listings (a directory: 404).
// - A request path is percent-decoded once and resolved against the root; a path with NUL, a
//   backslash, or any `.`/`..` segment is 400, and a file whose real path (symlinks followed) is not
//   under the root's real path is 404 - so nothing outside the root is ever read. Hidden entries
//   (a segment starting with `.`: .git, .cache) are 404 too.
// - Content types come from the file extension (`application/wasm` for .wasm, so
//   WebAssembly.compileStreaming accepts the response); unknown ones are application/octet-stream.
// - Every response is `Cache-Control: no-store` (each page load fetches and compiles afresh, so a
//   "cold" measurement is cold) and carries COOP/COEP headers, so pages are cross-origin isolated
//   (precise performance.now(), SharedArrayBuffer available to whoever wants it).
// - `requests` records every request as `METHOD path -> status`, for tests that assert on traffic.
// - close() stops listening and destroys open connections; it resolves once the server is down.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const MIME = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.cjs', 'text/javascript; charset=utf-8'],
  ['.map', 'application/json; charset=utf-8'],
  ['.json', 'application/json; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.txt', 'text/plain; charset=utf-8'],
  ['.py', 'text/plain; charset=utf-8'],
  ['.ts', 'text/plain; charset=utf-8'],
  ['.wasm', 'application/wasm'],
  ['.zip', 'application/zip'],
  ['.png', 'image/png'],
  ['.svg', 'image/svg+xml'],
  ['.rmpkg', 'application/octet-stream'],
]);

export function contentType(file) {
  return MIME.get(path.extname(file).toLowerCase()) ?? 'application/octet-stream';
}

// The file a URL path names under `realRoot`, or an HTTP status explaining why there is none.
export async function resolveUnderRoot(realRoot, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '.' || s === '..')) return { status: 400 };
  // Hidden entries (.git, .cache, dotfiles) are not part of what a site serves.
  if (segments.some((s) => s.startsWith('.'))) return { status: 404 };
  const candidate = path.join(realRoot, ...segments);
  let real;
  try {
    real = await realpath(candidate);
  } catch {
    return { status: 404 };
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return { status: 404 };
  let info;
  try {
    info = await stat(real);
  } catch {
    return { status: 404 };
  }
  if (!info.isFile()) return { status: 404 };
  return { status: 200, file: real, size: info.size };
}

const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

// Starts serving `root`. Resolves with { origin, port, requests, close }.
export async function startStaticServer(root) {
  const realRoot = await realpath(root);
  const requests = [];
  const sockets = new Set();

  const server = createServer(async (req, res) => {
    const end = (status, body = '') => {
      requests.push(`${req.method} ${req.url} -> ${status}`);
      res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return end(405, 'method not allowed\n');
    const urlPath = (req.url ?? '/').split(/[?#]/, 1)[0];
    const found = await resolveUnderRoot(realRoot, urlPath === '/' ? '/index.html' : urlPath);
    if (found.status !== 200) return end(found.status, `${found.status}\n`);
    requests.push(`${req.method} ${req.url} -> 200`);
    res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': contentType(found.file),
      'Content-Length': String(found.size) });
    if (req.method === 'HEAD') return res.end();
    const stream = createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
  };
}
