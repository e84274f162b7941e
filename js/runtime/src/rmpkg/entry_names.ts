// The entry-name rules of docs/rmpkg.md ("Entry names"), the same function as
// validate_entry_name in src/pkg/bundle_reader.cpp: names are raw bytes, checked in the same
// order so that a name breaking two rules gets the same code from both readers.

import { MAX_ENTRY_COMPONENT_BYTES, MAX_ENTRY_NAME_BYTES } from './limits.js';
import { refuse } from './refusal.js';

const SLASH = 0x2f;
const DOT = 0x2e;

/**
 * Throws bundle_entry_escapes unless `name` is a relative path of plain '/'-separated components
 * (no '.', '..' or empty component, no backslash, ':' or control character; one trailing '/'
 * marks a directory), and bundle_name_too_long when it is longer than 512 bytes or a component
 * is longer than 255 bytes.
 */
export function validateEntryName(name: Uint8Array): void {
  if (name.length === 0) throw refuse('bundle_entry_escapes', name, 'empty name');
  if (name.length > MAX_ENTRY_NAME_BYTES) {
    throw refuse('bundle_name_too_long', name, `name longer than ${MAX_ENTRY_NAME_BYTES} bytes`);
  }
  if (name[0] === SLASH) throw refuse('bundle_entry_escapes', name, 'absolute path');
  for (const c of name) {
    if (c === 0x5c) throw refuse('bundle_entry_escapes', name, 'backslash in name');
    if (c === 0x3a) throw refuse('bundle_entry_escapes', name, "drive letter or ':' in name");
    if (c < 0x20 || c === 0x7f) throw refuse('bundle_entry_escapes', name, 'control character in name');
  }
  const end = name[name.length - 1] === SLASH ? name.length - 1 : name.length;  // a directory
  let start = 0;
  for (;;) {
    let slash = start;
    while (slash < end && name[slash] !== SLASH) slash++;
    const length = slash - start;
    const dots = (length === 1 && name[start] === DOT) ||
      (length === 2 && name[start] === DOT && name[start + 1] === DOT);
    if (length === 0 || dots) {
      throw refuse('bundle_entry_escapes', name, "'.', '..' or empty path component");
    }
    if (length > MAX_ENTRY_COMPONENT_BYTES) {
      throw refuse('bundle_name_too_long', name,
        `a path component longer than ${MAX_ENTRY_COMPONENT_BYTES} bytes`);
    }
    if (slash >= end) break;
    start = slash + 1;
  }
}
