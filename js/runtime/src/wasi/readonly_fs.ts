// Read-only in-memory filesystem objects for @bjorn3/browser_wasi_shim: files and directories
// the guest can open, read, stat and list, but never write, truncate, create, rename, link,
// delete or re-time. Every mutating call fails with EROFS (writes through a read-only descriptor
// with EBADF, as POSIX does), so nothing a pipeline does changes the tree for a later pipeline of
// the same long-lived instance.
import { Directory, File, Inode, OpenDirectory, OpenFile, wasi } from './shim.js';

import { Filestat } from './filestat.js';

const WRITE_RIGHTS = BigInt(wasi.RIGHTS_FD_WRITE | wasi.RIGHTS_FD_ALLOCATE |
  wasi.RIGHTS_FD_FILESTAT_SET_SIZE | wasi.RIGHTS_FD_DATASYNC);
const READ_RIGHTS = BigInt(wasi.RIGHTS_FD_READ | wasi.RIGHTS_FD_SEEK | wasi.RIGHTS_FD_TELL |
  wasi.RIGHTS_FD_FILESTAT_GET);
const ALL_RIGHTS = (1n << 29n) - 1n;

function wantsWrite(oflags: number, rights: bigint): boolean {
  return (rights & WRITE_RIGHTS) !== 0n || (oflags & wasi.OFLAGS_TRUNC) !== 0;
}

/** A file whose bytes never change. `data` is kept as given (not copied): the caller must not
 * change it while it is mounted. `mtime` (ns) is what stat reports. */
export class ReadOnlyFile extends File {
  readonly mtime: bigint;

  constructor(data: Uint8Array, mtime = 0n) {
    super(new Uint8Array(0), { readonly: true });
    this.data = data;
    this.mtime = mtime;
  }

  override stat(): wasi.Filestat {
    return new Filestat(this.ino, wasi.FILETYPE_REGULAR_FILE, this.size, this.mtime);
  }

  override path_open(oflags: number, rights: bigint): { ret: number; fd_obj: OpenFile } {
    // The shim's types say fd_obj is never null; it is on every failure, as in the shim itself.
    const refuse = (ret: number) => ({ ret, fd_obj: null as unknown as OpenFile });
    if (wantsWrite(oflags, rights)) return refuse(wasi.ERRNO_ROFS);
    if ((oflags & wasi.OFLAGS_DIRECTORY) !== 0) return refuse(wasi.ERRNO_NOTDIR);
    return { ret: wasi.ERRNO_SUCCESS, fd_obj: new ReadOnlyOpenFile(this) };
  }
}

/** A descriptor on a read-only file: reads, seeks and stats work; everything else is refused. */
export class ReadOnlyOpenFile extends OpenFile {
  override fd_write(): { ret: number; nwritten: number } { return { ret: wasi.ERRNO_BADF, nwritten: 0 }; }
  override fd_pwrite(): { ret: number; nwritten: number } { return { ret: wasi.ERRNO_BADF, nwritten: 0 }; }
  override fd_allocate(): number { return wasi.ERRNO_BADF; }
  override fd_filestat_set_size(): number { return wasi.ERRNO_BADF; }
  override fd_filestat_set_times(): number { return wasi.ERRNO_ROFS; }
  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_REGULAR_FILE, 0);
    fdstat.fs_rights_base = READ_RIGHTS;
    return { ret: 0, fdstat };
  }
}

/** A directory whose entries never change. `contents` maps a name to a ReadOnlyFile or
 * ReadOnlyDirectory. */
export class ReadOnlyDirectory extends Directory {
  readonly mtime: bigint;

  constructor(contents: Map<string, Inode>, mtime = 0n) {
    super(contents);
    this.mtime = mtime;
  }

  override stat(): wasi.Filestat {
    return new Filestat(this.ino, wasi.FILETYPE_DIRECTORY, 0n, this.mtime);
  }

  override path_open(): { ret: number; fd_obj: OpenDirectory } {
    return { ret: wasi.ERRNO_SUCCESS, fd_obj: new ReadOnlyOpenDirectory(this) };
  }

  override create_entry_for_path(): { ret: number; entry: Inode | null } {
    return { ret: wasi.ERRNO_ROFS, entry: null };
  }
}

/** A descriptor on a read-only directory: lookups, opens for reading, stat and readdir work;
 * create, mkdir, rename (either side), link, unlink, rmdir and set-times fail with EROFS. */
export class ReadOnlyOpenDirectory extends OpenDirectory {
  private entries: Array<[string, Inode]> | null = null;
  private entriesOf: Directory | null = null;

