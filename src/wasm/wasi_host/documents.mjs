// The documents the host writes itself, byte for byte as the runtime's JSON writer prints them
// (src/core/json_writer.cpp: ": " and ", " separators, the same string escapes), and the matching
// human line for stderr. Exit codes follow docs/errors.md: 2 for invalid input, 1 for a failed run.
import { getSystemErrorMap } from 'node:util';

export const EXIT_SUCCESS = 0;
export const EXIT_RUN_FAILURE = 1;
export const EXIT_INVALID_INPUT = 2;

// A JSON string literal exactly as append_json_string writes it. JS strings are UTF-16; lone
// surrogates become U+FFFD when encoded, as ill-formed bytes do on the C++ side.
export function jsonString(text) {
  let out = '"';
  for (const ch of String(text)) {
    const c = ch.codePointAt(0);
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

// {text, line, exitCode}: `text` is the document without its newline, `line` the stderr line.
export function errorDocument(code, message, exitCode) {
  const text = `{"status": "error", "error": {"code": ${jsonString(code)}, "message": ${jsonString(message)}}}`;
  const line = `remotemedia: error [${code}]: ${message}`.replace(/[\r\n]/g, ' ');
  return { text, line, exitCode };
}

// The fixed last-resort documents: the same bytes as src/entry/fixed_documents.h on the native
// side (kStackOverflowDocument, kOutOfMemoryDocument); the golden cases python_stack_overflow_*
// compare both targets. Keep the two copies in step.
export const STACK_OVERFLOW_MESSAGE = 'the run exhausted its stack (recursion too deep)';
export const OUT_OF_MEMORY_MESSAGE = 'the run ran out of memory';
export const STACK_OVERFLOW_DOCUMENT =
  '{"status": "error", "error": {"code": "stack_overflow", "message": "the run exhausted its stack (recursion too deep)"}}\n';
export const OUT_OF_MEMORY_DOCUMENT =
  '{"status": "error", "error": {"code": "out_of_memory", "message": "the run ran out of memory"}}\n';

export const stackOverflow = () =>
  errorDocument('stack_overflow', STACK_OVERFLOW_MESSAGE, EXIT_RUN_FAILURE);
export const outOfMemory = () =>
  errorDocument('out_of_memory', OUT_OF_MEMORY_MESSAGE, EXIT_RUN_FAILURE);

// glibc's strerror() texts for the errors a host file operation can meet, so that messages match
// what the native CLI prints for the same file. Others fall back to libuv's text.
const STRERROR = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EIO: 'Input/output error',
  ENXIO: 'No such device or address',
  EBADF: 'Bad file descriptor',
  EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  EBUSY: 'Device or resource busy',
  EEXIST: 'File exists',
  ENODEV: 'No such device',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  ENFILE: 'Too many open files in system',
  EMFILE: 'Too many open files',
  ETXTBSY: 'Text file busy',
  EFBIG: 'File too large',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EPIPE: 'Broken pipe',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
  EOVERFLOW: 'Value too large for defined data type',
  ECONNRESET: 'Connection reset by peer',
  EDQUOT: 'Disk quota exceeded',
};

export function strerror(error) {
  const code = error && error.code;
  if (code && STRERROR[code]) return STRERROR[code];
  if (error && typeof error.errno === 'number') {
    const entry = getSystemErrorMap().get(error.errno);
    if (entry) return entry[1].charAt(0).toUpperCase() + entry[1].slice(1);
  }
  return String((error && error.message) || error);
}
