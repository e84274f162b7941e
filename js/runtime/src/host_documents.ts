// The documents the JS host writes itself (a trap, a timeout, a host failure), byte for byte as
// the runtime's JSON writer prints them (src/core/json_writer.cpp: ": " and ", " separators, its
// string escapes), and the RemoteMediaError for each. `remotemedia run --target wasm` runs through
// this package (src/cli/wasm_child.mjs), so these are the CLI's documents too.
import { WASIProcExit } from './wasi/shim.js';

import { RemoteMediaError } from './errors.js';
import { RM_OUT_OF_MEMORY_EXIT_CODE } from './generated.js';

export const EXIT_RUN_FAILURE = 1;
export const EXIT_INVALID_INPUT = 2;

export const STACK_OVERFLOW_MESSAGE = 'the run exhausted its stack (recursion too deep)';
export const OUT_OF_MEMORY_MESSAGE = 'the run ran out of memory';

/** A JSON string literal exactly as append_json_string writes it. */
export function jsonString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20) out += '\\u00' + c.toString(16).padStart(2, '0');
    else if (c >= 0xd800 && c <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return out + '"';
}

/** The CLI's stdout (document and "\n") for an error the host reports itself. */
export function errorDocumentText(code: string, message: string): string {
  return `{"status": "error", "error": {"code": ${jsonString(code)}, "message": ${jsonString(message)}}}\n`;
}

/** The error for a failure the host reports itself, carrying its document as `result`. */
export function hostError(code: string, message: string, exitCode = EXIT_RUN_FAILURE, cause?: unknown): RemoteMediaError {
  return new RemoteMediaError(code, message, {
    exitCode,
    cause,
    result: { status: 'error', error: { code, message } },
  });
}

/** What a call into the module that threw (instead of returning) means - the same mapping as the
 * CLI's wasm host: V8's stack exhaustion is stack_overflow, a failed allocation out_of_memory, a
 * trap wasm_trap, an exit or anything else wasm_host_failed. The instance is unusable after any
 * of them. */
export function errorForThrow(error: unknown, during: string): RemoteMediaError {
  if (error instanceof RangeError) {
    if (/Maximum call stack size exceeded/.test(error.message)) return hostError('stack_overflow', STACK_OVERFLOW_MESSAGE, EXIT_RUN_FAILURE, error);
    if (/allocation failed|Array buffer|typed array length|Out of memory/i.test(error.message)) {
      return hostError('out_of_memory', OUT_OF_MEMORY_MESSAGE, EXIT_RUN_FAILURE, error);
    }
  }
  if (error instanceof WebAssembly.RuntimeError || typeof error === 'string') {
    const what = typeof error === 'string' ? error : error.message;
    return hostError('wasm_trap', `the wasm module trapped: ${what}`, EXIT_RUN_FAILURE, error);
  }
  if (error instanceof WASIProcExit && error.code === RM_OUT_OF_MEMORY_EXIT_CODE) {
    return hostError('out_of_memory', OUT_OF_MEMORY_MESSAGE, EXIT_RUN_FAILURE, error);
  }
  if (error instanceof WASIProcExit) {
    return hostError('wasm_host_failed', `the wasm module exited with code ${error.code} during ${during}`, EXIT_RUN_FAILURE, error);
  }
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return hostError('wasm_host_failed', `the wasm host failed during ${during}: ${what}`, EXIT_RUN_FAILURE, error);
}
