// The WASI side of one instance: browser_wasi_shim with an in-memory filesystem the guest cannot
// change, and the descriptor table a long-lived reactor needs.
//
// Descriptors: 0 empty stdin; 1, 2 write-only sinks (the `stderr` callback, or dropped);
// 3 /usr (lib/python311.zip), 4 /pipeline, 5 /models - all read-only. wasi-libc scans the
// preopens once, in _initialize, so all three exist from the start; mounting replaces a
// preopen's tree, never the descriptor. The reserved descriptors 0-5 cannot be closed or
// renumbered by the guest (a close "succeeds" and leaves them in place, so `os.close(1)` in a node
// behaves as it does in the CLI), and a newly opened file takes the lowest free descriptor, so a
// long-lived instance does not grow its table without bound.
import { WASI, type Fd, wasi } from './shim.js';

import { pollOneoff } from './poll.js';
import { ReadOnlyDirectory, ReadOnlyFile, ReadOnlyPreopen } from './readonly_fs.js';
import { EmptyStdin, type OutputSink, OutputStream } from './stdio.js';
import { type FileMap, buildTree } from './tree.js';

export type MountName = 'pipeline' | 'models';

const RESERVED_FDS = 6;
const FD_USR = 3;
const FD_PIPELINE = 4;
const FD_MODELS = 5;

export class WasiHost {
  readonly wasi: WASI;
  private readonly preopens: Record<MountName, ReadOnlyPreopen>;
  private readonly usr: ReadOnlyPreopen;
  /** Where fd 1 and 2 go; may be changed at any time. */
  sink: OutputSink | undefined;

  /** `stdlib` is the bytes of python311.zip (shared, not copied). */
  constructor(stdlib: Uint8Array, sink?: OutputSink) {
    this.sink = sink;
    const lib = new ReadOnlyDirectory(new Map([['python311.zip', new ReadOnlyFile(stdlib)]]));
    this.usr = new ReadOnlyPreopen('/usr', new ReadOnlyDirectory(new Map([['lib', lib]])));
    this.preopens = {
      pipeline: new ReadOnlyPreopen('/pipeline', new ReadOnlyDirectory(new Map())),
      models: new ReadOnlyPreopen('/models', new ReadOnlyDirectory(new Map())),
    };
    const fds: Fd[] = [];
    fds[0] = new EmptyStdin();
    fds[1] = new OutputStream(1, () => this.sink);
    fds[2] = new OutputStream(2, () => this.sink);
    fds[FD_USR] = this.usr;
    fds[FD_PIPELINE] = this.preopens.pipeline;
    fds[FD_MODELS] = this.preopens.models;
    this.wasi = new WASI(['remotemedia_runtime'], [], fds, { debug: false });
    this.guardDescriptorTable();
  }

  /** The imports to instantiate the module with. */
  get imports(): WebAssembly.Imports {
    return { wasi_snapshot_preview1: this.wasi.wasiImport as unknown as WebAssembly.ModuleImports };
  }

  /** Replaces what the guest sees under /pipeline or /models (nothing = empty). Throws
   * `invalid_argument` for a bad path, leaving the previous tree mounted. */
  mount(name: MountName, files: FileMap): void {
    this.preopens[name].replace(buildTree(`/${name}`, files));
  }

  /** Mounts an already built tree (see buildTree). */
  mountTree(name: MountName, tree: ReadOnlyDirectory): void {
    this.preopens[name].replace(tree);
  }

  /** The number of descriptors the guest holds open beyond the reserved ones. */
  get openDescriptors(): number {
    return this.wasi.fds.slice(RESERVED_FDS).filter((fd) => fd !== undefined).length;
  }

  private guardDescriptorTable(): void {
    const imports = this.wasi.wasiImport;
    const fds = this.wasi.fds;
    const { fd_close: close, fd_renumber: renumber, path_open: open } = imports as Record<string, (...args: number[]) => number>;
    imports.fd_close = (fd: number) => {
      if (fd < RESERVED_FDS && fds[fd] !== undefined) return wasi.ERRNO_SUCCESS;
      const ret = close!(fd);
      while (fds.length > RESERVED_FDS && fds[fds.length - 1] === undefined) fds.pop();
      return ret;
    };
    imports.fd_renumber = (from: number, to: number) =>
      (from < RESERVED_FDS || to < RESERVED_FDS ? wasi.ERRNO_BADF : renumber!(from, to));
    imports.path_open = (...args: number[]) => {
      const ret = open!(...args);
      if (ret !== wasi.ERRNO_SUCCESS) return ret;
      // The shim appended the descriptor; move it to the lowest free slot.
      const opened = fds.length - 1;
      let free = RESERVED_FDS;
      while (free < opened && fds[free] !== undefined) free++;
      if (free < opened) {
        fds[free] = fds[opened]!;
        fds.length = opened;
        const view = new DataView(this.wasi.inst.exports.memory.buffer);
        view.setUint32(args[8]!, free, true);
      }
      return ret;
    };
    // The shim throws from these, which would unwind through the guest and kill the instance; a
    // guest that tries a socket gets ENOTSUP instead.
    for (const name of ['sock_accept', 'sock_recv', 'sock_send', 'sock_shutdown']) {
      imports[name] = () => wasi.ERRNO_NOTSUP;
    }
    imports.poll_oneoff = pollOneoff(() => this.wasi.inst.exports.memory) as (...args: unknown[]) => unknown;
  }
}
