# Every function of include/remotemedia/c_api.h, in the order declared there. The wasm reactor
# exports exactly these (wasm-ld --export), the native shared library's version script makes them
# its only global symbols, and tests/c_api/ checks the list against the header.
set(REMOTEMEDIA_C_API_FUNCTIONS
  rm_abi_version rm_alloc rm_free rm_last_error rm_last_error_len
  rm_runtime_create rm_runtime_free rm_runtime_add_resource rm_run
  rm_pipeline_create rm_pipeline_push rm_pipeline_push_to rm_pipeline_push_tensor
  rm_pipeline_push_audio rm_pipeline_flush rm_pipeline_drain rm_pipeline_state rm_pipeline_info
  rm_pipeline_info_len rm_pipeline_free
  rm_result_data rm_result_len rm_result_exit_code rm_result_metrics rm_result_metrics_len
  rm_result_binary_count rm_result_binary_data rm_result_binary_len rm_result_free)
