// A read-only, lazily read view of a host directory for the guest (its /usr and /pipeline).
//
// - Nothing is read until the guest looks: a directory is listed on its first lookup, a file is
//   opened on the guest's first open, and only the bytes the guest reads are read (none are kept
//   in host memory).
// - Host symbolic links are never followed: they are not in the listing (nor are sockets, FIFOs
//   and devices), a file is opened with O_NOFOLLOW, and what was opened must still lie under the
//   view's real root (checked through /proc/self/fd), so a link swapped in on the host meanwhile
//   is refused too.
// - Bounded: at most MAX_OPEN_FILES distinct files opened per view (then ENFILE), and a directory
//   with more than MAX_ENTRIES entries shows none. Each refusal is noted once on stderr.
// - Read-only throughout (readonly_fs.mjs): nothing the guest does reaches the host.
import {
  closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync, readlinkSync, realpathSync,
} from 'node:fs';
import { join } from 'node:path';

import { wasi } from './shim.mjs';

import { ReadOnlyDirectory, ReadOnlyFile, ReadOnlyOpenFile } from './readonly_fs.mjs';

export const MAX_ENTRIES = 65536;
export const MAX_OPEN_FILES = 1024;
const MAX_READ = 16 * 1024 * 1024;
const BLOCK = 64 * 1024;
const MAX_CACHED = 64 * 1024 * 1024;

