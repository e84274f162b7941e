// Node only: a read-only, lazily read view of a host directory for the guest (the CLI's
// /pipeline, or any runner's setPipelineDirectory / setModelDirectory).
//
// - Nothing is read until the guest looks: a directory is listed on its first lookup, a file is
//   opened on the guest's first open, and only the bytes the guest reads are read (small reads are
//   served from blocks kept up to MAX_CACHED bytes per view; nothing else is kept).
// - Host symbolic links are never followed: they are not in the listing (nor are sockets, FIFOs
//   and devices), a file is opened with O_NOFOLLOW, and what was opened must still lie under the
//   view's real root (checked through /proc/self/fd), so a link swapped in on the host meanwhile
//   is refused too.
// - Bounded: at most MAX_OPEN_FILES distinct files opened per view (then ENFILE), and a directory
//   with more than MAX_ENTRIES entries shows none. Each refusal is noted once through `note`.
// - Read-only throughout (readonly_fs.ts): nothing the guest does reaches the host.
// - Host descriptors stay open until the view's release(): the engine releases a view when it
//   is replaced (a guest descriptor still open on it then reads EBADF).
import { type Inode, type OpenFile, wasi } from './shim.js';

import { isNode, nodeImport } from '../env.js';
import { RemoteMediaError } from '../errors.js';
import { ReadOnlyDirectory, ReadOnlyFile, ReadOnlyOpenFile } from './readonly_fs.js';

export const MAX_ENTRIES = 65536;
export const MAX_OPEN_FILES = 1024;
const MAX_READ = 16 * 1024 * 1024;
const BLOCK = 64 * 1024;
const MAX_CACHED = 64 * 1024 * 1024;

type NodeFs = typeof import('node:fs');

const HOST_ERRNO: Record<string, number> = {
  ENOENT: wasi.ERRNO_NOENT,
  EACCES: wasi.ERRNO_ACCES,
  EPERM: wasi.ERRNO_PERM,
  ELOOP: wasi.ERRNO_LOOP,
  EISDIR: wasi.ERRNO_ISDIR,
  ENOTDIR: wasi.ERRNO_NOTDIR,
  ENAMETOOLONG: wasi.ERRNO_NAMETOOLONG,
  EMFILE: wasi.ERRNO_MFILE,
  ENFILE: wasi.ERRNO_NFILE,
};

const errnoOf = (error: unknown): number => HOST_ERRNO[(error as { code?: string }).code ?? ''] ?? wasi.ERRNO_IO;

// The shared facts of one view's nodes.
class View {
  readonly rootReal: string;
  readonly opened: number[] = [];
  cachedBytes = 0;
  released = false;
  private readonly noted = new Set<string>();

  constructor(readonly fs: NodeFs, readonly guestName: string, hostRoot: string, private readonly note: (message: string) => void) {
    this.rootReal = fs.realpathSync(hostRoot);
  }

  noteOnce(key: string, message: string): void {
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.note(message);
  }

  /** True when `real` (a resolved host path) is the root or below it. */
  contains(real: string): boolean {
    return real === this.rootReal || real.startsWith(this.rootReal === '/' ? '/' : this.rootReal + '/');
  }

  hostPath(relative: string): string {
    return relative ? `${this.rootReal}/${relative}` : this.rootReal;
  }

  guestPath(relative: string): string {
    return relative ? `${this.guestName}/${relative}` : this.guestName;
  }

  /** Closes every host descriptor the view opened; later reads through them fail. */
  release(): void {
    this.released = true;
    for (const fd of this.opened.splice(0)) {
      try {
        this.fs.closeSync(fd);
      } catch {
        // Already closed: nothing to release.
      }
    }
  }

  /** The resolved path of an open descriptor (Linux); null where /proc is unavailable. */
  descriptorPath(fd: number): string | null {
    try {
      return this.fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return null;
    }
  }
}

// A host file, opened (once, on the guest's first open) with O_NOFOLLOW and checked to lie under
// the view's root.
class HostFile extends ReadOnlyFile {
  private hostFd: number | null = null;
  private blocks: Map<number, Uint8Array> | null = null;

