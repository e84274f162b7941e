// Every error code a RemoteMediaError can carry: the runtime's, in the order of
// include/remotemedia/error_codes.h (tests/docs/error_codes_test.py checks that this list is that
// header's, and that the package makes no error with a code outside it). The JS side adds none:
// its own failures (fetch, compile, trap, timeout, bad arguments) use the runtime's codes.
export const ERROR_CODES = [
  // invalid input (docs/errors.md)
  'usage_error', 'io_error', 'input_too_large', 'invalid_json', 'invalid_wire_form',
  'value_too_large', 'reserved_key', 'invalid_manifest', 'missing_field', 'invalid_field',
  'unsupported_version', 'empty_pipeline', 'duplicate_node_id', 'unknown_node_type',
  'unknown_param', 'missing_param', 'invalid_param', 'dangling_connection',
  'duplicate_connection', 'cycle_detected', 'unknown_port', 'port_mismatch',
  'resource_not_found', 'resource_outside', 'wasm_target_unavailable', 'invalid_runtime_module',
  // run failures (docs/errors.md)
  'type_error', 'arithmetic_overflow', 'output_limit', 'out_of_memory', 'stack_overflow',
  'timeout', 'interrupted', 'run_crashed', 'wasm_host_failed', 'wasm_trap', 'pipeline_failed',
  // Python nodes (docs/python-nodes.md)
  'python_module_not_found', 'python_import_error', 'python_class_not_found',
  'python_method_missing', 'python_init_failed', 'python_already_started', 'python_error',
  'python_type_error',
  // embedding the runtime (docs/errors.md)
  'duplicate_node_type', 'invalid_option', 'invalid_argument', 'pipeline_state',
  // .rmpkg bundles (docs/rmpkg.md)
  'pack_failed', 'bundle_unreadable', 'bundle_too_large', 'bundle_ratio_exceeded',
  'bundle_entry_escapes', 'bundle_name_too_long', 'bundle_symlink', 'bundle_duplicate_entry',
  'bundle_encrypted', 'bundle_extra_data', 'bundle_layout_invalid', 'bundle_crc_mismatch',
  'bundle_missing_manifest', 'bundle_manifest_invalid', 'bundle_wrong_target',
  'bundle_unlisted_file', 'bundle_checksum_mismatch', 'bundle_signature_missing',
  'bundle_signature_invalid', 'bundle_key_invalid', 'bundle_extract_failed',
  'bundle_write_failed',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const known: ReadonlySet<string> = new Set(ERROR_CODES);

/** True for a code of the table. */
export function isErrorCode(code: string): code is ErrorCode {
  return known.has(code);
}
