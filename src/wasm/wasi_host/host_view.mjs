// A read-only, lazily loaded view of a host directory for the guest (its /usr and /pipeline).
//
// - Nothing is read until the guest looks: a directory is listed on its first lookup, a file's
//   bytes are read on its first open and kept in memory for the rest of the run.
// - Host symbolic links are never followed: they are not in the listing (nor are sockets, FIFOs
//   and devices), a file is opened with O_NOFOLLOW, and what was opened must still lie under the
//   view's real root (checked through /proc/self/fd), so a link swapped in on the host meanwhile
//   is refused too.
// - The bytes loaded per view are bounded (`budget`); past it an open fails with EFBIG, and a
//   directory with more than MAX_ENTRIES entries shows none. Each refusal is noted once on stderr.
// - Read-only throughout (readonly_fs.mjs): nothing the guest does reaches the host.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

import { wasi } from '@bjorn3/browser_wasi_shim';

import { readSomeSync } from './host_io.mjs';
import { ReadOnlyDirectory, ReadOnlyFile } from './readonly_fs.mjs';

export const MAX_ENTRIES = 65536;

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

// What one view may load, and the shared facts its nodes need.
class View {
  constructor(guestName, hostRoot, maxBytes, limitName) {
    this.guestName = guestName;
    this.rootReal = realpathSync(hostRoot);
    this.maxBytes = maxBytes;
    this.limitName = limitName;
    this.loadedBytes = 0;
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

class HostFile extends ReadOnlyFile {
  constructor(view, relative, size) {
    super(new Uint8Array(0));
    this.view = view;
    this.relative = relative;
    this.listedSize = size;
    this.loaded = false;
  }
  get size() { return BigInt(this.loaded ? this.data.byteLength : this.listedSize); }

  load() {
    if (this.loaded) return wasi.ERRNO_SUCCESS;
    const view = this.view;
    const hostPath = join(view.rootReal, this.relative);
    let fd;
    try {
      fd = openSync(hostPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      return HOST_ERRNO[error.code] ?? wasi.ERRNO_IO;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return wasi.ERRNO_ACCES;
      const real = descriptorPath(fd) ?? realpathSync(hostPath);
      if (!view.contains(real)) {
        view.noteOnce(this.relative, `refused ${view.guestPath(this.relative)}: it resolves outside the directory`);
        return wasi.ERRNO_NOENT;
      }
      if (view.loadedBytes + stat.size > view.maxBytes) {
        view.noteOnce('budget', `refused ${view.guestPath(this.relative)}: the files read from ` +
          `${view.guestName} would exceed ${view.maxBytes} bytes (${view.limitName})`);
        return wasi.ERRNO_FBIG;
      }
      const data = new Uint8Array(stat.size);
      let done = 0;
      while (done < data.byteLength) {
        const n = readSomeSync(fd, data, done, data.byteLength - done);
        if (n === 0) break;
        done += n;
      }
      view.loadedBytes += done;
      this.data = done === data.byteLength ? data : data.subarray(0, done);
      this.loaded = true;
      return wasi.ERRNO_SUCCESS;
    } catch (error) {
      return HOST_ERRNO[error.code] ?? wasi.ERRNO_IO;
    } finally {
      closeSync(fd);
    }
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
export function hostView(guestName, hostRoot, maxBytes, limitName) {
  return new HostDirectory(new View(guestName, hostRoot, maxBytes, limitName), '');
}