  constructor(private readonly view: View, private readonly relative: string, private hostSize: number) {
    super(new Uint8Array(0));
  }

  override get size(): bigint {
    return BigInt(this.hostSize);
  }

  override path_open(oflags: number, rights: bigint): { ret: number; fd_obj: OpenFile } {
    const checked = super.path_open(oflags, rights);
    if (checked.ret !== wasi.ERRNO_SUCCESS) return checked;
    const ret = this.load();
    if (ret !== wasi.ERRNO_SUCCESS) return { ret, fd_obj: null as unknown as OpenFile };
    return { ret, fd_obj: new HostOpenFile(this) };
  }

  private load(): number {
    const { view } = this;
    if (view.released) return wasi.ERRNO_BADF;
    if (this.hostFd !== null) return wasi.ERRNO_SUCCESS;
    const { fs } = view;
    if (view.opened.length >= MAX_OPEN_FILES) {
      view.noteOnce('open files', `refused ${view.guestPath(this.relative)}: more than ${MAX_OPEN_FILES} files opened in ${view.guestName}`);
      return wasi.ERRNO_NFILE;
    }
    const hostPath = view.hostPath(this.relative);
    let fd: number;
    try {
      fd = fs.openSync(hostPath, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    } catch (error) {
      return errnoOf(error);
    }
    let kept = false;
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return wasi.ERRNO_ACCES;
      const real = view.descriptorPath(fd) ?? fs.realpathSync(hostPath);
      if (!view.contains(real)) {
        view.noteOnce(this.relative, `refused ${view.guestPath(this.relative)}: it resolves outside the directory`);
        return wasi.ERRNO_NOENT;
      }
      this.hostSize = stat.size;
      this.hostFd = fd;
      view.opened.push(fd);
      kept = true;
      return wasi.ERRNO_SUCCESS;
    } catch (error) {
      return errnoOf(error);
    } finally {
      if (!kept) fs.closeSync(fd);
    }
  }

  /** Up to `size` bytes at `offset` (fewer at the end of the file, or past MAX_READ). Small
   * reads (zipimport reads a zip's central directory in pieces of a few dozen bytes) are served
   * from BLOCK-sized pieces read once and kept; larger reads go straight to the host. */
  readAt(size: number, offset: number): { ret: number; data: Uint8Array } {
    const want = Math.max(0, Math.min(size, MAX_READ, this.hostSize - offset));
    if (this.view.released) return { ret: wasi.ERRNO_BADF, data: new Uint8Array(0) };
    if (want === 0 || this.hostFd === null) return { ret: wasi.ERRNO_SUCCESS, data: new Uint8Array(0) };
    try {
      const index = Math.floor(offset / BLOCK);
      if (want < BLOCK && Math.floor((offset + want - 1) / BLOCK) === index) {
        const block = this.block(index);
        if (block) {
          const start = offset - index * BLOCK;
          return { ret: wasi.ERRNO_SUCCESS, data: block.slice(start, Math.min(start + want, block.byteLength)) };
        }
      }
      const data = new Uint8Array(want);
      const n = this.view.fs.readSync(this.hostFd, data, 0, want, offset);
      return { ret: wasi.ERRNO_SUCCESS, data: n === want ? data : data.subarray(0, n) };
    } catch (error) {
      return { ret: errnoOf(error), data: new Uint8Array(0) };
    }
  }

  // The cached block `index`, reading it if needed; null once the view's cache is full.
  private block(index: number): Uint8Array | null {
    this.blocks ??= new Map();
    let block = this.blocks.get(index);
    if (block) return block;
    if (this.view.cachedBytes + BLOCK > MAX_CACHED) return null;
    const data = new Uint8Array(Math.min(BLOCK, this.hostSize - index * BLOCK));
    const n = this.view.fs.readSync(this.hostFd!, data, 0, data.byteLength, index * BLOCK);
    block = n === data.byteLength ? data : data.subarray(0, n);
    this.blocks.set(index, block);
    this.view.cachedBytes += block.byteLength;
    return block;
  }
}

class HostOpenFile extends ReadOnlyOpenFile {
  constructor(private readonly host: HostFile) {
    super(host);
  }

