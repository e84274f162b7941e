// Read-only in-memory filesystem objects for @bjorn3/browser_wasi_shim: files and directories
// the guest can open, read, stat and list, but never write, truncate, create, rename, link,
// delete or re-time. Every mutating call fails with EROFS (writes through a read-only descriptor
// with EBADF, as POSIX does), so nothing the guest does changes the tree, for this run or a later
// one sharing it.
import { Directory, Inode, OpenDirectory, OpenFile, wasi } from './shim.mjs';

const WRITE_RIGHTS = BigInt(wasi.RIGHTS_FD_WRITE | wasi.RIGHTS_FD_ALLOCATE |
  wasi.RIGHTS_FD_FILESTAT_SET_SIZE | wasi.RIGHTS_FD_DATASYNC);
const READ_RIGHTS = BigInt(wasi.RIGHTS_FD_READ | wasi.RIGHTS_FD_SEEK | wasi.RIGHTS_FD_TELL |
  wasi.RIGHTS_FD_FILESTAT_GET);

const ALL_RIGHTS = (1n << 29n) - 1n;

function wantsWrite(oflags, rights) {
  return (rights & WRITE_RIGHTS) !== 0n || (oflags & wasi.OFLAGS_TRUNC) !== 0;
}

// A descriptor on a read-only file: reads, seeks and stats work; everything else is refused.
export class ReadOnlyOpenFile extends OpenFile {
  fd_write() { return { ret: wasi.ERRNO_BADF, nwritten: 0 }; }
  fd_pwrite() { return { ret: wasi.ERRNO_BADF, nwritten: 0 }; }
  fd_allocate() { return wasi.ERRNO_BADF; }
  fd_filestat_set_size() { return wasi.ERRNO_BADF; }
  fd_filestat_set_times() { return wasi.ERRNO_ROFS; }
  fd_fdstat_get() {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_REGULAR_FILE, 0);
    fdstat.fs_rights_base = READ_RIGHTS;
    return { ret: 0, fdstat };
  }
}

// A file whose bytes never change, held in memory. Subclasses may read elsewhere (see
// host_view.mjs): load() prepares the first open and returns a WASI errno, openDescriptor()
// makes the descriptor.
export class ReadOnlyFile extends Inode {
  constructor(data) {
    super();
    this.data = data;  // a Uint8Array, kept as given (not copied)
    this.readonly = true;
  }
  load() { return wasi.ERRNO_SUCCESS; }
  openDescriptor() { return new ReadOnlyOpenFile(this); }
  get size() { return BigInt(this.data.byteLength); }
  stat() { return new wasi.Filestat(this.ino, wasi.FILETYPE_REGULAR_FILE, this.size); }
  path_open(oflags, rights) {
    if (wantsWrite(oflags, rights)) return { ret: wasi.ERRNO_ROFS, fd_obj: null };
    if ((oflags & wasi.OFLAGS_DIRECTORY) !== 0) return { ret: wasi.ERRNO_NOTDIR, fd_obj: null };
    const loaded = this.load();
    if (loaded !== wasi.ERRNO_SUCCESS) return { ret: loaded, fd_obj: null };
    return { ret: wasi.ERRNO_SUCCESS, fd_obj: this.openDescriptor() };
  }
}

// A directory whose entries never change. `contents` is a Map name -> Inode, as in the shim.
export class ReadOnlyDirectory extends Directory {
  path_open() { return { ret: wasi.ERRNO_SUCCESS, fd_obj: new ReadOnlyOpenDirectory(this) }; }
  create_entry_for_path() { return { ret: wasi.ERRNO_ROFS, entry: null }; }
}

// A descriptor on a read-only directory: lookups, opens for reading, stat and readdir work;
// create, mkdir, rename (either side), link, unlink, rmdir and set-times fail with EROFS.
export class ReadOnlyOpenDirectory extends OpenDirectory {
  exists(path) { return super.path_lookup(path, 0).inode_obj != null; }

  // wasi-libc asks for the rights of a new descriptor as (what the open mode needs) & (this
  // directory's inheriting rights). The shim reports none, so every open would get no rights and
  // write opens could only fail at the first write; with all rights reported, a write open
  // carries FD_WRITE and is refused by path_open below with EROFS.
  fd_fdstat_get() {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_DIRECTORY, 0);
    fdstat.fs_rights_base = ALL_RIGHTS;
    fdstat.fs_rights_inherited = ALL_RIGHTS;
    return { ret: 0, fdstat };
  }

  path_open(dirflags, path, oflags, rights, rightsInheriting, fdflags) {
    const { ret, inode_obj: entry } = super.path_lookup(path, dirflags);
    if (entry == null) {
      if (ret === wasi.ERRNO_NOENT && (oflags & wasi.OFLAGS_CREAT) !== 0) {
        return { ret: wasi.ERRNO_ROFS, fd_obj: null };
      }
      return { ret, fd_obj: null };
    }
    if ((oflags & wasi.OFLAGS_CREAT) !== 0 && (oflags & wasi.OFLAGS_EXCL) !== 0) {
      return { ret: wasi.ERRNO_EXIST, fd_obj: null };
    }
    const isDir = entry.stat().filetype === wasi.FILETYPE_DIRECTORY;
    if ((oflags & wasi.OFLAGS_DIRECTORY) !== 0 && !isDir) return { ret: wasi.ERRNO_NOTDIR, fd_obj: null };
    if (wantsWrite(oflags, rights)) return { ret: isDir ? wasi.ERRNO_ISDIR : wasi.ERRNO_ROFS, fd_obj: null };
    return entry.path_open(oflags, rights, fdflags);
  }

  path_create_directory(path) { return this.exists(path) ? wasi.ERRNO_EXIST : wasi.ERRNO_ROFS; }
  path_link() { return wasi.ERRNO_ROFS; }
  // The shim's rename unlinks the source first: refusing here refuses every rename out of (and,
  // through path_link, into) a read-only directory.
  path_unlink() { return { ret: wasi.ERRNO_ROFS, inode_obj: null }; }
  path_unlink_file(path) { return this.exists(path) ? wasi.ERRNO_ROFS : wasi.ERRNO_NOENT; }
  path_remove_directory(path) { return this.exists(path) ? wasi.ERRNO_ROFS : wasi.ERRNO_NOENT; }
  path_filestat_set_times() { return wasi.ERRNO_ROFS; }
  fd_filestat_set_times() { return wasi.ERRNO_ROFS; }
  path_readlink() { return { ret: wasi.ERRNO_INVAL, data: null }; }

  // The shim rebuilds the entry array for every entry (quadratic); the contents never change here.
  fd_readdir_single(cookie) {
    if (cookie < 2n) return super.fd_readdir_single(cookie);
    if (!this.entries) this.entries = Array.from(this.dir.contents.entries());
    const index = Number(cookie - 2n);
    if (index >= this.entries.length) return { ret: 0, dirent: null };
    const [name, entry] = this.entries[index];
    return { ret: 0, dirent: new wasi.Dirent(cookie + 1n, entry.ino, name, entry.stat().filetype) };
  }
}

// A preopened read-only directory named `name` in the guest (e.g. "/usr").
export class ReadOnlyPreopen extends ReadOnlyOpenDirectory {
  constructor(name, dir) {
    super(dir);
    this.prestat_name = name;
  }
  fd_prestat_get() { return { ret: 0, prestat: wasi.Prestat.dir(this.prestat_name) }; }
}
