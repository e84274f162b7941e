// Every error code a RemoteMediaError can carry: the runtime's, generated from
// include/remotemedia/error_codes.h at build time (generated.ts). The JS side adds none: its own
// failures (fetch, compile, trap, timeout, bad arguments) use the runtime's codes;
// tests/docs/error_codes_test.py checks that the package makes no error with a code outside them.
import { ERROR_CODES } from './generated.js';

export { ERROR_CODES };

export type ErrorCode = (typeof ERROR_CODES)[number];

const known: ReadonlySet<string> = new Set(ERROR_CODES);

/** True for a code of the table. */
export function isErrorCode(code: string): code is ErrorCode {
  return known.has(code);
}
