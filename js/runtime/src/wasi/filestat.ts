// A wasi Filestat that writes the preview1 layout correctly. browser_wasi_shim 0.4.2 writes
// atim/mtim/ctim at offsets 38/46/52 instead of 40/48/56: they overlap the top bytes of `size`
// and leave the last 4 bytes of the 64-byte record unwritten (guest garbage). With all times 0
// that is harmless for sizes below 2^48; with a real mtime it is not, so every stat of the
// package's own inodes goes through this class.
import { wasi } from './shim.js';

export class Filestat extends wasi.Filestat {
  constructor(ino: bigint, filetype: number, size: bigint, mtime = 0n) {
    super(ino, filetype, size);
    this.nlink = 1n;
    this.atim = mtime;
    this.mtim = mtime;
    this.ctim = mtime;
  }

  override write_bytes(view: DataView, ptr: number): void {
    view.setBigUint64(ptr, this.dev, true);
    view.setBigUint64(ptr + 8, this.ino, true);
    view.setUint8(ptr + 16, this.filetype);
    view.setBigUint64(ptr + 24, this.nlink, true);
    view.setBigUint64(ptr + 32, this.size, true);
    view.setBigUint64(ptr + 40, this.atim, true);
    view.setBigUint64(ptr + 48, this.mtim, true);
    view.setBigUint64(ptr + 56, this.ctim, true);
  }
}
