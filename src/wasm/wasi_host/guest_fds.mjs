// The guest's descriptors that are not files:
//   1 and 2 -> StderrSink: what nodes print goes to the host's stderr, never near the result;
//   5       -> ResultSink: the guest writes its one result document here (--result-fd 5), the
//              host keeps the bytes and hands them on after the guest ends.
import { Fd, Inode, wasi } from './shim.mjs';

import { writeAllSync } from './host_io.mjs';

class WriteOnlyStream extends Fd {
  constructor() {
    super();
    this.ino = Inode.issue_ino();
  }
  fd_fdstat_get() {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_CHARACTER_DEVICE, 0);
    fdstat.fs_rights_base = BigInt(wasi.RIGHTS_FD_WRITE);
    return { ret: 0, fdstat };
  }
  fd_filestat_get() {
    return { ret: 0, filestat: new wasi.Filestat(this.ino, wasi.FILETYPE_CHARACTER_DEVICE, 0n) };
  }
  // Not a preopen: wasi-libc's preopen scan stops at the first EBADF.
  fd_prestat_get() { return { ret: wasi.ERRNO_BADF, prestat: null }; }
}

// Writes through to a host descriptor. A host stderr that is closed or full drops the bytes but
// still reports them written, so a node's print never fails because of where stderr points.
export class StderrSink extends WriteOnlyStream {
  constructor(hostFd = 2) {
    super();
    this.hostFd = hostFd;
  }
  fd_write(data) {
    writeAllSync(this.hostFd, data);
    return { ret: 0, nwritten: data.byteLength };
  }
}

// Collects bytes in memory.
export class ResultSink extends WriteOnlyStream {
  constructor() {
    super();
    this.chunks = [];
    this.length = 0;
  }
  fd_write(data) {
    this.chunks.push(data);
    this.length += data.byteLength;
    return { ret: 0, nwritten: data.byteLength };
  }
  bytes() {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  }
}

const PREFIX = new TextEncoder().encode('{"status": "');

// True when `bytes` is one whole document as the runtime writes it: one JSON object on one line
// starting with its "status" member, then "\n" (the JSON writer never prints a raw newline).
// Anything else - nothing, a cut-off document, bytes a node wrote to the descriptor - is not.
export function isWholeDocument(bytes) {
  const n = bytes.byteLength;
  if (n < PREFIX.length + 2 || bytes[n - 1] !== 0x0a || bytes[n - 2] !== 0x7d) return false;
  for (let i = 0; i < PREFIX.length; i++) {
    if (bytes[i] !== PREFIX[i]) return false;
  }
  return bytes.indexOf(0x0a) === n - 1;
}