const HOST_ERRNO = {
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

function note(message) {
  process.stderr.write(`remotemedia-wasi-host: ${message}\n`);
}

// The shared facts of one view's nodes.
class View {
  constructor(guestName, hostRoot) {
    this.guestName = guestName;
    this.rootReal = realpathSync(hostRoot);
    this.openFiles = 0;
    this.cachedBytes = 0;
    this.noted = new Set();
  }
  noteOnce(key, message) {
    if (this.noted.has(key)) return;
    this.noted.add(key);
    note(message);
  }
  // True when `real` (a resolved host path) is the root or below it.
  contains(real) {
    return real === this.rootReal || real.startsWith(this.rootReal === '/' ? '/' : this.rootReal + '/');
  }
  guestPath(relative) {
    return relative ? `${this.guestName}/${relative}` : this.guestName;
  }
}

// The resolved path of an open descriptor (Linux); null where /proc is unavailable.
function descriptorPath(fd) {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

// A host file, opened (once, on the guest's first open) with O_NOFOLLOW and checked to lie under
// the view's root; reads then go straight to that descriptor, so only the bytes the guest asks
// for are read and none are kept in host memory. The descriptor stays open for the run.
class HostFile extends ReadOnlyFile {
  constructor(view, relative, size) {
    super(new Uint8Array(0));
    this.view = view;
    this.relative = relative;
    this.hostSize = size;
    this.hostFd = null;
  }
  get size() { return BigInt(this.hostSize); }

  load() {
    if (this.hostFd !== null) return wasi.ERRNO_SUCCESS;
    const view = this.view;
    if (view.openFiles >= MAX_OPEN_FILES) {
      view.noteOnce('open files', `refused ${view.guestPath(this.relative)}: more than ${MAX_OPEN_FILES} files opened in ${view.guestName}`);
      return wasi.ERRNO_NFILE;
    }
    const hostPath = join(view.rootReal, this.relative);
    let fd;
    try {
      fd = openSync(hostPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      return HOST_ERRNO[error.code] ?? wasi.ERRNO_IO;
    }
    let kept = false;
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return wasi.ERRNO_ACCES;
      const real = descriptorPath(fd) ?? realpathSync(hostPath);
      if (!view.contains(real)) {
        view.noteOnce(this.relative, `refused ${view.guestPath(this.relative)}: it resolves outside the directory`);
        return wasi.ERRNO_NOENT;
      }
      this.hostSize = stat.size;
      this.hostFd = fd;
      view.openFiles += 1;
      kept = true;
      return wasi.ERRNO_SUCCESS;
    } catch (error) {
      return HOST_ERRNO[error.code] ?? wasi.ERRNO_IO;
    } finally {
      if (!kept) closeSync(fd);
    }
  }

  openDescriptor() { return new HostOpenFile(this); }

  // Up to `size` bytes at `offset` (fewer at the end of the file, or past MAX_READ). Small reads
  // (zipimport reads the stdlib's central directory in pieces of a few dozen bytes) are served
  // from BLOCK-sized pieces read once and kept, up to MAX_CACHED bytes per view; larger reads go
  // straight to the host.
  readAt(size, offset) {
    const want = Math.max(0, Math.min(size, MAX_READ, this.hostSize - offset));
    if (want === 0) return { ret: wasi.ERRNO_SUCCESS, data: new Uint8Array(0) };
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
      const n = readSync(this.hostFd, data, 0, want, offset);
      return { ret: wasi.ERRNO_SUCCESS, data: n === want ? data : data.subarray(0, n) };
    } catch (error) {
      return { ret: HOST_ERRNO[error.code] ?? wasi.ERRNO_IO, data: new Uint8Array(0) };
    }
  }

  // The cached block `index`, reading it if needed; null once the view's cache is full.
  block(index) {
    if (!this.blocks) this.blocks = new Map();
    let block = this.blocks.get(index);
    if (block) return block;
    if (this.view.cachedBytes + BLOCK > MAX_CACHED) return null;
    const data = new Uint8Array(Math.min(BLOCK, this.hostSize - index * BLOCK));
    const n = readSync(this.hostFd, data, 0, data.byteLength, index * BLOCK);
    block = n === data.byteLength ? data : data.subarray(0, n);
    this.blocks.set(index, block);
    this.view.cachedBytes += block.byteLength;
    return block;
  }
}

class HostOpenFile extends ReadOnlyOpenFile {
  fd_read(size) {
    const result = this.file.readAt(size, Number(this.file_pos));
    this.file_pos += BigInt(result.data.byteLength);
    return result;
  }
  fd_pread(size, offset) { return this.file.readAt(size, Number(offset)); }
  fd_seek(offset, whence) {
    if (whence !== wasi.WHENCE_END) return super.fd_seek(offset, whence);
    const position = this.file.size + offset;
    if (position < 0n) return { ret: wasi.ERRNO_INVAL, offset: 0n };
    this.file_pos = position;
    return { ret: wasi.ERRNO_SUCCESS, offset: position };
  }
}

class HostDirectory extends ReadOnlyDirectory {
  constructor(view, relative) {
    super(new Map());
    this.view = view;
    this.relative = relative;
    this.pending = true;
  }

  // The shim reads `contents` for every lookup and listing: list the host directory then.
  get contents() {
    if (this.pending) {
      this.pending = false;
      this.own = this.list();
    }
    return this.own;
  }
  set contents(map) {
    this.own = map;
  }

  list() {
    const view = this.view;
    const entries = new Map();
    const hostPath = join(view.rootReal, this.relative);
    let dirents;
    try {
      if (!view.contains(realpathSync(hostPath))) {
        view.noteOnce(this.relative, `refused ${view.guestPath(this.relative)}: it resolves outside the directory`);
        return entries;
      }
      dirents = readdirSync(hostPath, { withFileTypes: true });
    } catch (error) {
      view.noteOnce(this.relative, `cannot list ${view.guestPath(this.relative)}: ${error.code || error.message}`);
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
        child.parent = this;
        entries.set(dirent.name, child);
      } else if (dirent.isFile()) {
        let size = 0;
        try {
          const stat = lstatSync(join(view.rootReal, relative));
          if (!stat.isFile()) continue;
          size = stat.size;
        } catch {
          continue;
        }
        entries.set(dirent.name, new HostFile(view, relative, size));
      }
      // Symbolic links, sockets, FIFOs and devices are left out: the guest never sees them.
    }
    return entries;
  }
}

// The root directory of a read-only view of `hostRoot`, shown to the guest as `guestName`.
// Throws (from realpath) when the host directory does not exist.
export function hostView(guestName, hostRoot) {
  return new HostDirectory(new View(guestName, hostRoot), '');
}