  private exists(path: string): boolean {
    return super.path_lookup(path, 0).inode_obj != null;
  }

  // wasi-libc asks for the rights of a new descriptor as (what the open mode needs) & (this
  // directory's inheriting rights). The shim reports none, so every open would get no rights and
  // write opens could only fail at the first write; with all rights reported, a write open
  // carries FD_WRITE and is refused by path_open below with EROFS.
  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_DIRECTORY, 0);
    fdstat.fs_rights_base = ALL_RIGHTS;
    fdstat.fs_rights_inherited = ALL_RIGHTS;
    return { ret: 0, fdstat };
  }

  override path_open(dirflags: number, path: string, oflags: number, rights: bigint,
    rightsInheriting: bigint, fdflags: number): { ret: number; fd_obj: import('./shim.js').Fd | null } {
    const { ret, inode_obj: entry } = super.path_lookup(path, dirflags);
    if (entry == null) {
      if (ret === wasi.ERRNO_NOENT && (oflags & wasi.OFLAGS_CREAT) !== 0) return { ret: wasi.ERRNO_ROFS, fd_obj: null };
      return { ret, fd_obj: null };
    }
    if ((oflags & wasi.OFLAGS_CREAT) !== 0 && (oflags & wasi.OFLAGS_EXCL) !== 0) return { ret: wasi.ERRNO_EXIST, fd_obj: null };
    const isDir = entry.stat().filetype === wasi.FILETYPE_DIRECTORY;
    if ((oflags & wasi.OFLAGS_DIRECTORY) !== 0 && !isDir) return { ret: wasi.ERRNO_NOTDIR, fd_obj: null };
    if (wantsWrite(oflags, rights)) return { ret: isDir ? wasi.ERRNO_ISDIR : wasi.ERRNO_ROFS, fd_obj: null };
    void rightsInheriting;
    return entry.path_open(oflags, rights, fdflags);
  }

  override path_create_directory(path: string): number { return this.exists(path) ? wasi.ERRNO_EXIST : wasi.ERRNO_ROFS; }
  override path_link(): number { return wasi.ERRNO_ROFS; }
  // The shim's rename unlinks the source first: refusing here refuses every rename out of (and,
  // through path_link, into) a read-only directory.
  override path_unlink(): { ret: number; inode_obj: Inode | null } { return { ret: wasi.ERRNO_ROFS, inode_obj: null }; }
  override path_unlink_file(path: string): number { return this.exists(path) ? wasi.ERRNO_ROFS : wasi.ERRNO_NOENT; }
  override path_remove_directory(path: string): number { return this.exists(path) ? wasi.ERRNO_ROFS : wasi.ERRNO_NOENT; }
  override path_filestat_set_times(): number { return wasi.ERRNO_ROFS; }
  override fd_filestat_set_times(): number { return wasi.ERRNO_ROFS; }
  override fd_filestat_set_size(): number { return wasi.ERRNO_ROFS; }
  override path_readlink(): { ret: number; data: string | null } { return { ret: wasi.ERRNO_INVAL, data: null }; }

  // The shim rebuilds the entry array for every entry (quadratic). The array is rebuilt when the
  // directory object behind this descriptor is replaced (a preopen whose contents were swapped).
  override fd_readdir_single(cookie: bigint): { ret: number; dirent: wasi.Dirent | null } {
    if (cookie < 2n) return super.fd_readdir_single(cookie);
    if (this.entries === null || this.entriesOf !== this.dir) {
      this.entries = Array.from(this.dir.contents.entries());
      this.entriesOf = this.dir;
    }
    const index = Number(cookie - 2n);
    if (index >= this.entries.length) return { ret: 0, dirent: null };
    const [name, entry] = this.entries[index]!;
    return { ret: 0, dirent: new wasi.Dirent(cookie + 1n, entry.ino, name, entry.stat().filetype) };
  }
}

/** A preopened read-only directory named `name` in the guest (e.g. "/usr"). Its tree can be
 * replaced (`replace`) between calls; the descriptor - which wasi-libc found in _initialize -
 * stays. Descriptors the guest opened below it earlier keep the tree they were opened on. */
export class ReadOnlyPreopen extends ReadOnlyOpenDirectory {
  readonly prestatName: string;

  constructor(name: string, dir: ReadOnlyDirectory) {
    super(dir);
    this.prestatName = name;
  }

  replace(dir: ReadOnlyDirectory): void {
    this.dir = dir;
  }

  override fd_prestat_get(): { ret: number; prestat: wasi.Prestat | null } {
    return { ret: 0, prestat: wasi.Prestat.dir(this.prestatName) };
  }
}
