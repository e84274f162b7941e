// Every error code the runtime reports, declared once. An Error's `code` is one of these
// constants (errc::usage_error, ...), never a string literal; each is documented in docs/errors.md
// or the doc it links to, and tests/docs/error_codes_test.py checks both directions (every code
// documented, no code used that is not declared here) as well as the codes the JS package and the
// CLI's wasm child (src/cli/wasm_child.mjs) write themselves. A code names what went wrong,
// not where: the category of the Error (invalid input, exit 2, or run failure, exit 1) is chosen
// where it is made, and a few codes occur in both (e.g. value_too_large from input or from a node).
#pragma once

#include <cstddef>

// clang-format off
#define REMOTEMEDIA_ERROR_CODES(X)                                                                 \
  /* invalid input: the command line, the document, the manifest (docs/errors.md) */              \
  X(usage_error) X(io_error) X(input_too_large) X(invalid_json) X(invalid_wire_form)              \
  X(value_too_large) X(reserved_key) X(invalid_manifest) X(missing_field) X(invalid_field)        \
  X(unsupported_version) X(empty_pipeline) X(duplicate_node_id) X(unknown_node_type)              \
  X(unknown_param) X(missing_param) X(invalid_param) X(dangling_connection)                       \
  X(duplicate_connection) X(cycle_detected) X(unknown_port) X(port_mismatch)                       \
  X(resource_not_found) X(resource_outside) X(wasm_target_unavailable) X(invalid_runtime_module)  \
  X(invalid_model)                                                                                 \
  /* run failures (docs/errors.md) */                                                             \
  X(type_error) X(arithmetic_overflow) X(output_limit) X(out_of_memory) X(stack_overflow)         \
  X(timeout) X(interrupted) X(run_crashed) X(wasm_host_failed) X(wasm_trap) X(pipeline_failed)    \
  X(invalid_audio)                                                                                 \
  /* Python nodes (docs/python-nodes.md) */                                                        \
  X(python_module_not_found) X(python_import_error) X(python_class_not_found)                     \
  X(python_method_missing) X(python_init_failed) X(python_already_started) X(python_error)        \
  X(python_type_error)                                                                             \
  /* embedding the runtime (docs/errors.md) */                                                    \
  X(duplicate_node_type) X(invalid_option) X(invalid_argument) X(pipeline_state)                   \
  /* .rmpkg bundles (docs/rmpkg.md) */                                                             \
  X(pack_failed) X(bundle_unreadable) X(bundle_too_large) X(bundle_ratio_exceeded)                \
  X(bundle_entry_escapes) X(bundle_name_too_long) X(bundle_symlink) X(bundle_duplicate_entry)     \
  X(bundle_encrypted) X(bundle_extra_data) X(bundle_layout_invalid) X(bundle_crc_mismatch)        \
  X(bundle_missing_manifest) X(bundle_manifest_invalid) X(bundle_wrong_target)                    \
  X(bundle_unlisted_file) X(bundle_checksum_mismatch) X(bundle_signature_missing)                 \
  X(bundle_signature_invalid) X(bundle_key_invalid) X(bundle_extract_failed)                      \
  X(bundle_write_failed)
// clang-format on

namespace remotemedia::errc {

#define REMOTEMEDIA_DECLARE_ERROR_CODE(name) inline constexpr char name[] = #name;
REMOTEMEDIA_ERROR_CODES(REMOTEMEDIA_DECLARE_ERROR_CODE)
#undef REMOTEMEDIA_DECLARE_ERROR_CODE

#define REMOTEMEDIA_LIST_ERROR_CODE(name) name,
// Every code, in the order above.
inline constexpr const char* kAll[] = {REMOTEMEDIA_ERROR_CODES(REMOTEMEDIA_LIST_ERROR_CODE)};
#undef REMOTEMEDIA_LIST_ERROR_CODE
inline constexpr std::size_t kCount = sizeof kAll / sizeof kAll[0];

}  // namespace remotemedia::errc
