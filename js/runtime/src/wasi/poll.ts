// poll_oneoff for the guest (what time.sleep and select-with-timeout come down to), replacing the
// shim's. browser_wasi_shim 0.4.2 reads a clock subscription's flags at offset 36 instead of 40,
// so TIMER_ABSTIME is lost and an absolute deadline is taken as a relative timeout: CPython's
// time.sleep(0.001) (clock_nanosleep with an absolute monotonic deadline) then waits as long as
// the process has been running. It also handles one subscription only and never writes
// `nevents`. This one follows the preview1 layout:
//   subscription (48 bytes): userdata u64 @0, tag u8 @8, clock: id u32 @16, timeout u64 @24,
//                            precision u64 @32, flags u16 @40 | fd_read/fd_write: fd u32 @16
//   event (32 bytes):        userdata u64 @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24
// Waiting uses Atomics.wait where the thread may block (workers, Node), else a spin.
import { wasi } from './shim.js';

const SUBSCRIPTION = 48;
const EVENT = 32;

const monotonicNs = (): bigint => BigInt(Math.round(performance.now() * 1e6));
const realtimeNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

let blocker: Int32Array | null | undefined;

// Blocks the thread for `ns` nanoseconds at most (a spurious early return is fine: the caller
// loops until the deadline).
function pause(ns: bigint): void {
  if (blocker === undefined) {
    try {
      blocker = new Int32Array(new SharedArrayBuffer(4));
      Atomics.wait(blocker, 0, 0, 0);
    } catch {
      blocker = null; // no SharedArrayBuffer, or a thread that may not block (a page)
    }
  }
  if (blocker) Atomics.wait(blocker, 0, 0, Math.max(0, Number(ns) / 1e6));
}

/** The poll_oneoff import over the memory `memory()` returns. */
export function pollOneoff(memory: () => WebAssembly.Memory) {
  return (inPtr: number, outPtr: number, nsubscriptions: number, neventsPtr: number): number => {
    if (nsubscriptions === 0) return wasi.ERRNO_INVAL;
    const view = new DataView(memory().buffer);
    type Clock = { userdata: bigint; deadline: bigint; now: () => bigint };
    const clocks: Clock[] = [];
    const ready: Array<{ userdata: bigint; type: number }> = [];
    for (let i = 0; i < nsubscriptions; i++) {
      const at = inPtr + i * SUBSCRIPTION;
      const userdata = view.getBigUint64(at, true);
      const tag = view.getUint8(at + 8);
      if (tag === wasi.EVENTTYPE_CLOCK) {
        const id = view.getUint32(at + 16, true);
        const timeout = view.getBigUint64(at + 24, true);
        const flags = view.getUint16(at + 40, true);
        const now = id === wasi.CLOCKID_REALTIME ? realtimeNs : id === wasi.CLOCKID_MONOTONIC ? monotonicNs : null;
        if (!now) return wasi.ERRNO_INVAL;
        const deadline = (flags & wasi.SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME) !== 0 ? timeout : now() + timeout;
        clocks.push({ userdata, deadline, now });
      } else if (tag === wasi.EVENTTYPE_FD_READ || tag === wasi.EVENTTYPE_FD_WRITE) {
        // Every descriptor here is in memory: always ready.
        ready.push({ userdata, type: tag });
      } else {
        return wasi.ERRNO_INVAL;
      }
    }
    const fired: Array<{ userdata: bigint; type: number }> = [...ready];
    if (fired.length === 0) {
      // Wait for the earliest clock.
      for (;;) {
        const due = clocks.filter((c) => c.now() >= c.deadline);
        if (due.length > 0) {
          fired.push(...due.map((c) => ({ userdata: c.userdata, type: wasi.EVENTTYPE_CLOCK })));
          break;
        }
        let wait = clocks[0]!.deadline - clocks[0]!.now();
        for (const c of clocks) {
          const left = c.deadline - c.now();
          if (left < wait) wait = left;
        }
        pause(wait);
      }
    }
    const out = new DataView(memory().buffer);
    fired.forEach((event, i) => {
      const at = outPtr + i * EVENT;
      for (let b = 0; b < EVENT; b += 4) out.setUint32(at + b, 0, true);
      out.setBigUint64(at, event.userdata, true);
      out.setUint16(at + 8, wasi.ERRNO_SUCCESS, true);
      out.setUint8(at + 10, event.type);
    });
    out.setUint32(neventsPtr, fired.length, true);
    return wasi.ERRNO_SUCCESS;
  };
}