  override fd_read(size: number): { ret: number; data: Uint8Array } {
    const result = this.host.readAt(size, Number(this.file_pos));
    this.file_pos += BigInt(result.data.byteLength);
    return result;
  }

  override fd_pread(size: number, offset: bigint): { ret: number; data: Uint8Array } {
    return this.host.readAt(size, Number(offset));
  }

  override fd_seek(offset: bigint, whence: number): { ret: number; offset: bigint } {
    if (whence !== wasi.WHENCE_END) return super.fd_seek(offset, whence);
    const position = this.host.size + offset;
    if (position < 0n) return { ret: wasi.ERRNO_INVAL, offset: 0n };
    this.file_pos = position;
    return { ret: wasi.ERRNO_SUCCESS, offset: position };
  }
}

// A host directory, listed on the guest's first lookup or listing in it. The shim reads
// `contents` for both, so `contents` is an accessor on each instance (Directory declares it a
// plain property).
export class HostDirectory extends ReadOnlyDirectory {
  constructor(private readonly view: View, private readonly relative: string) {
    super(new Map());
    let listed: Map<string, Inode> | null = null;
    Object.defineProperty(this, 'contents', {
      configurable: true,
      get: () => (listed ??= this.list()),
      set: (map: Map<string, Inode>) => { listed = map; },
    });
  }

  /** Closes the host descriptors of the whole view (call on the root, when unmounting it). */
  release(): void {
    this.view.release();
  }

  private list(): Map<string, Inode> {
    const { view } = this;
    const { fs } = view;
    const entries = new Map<string, Inode>();
    const hostPath = view.hostPath(this.relative);
    let dirents: import('node:fs').Dirent[];
    try {
      if (!view.contains(fs.realpathSync(hostPath))) {
        view.noteOnce(this.relative, `refused ${view.guestPath(this.relative)}: it resolves outside the directory`);
        return entries;
      }
      dirents = fs.readdirSync(hostPath, { withFileTypes: true });
    } catch (error) {
      view.noteOnce(this.relative, `cannot list ${view.guestPath(this.relative)}: ${(error as { code?: string }).code ?? String(error)}`);
      return entries;
    }
    if (dirents.length > MAX_ENTRIES) {
      view.noteOnce(this.relative, `${view.guestPath(this.relative)} has more than ${MAX_ENTRIES} entries; it is shown empty`);
      return entries;
    }
    for (const dirent of dirents) {
      const relative = this.relative ? `${this.relative}/${dirent.name}` : dirent.name;
      if (dirent.isDirectory()) {
        const child = new HostDirectory(view, relative);
        (child as unknown as { parent: ReadOnlyDirectory }).parent = this;
        entries.set(dirent.name, child);
      } else if (dirent.isFile()) {
        try {
          const stat = fs.lstatSync(view.hostPath(relative));
          if (stat.isFile()) entries.set(dirent.name, new HostFile(view, relative, stat.size));
        } catch {
          // Gone or unreadable since the listing: left out.
        }
      }
      // Symbolic links, sockets, FIFOs and devices are left out: the guest never sees them.
    }
    return entries;
  }
}

/** The root of a read-only view of the host directory `hostRoot`, shown to the guest as
 * `guestName` ("/pipeline"). `note` receives one line per refusal (a link leading out, a
 * directory too large). Throws `invalid_argument` outside Node, and `io_error` (exit 2) when
 * `hostRoot` is not a directory that can be resolved. */
export async function hostDirectory(guestName: string, hostRoot: string, note: (message: string) => void): Promise<HostDirectory> {
  if (!isNode) {
    throw new RemoteMediaError('invalid_argument', `a host directory can be mounted as ${guestName} in Node only (elsewhere, mount files)`, { exitCode: 2 });
  }
  const fs = await nodeImport<NodeFs>('node:fs');
  let view: View;
  try {
    view = new View(fs, guestName, hostRoot, note);
    if (!fs.statSync(view.rootReal).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new RemoteMediaError('io_error', `cannot use '${hostRoot}' as ${guestName}: ${code ?? String(error)}`,
      { exitCode: 2, path: hostRoot, cause: error });
  }
  return new HostDirectory(view, '');
}
