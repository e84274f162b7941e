// Synchronous byte I/O on host descriptors that survives non-blocking pipes (EAGAIN: wait a
// little and retry) and reports every other failure to the caller.
import { readSync, writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

function waitBriefly() {
  Atomics.wait(pause, 0, 0, 2);
}

// Writes all of `bytes` to `fd`. Returns null, or the error that stopped it (EPIPE, ENOSPC, EBADF...).
export function writeAllSync(fd, bytes) {
  let done = 0;
  while (done < bytes.byteLength) {
    try {
      done += writeSync(fd, bytes, done, bytes.byteLength - done);
    } catch (error) {
      if (error.code === 'EAGAIN' || error.code === 'EINTR') {
        waitBriefly();
        continue;
      }
      return error;
    }
  }
  return null;
}

// Reads up to `length` bytes into `buffer` at `offset`; 0 at end of file. Throws on errors other
// than EAGAIN/EINTR.
export function readSomeSync(fd, buffer, offset, length) {
  for (;;) {
    try {
      return readSync(fd, buffer, offset, length, null);
    } catch (error) {
      if (error.code === 'EAGAIN' || error.code === 'EINTR') {
        waitBriefly();
        continue;
      }
      throw error;
    }
  }
}
