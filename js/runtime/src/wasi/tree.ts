// Builds read-only trees from a flat map of relative paths ("nodes/x.py") to contents.
import type { Inode } from './shim.js';

import { RemoteMediaError } from '../errors.js';

import { ReadOnlyDirectory, ReadOnlyFile } from './readonly_fs.js';

/** What can be mounted: a relative path ("x.py", "nodes/x.py") to its bytes or UTF-8 text. */
export type FileMap = Record<string, string | Uint8Array> | Map<string, string | Uint8Array>;

const encoder = new TextEncoder();
// Every tree gets a newer mtime than the last, so a guest that caches by (path, size, mtime) -
// importlib's directory listings, linecache - sees a swapped tree as changed.
let lastMtime = 0n;

function nextMtime(): bigint {
  const now = BigInt(Date.now()) * 1_000_000n;
  lastMtime = now > lastMtime ? now : lastMtime + 1n;
  return lastMtime;
}

function refuse(where: string, path: string, why: string): never {
  throw new RemoteMediaError('invalid_argument', `${where}: '${path}' ${why}`, { exitCode: 2, path });
}

/** The components of a relative path, or a thrown `invalid_argument` naming the path. Leading
 * "./" and a trailing "/" are not allowed either: a name is spelt one way. */
export function splitPath(where: string, path: string): string[] {
  if (path === '') refuse(where, path, 'is empty');
  if (path.startsWith('/')) refuse(where, path, 'is absolute (paths are relative to the mount)');
  if (path.includes('\0')) refuse(where, path, 'contains a NUL character');
  if (path.includes('\\')) refuse(where, path, 'contains a backslash');
  const parts = path.split('/');
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..') refuse(where, path, `has a '${part}' component`);
  }
  return parts;
}

/** A read-only directory tree holding `files`. The bytes of Uint8Array values are shared, not
 * copied; strings are encoded as UTF-8. `where` names the mount in error messages. */
export function buildTree(where: string, files: FileMap): ReadOnlyDirectory {
  const mtime = nextMtime();
  type Node = Map<string, Node | Uint8Array>;
  const root: Node = new Map();
  const entries = files instanceof Map ? files.entries() : Object.entries(files);
  for (const [path, content] of entries) {
    const parts = splitPath(where, path);
    let dir = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      const next = dir.get(part);
      if (next instanceof Uint8Array) refuse(where, path, `is below '${parts.slice(0, i + 1).join('/')}', which is a file`);
      if (next === undefined) {
        const child: Node = new Map();
        dir.set(part, child);
        dir = child;
      } else {
        dir = next;
      }
    }
    const name = parts[parts.length - 1]!;
    if (dir.has(name)) refuse(where, path, dir.get(name) instanceof Uint8Array ? 'is given twice' : 'is a directory of other entries');
    if (typeof content === 'string') dir.set(name, encoder.encode(content));
    else if (content instanceof Uint8Array) dir.set(name, content);
    else refuse(where, path, 'is neither a string nor a Uint8Array');
  }
  const build = (node: Node): ReadOnlyDirectory => {
    const contents = new Map<string, Inode>();
    for (const [name, child] of node) {
      contents.set(name, child instanceof Uint8Array ? new ReadOnlyFile(child, mtime) : build(child));
    }
    return new ReadOnlyDirectory(contents, mtime);
  };
  return build(root);
}
