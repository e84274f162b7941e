// The guest's descriptors 0-2: an empty stdin, and write-only sinks for 1 and 2. The library
// never writes results to a descriptor (they come back through the ABI), so whatever reaches
// fd 1 or 2 is a node's print or a runtime diagnostic: it goes to the `stderr` callback, or
// nowhere.
import { Fd, Inode, wasi } from './shim.js';

import { Filestat } from './filestat.js';

/** Receives the bytes the guest writes to fd 1 or 2 (`fd` says which). The bytes are a copy the
 * callback may keep. A throwing callback is ignored: a print never fails a run. */
export type OutputSink = (bytes: Uint8Array, fd: 1 | 2) => void;

export class EmptyStdin extends Fd {
  private readonly ino = Inode.issue_ino();
  override fd_read(): { ret: number; data: Uint8Array } { return { ret: 0, data: new Uint8Array(0) }; }
  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_CHARACTER_DEVICE, 0);
    fdstat.fs_rights_base = BigInt(wasi.RIGHTS_FD_READ);
    return { ret: 0, fdstat };
  }
  override fd_filestat_get(): { ret: number; filestat: wasi.Filestat | null } {
    return { ret: 0, filestat: new Filestat(this.ino, wasi.FILETYPE_CHARACTER_DEVICE, 0n) };
  }
  // Not a preopen: wasi-libc's preopen scan skips it.
  override fd_prestat_get(): { ret: number; prestat: wasi.Prestat | null } { return { ret: wasi.ERRNO_BADF, prestat: null }; }
}

export class OutputStream extends Fd {
  private readonly ino = Inode.issue_ino();

  constructor(private readonly fd: 1 | 2, private readonly sink: () => OutputSink | undefined) {
    super();
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    const sink = this.sink();
    if (sink) {
      try {
        sink(data, this.fd);
      } catch {
        // A print never fails because of where it goes.
      }
    }
    return { ret: 0, nwritten: data.byteLength };
  }
  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat | null } {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_CHARACTER_DEVICE, 0);
    fdstat.fs_rights_base = BigInt(wasi.RIGHTS_FD_WRITE);
    return { ret: 0, fdstat };
  }
  override fd_filestat_get(): { ret: number; filestat: wasi.Filestat | null } {
    return { ret: 0, filestat: new Filestat(this.ino, wasi.FILETYPE_CHARACTER_DEVICE, 0n) };
  }
  override fd_prestat_get(): { ret: number; prestat: wasi.Prestat | null } { return { ret: wasi.ERRNO_BADF, prestat: null }; }
}
