/* The RemoteMedia runtime as a library: one C ABI for the wasm32-wasi reactor
 * (build/bin/remotemedia_runtime.wasm), the native shared library (build/bin/libremotemedia.so)
 * and any FFI. C, not C++: opaque handles, create/free pairs, no exceptions, and one callback
 * (progress, below).
 *
 * Conventions
 * - Every call that can fail returns an rm_status. On failure nothing is written to the out
 *   parameters, and rm_last_error() holds the error document of that failure: the same JSON the
 *   CLI prints, {"status": "error", "error": {"code", "message", "node_id"?, "path"?, ...}}, with
 *   one of the codes in docs/errors.md. Accessors (rm_result_*) and the free functions cannot fail.
 * - Text in and out is UTF-8 JSON with an explicit length; nothing needs a terminating NUL, and
 *   every text the library hands out has one (not counted in its length).
 * - Every (pointer, length) pair is checked before it is read: a null pointer with a non-zero
 *   length, or a length that runs past the end of memory (such as SIZE_MAX), is
 *   RM_INVALID_ARGUMENT naming the argument. A null source id means "every source" only with
 *   length 0. JSON text holding a NUL byte is invalid_json wherever the NUL is.
 * - Ownership is written next to each pointer. "Borrowed" pointers are read during the call only.
 * - Single-threaded: a runtime and everything made from it is used by one thread at a time.
 *   CPython lives once per process (it cannot be restarted): the first runtime starts it, later
 *   runtimes share it. Each pipeline gets its own node objects and its own Python module scope.
 * - Linear memory (wasm): a host passes data by rm_alloc-ing a block, writing it, and passing the
 *   pointer; it reads results straight from the pointers the accessors return.
 *
 * The JavaScript package @remotemedia/runtime drives exactly this ABI; docs/js.md and
 * docs/c_api.md describe it with examples. */
#ifndef REMOTEMEDIA_C_API_H
#define REMOTEMEDIA_C_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define RM_API __attribute__((visibility("default")))
#else
#define RM_API
#endif

/* Bumped whenever a declaration below changes meaning. */
#define RM_ABI_VERSION 4

/* In wasm, a C++ allocation that fails (the instance's memory is exhausted, or capped by the
 * runtime option max_memory_bytes) ends the call with WASI proc_exit(RM_OUT_OF_MEMORY_EXIT_CODE):
 * the instance cannot go on, and its host reports `out_of_memory`. (A Python allocation that
 * fails is a MemoryError, an ordinary run failure.) Natively a failed allocation is the host's
 * to handle: the library installs no handler. */
#define RM_OUT_OF_MEMORY_EXIT_CODE 75

typedef struct rm_runtime rm_runtime;
typedef struct rm_pipeline rm_pipeline;
typedef struct rm_result rm_result;
typedef struct rm_bundle rm_bundle;

typedef int32_t rm_status;
#define RM_OK 0
/* The work ran and failed (a node failed, a limit was hit): the CLI's exit 1. */
#define RM_RUN_FAILURE 1
/* The input was refused before anything ran (bad JSON, bad manifest, bad value): exit 2. */
#define RM_INVALID_INPUT 2
/* The call itself was wrong: a null handle or out pointer, a null data pointer with a non-zero
 * length, an unknown dtype. Error code `invalid_argument`. */
#define RM_INVALID_ARGUMENT 3
/* The handle is in a state that does not allow the call (push after flush, anything after a
 * failure). Error code `pipeline_state`, or `pipeline_failed` after a failure. */
#define RM_WRONG_STATE 4
/* An allocation failed. Error code `out_of_memory`. */
#define RM_OUT_OF_MEMORY 5

/* Element types of rm_pipeline_push_tensor, in the order of docs/values.md. */
typedef enum rm_dtype {
  RM_DTYPE_FLOAT32 = 0,
  RM_DTYPE_FLOAT64 = 1,
  RM_DTYPE_INT8 = 2,
  RM_DTYPE_INT16 = 3,
  RM_DTYPE_INT32 = 4,
  RM_DTYPE_INT64 = 5,
  RM_DTYPE_UINT8 = 6,
  RM_DTYPE_UINT16 = 7,
  RM_DTYPE_UINT32 = 8,
  RM_DTYPE_UINT64 = 9
} rm_dtype;

/* Pipeline states (rm_pipeline_state). */
#define RM_PIPELINE_OPEN 1     /* built and opened: push and drain */
#define RM_PIPELINE_FINISHED 2 /* flushed and closed: drain only */
#define RM_PIPELINE_FAILED 3   /* a call failed: drain and free only */

/* rm_pipeline_drain flags. */
#define RM_DRAIN_BINARY 1u

/* --- version and memory ---------------------------------------------------------------------- */

/* RM_ABI_VERSION of the library that is loaded. */
RM_API uint32_t rm_abi_version(void);

/* A block of `size` bytes (at least 1), aligned to 64 bytes, or NULL when out of memory. Owned by
 * the caller until passed to rm_free or to a call that takes ownership (rm_pipeline_push_tensor,
 * rm_pipeline_push_audio). */
RM_API void* rm_alloc(size_t size);
/* Frees a block from rm_alloc. NULL is ignored. */
RM_API void rm_free(void* ptr);

/* The error document of the last failed call on this thread ("" before any failure). Owned by the
 * library; valid until the next rm_* call that fails. */
RM_API const char* rm_last_error(void);
RM_API size_t rm_last_error_len(void);

/* --- runtime --------------------------------------------------------------------------------- */

/* Creates a runtime: registers the built-in node types and starts CPython (once per process). A
 * runtime holds what stays the same for its whole life; limits and metrics are options of each
 * call (below), so one runtime serves every pipeline of a process or instance.
 * `options_json` (borrowed; NULL with len 0 means all defaults) is a JSON object with any of:
 *   "base_dir"          string  directory that relative paths in manifests (Python module files)
 *                               resolve against when a call gives none; default "." natively,
 *                               "/pipeline" in wasm
 *   "recursion_limit"   int     Python's recursion limit (default 350; 50..100000)
 *   "mounts"            {string: string}  absolute resource paths nodes may name, as prefix ->
 *                               directory: {"/models": "/srv/models"}; default {"/models":
 *                               "/models"} in wasm (the host's model directory), none natively
 *   "module_search_paths" [string]  where Python finds the stdlib, in order: absolute paths of
 *                               directories or zip files (default: /usr/lib/python311.zip in
 *                               wasm, the build's CPython stdlib natively)
 *   "start_python"      bool    start CPython now (default true: a long-lived runtime pays it once,
 *                               up front) or at the first Python node (false: a one-shot run of a
 *                               C++-only pipeline never pays it; the CLI's wasm child)
 * The two Python options take effect for the runtime that starts CPython; a later runtime asking
 * for other values gets `python_already_started`.
 * An unknown key or a wrong type is RM_INVALID_INPUT (`invalid_option`, with the JSON path).
 * On success *out_runtime (owned by the caller, free with rm_runtime_free) is set. */
RM_API rm_status rm_runtime_create(const char* options_json, size_t len, rm_runtime** out_runtime);
/* Frees the runtime. Its pipelines must be freed first. NULL is ignored. */
RM_API void rm_runtime_free(rm_runtime* runtime);

/* Registers `data` (`len` bytes from rm_alloc; ownership passes to the runtime on every return,
 * success or not, and the bytes are never copied or written) as the resource "resource:<name>"
 * that nodes of later pipelines may name, e.g. a model a page fetched. `name` (borrowed, `name_len`
 * bytes, not NUL-terminated) is 1..256 bytes of [A-Za-z0-9._-]; registering a name again replaces
 * it for later pipelines. Errors: RM_INVALID_ARGUMENT. docs/c_api.md, "Resources". */
RM_API rm_status rm_runtime_add_resource(rm_runtime* runtime, const char* name, size_t name_len,
                                         void* data, size_t len);

/* Progress a node reports during long work (WhisperNode: percent of each item transcribed):
 * node `node_id` (borrowed for the call; `node_id_len` bytes, NUL-terminated) has done `done` of
 * `total` units (0 < total, done <= total). Called on the thread making the call, from inside
 * rm_run or the rm_pipeline_* call that is running the node, each time the node reports. It must
 * not call into the runtime. */
typedef void (*rm_progress_callback)(void* user_data, const char* node_id, size_t node_id_len,
                                     uint64_t done, uint64_t total);

/* Sets the callback (NULL, the default: none) that receives the progress of this runtime's later
 * rm_run calls and of pipelines created after it; a pipeline keeps the callback it was created
 * with. `user_data` (borrowed: it must stay valid while calls that may report run) is passed back
 * as is. In wasm, a host passes the reactor's rm_host_progress_callback() (an import it provides,
 * docs/c_api.md#progress). Errors: RM_INVALID_ARGUMENT. */
RM_API rm_status rm_runtime_set_progress_callback(rm_runtime* runtime,
                                                  rm_progress_callback callback, void* user_data);

/* --- call options --------------------------------------------------------------------------- */

/* rm_run and rm_pipeline_create take the options of that call as a JSON object (borrowed; NULL
 * with options_len 0 means all defaults), with any of:
 *   "base_dir"          string  where relative paths resolve for this call (default: the
 *                               runtime's base_dir)
 *   "metrics"           bool    per-node counters and timings in rm_result_metrics (rm_run only;
 *                               default false)
 *   "validate"          bool    rm_run only: parse, validate and build every node, run none
 *                               (`remotemedia validate`; default false)
 *   "max_input_bytes"   int     documents larger than this are refused (default 268435456)
 *   "max_output_items"  int     items a run may hold at once (default 5000000; the CLI's
 *                               --max-output-items)
 *   "max_output_bytes"  int     their payload bytes (default 268435456)
 *   "option_names"      object  how the caller spells each option in messages, e.g.
 *                               {"max_output_items": "limits.maxOutputItems"}: an error that a
 *                               larger limit would avoid ends "(limits.maxOutputItems)"; options
 *                               not listed are named as above
 * An unknown key, a wrong type or a value out of range is RM_INVALID_INPUT (`invalid_option`,
 * with the JSON path). */

/* --- one-shot runs --------------------------------------------------------------------------- */

/* Runs one document (a manifest, or {"manifest", "input_data"}), exactly like `remotemedia run`
 * (or `remotemedia validate` with {"validate": true}): rm_result_data is the CLI's stdout (one
 * JSON document and "\n") and rm_result_exit_code its exit code (0, 1 or 2). A failed run is
 * still RM_OK: the failure is in the result. Returns an error status only when no result could
 * be made (RM_INVALID_ARGUMENT, RM_INVALID_INPUT for bad options, RM_OUT_OF_MEMORY).
 * `doc` and `options_json` are borrowed; *out_result is owned by the caller (rm_result_free). */
RM_API rm_status rm_run(rm_runtime* runtime, const char* doc, size_t len, const char* options_json,
                        size_t options_len, rm_result** out_result);

/* --- streaming pipelines ---------------------------------------------------------------------- */

/* Parses, validates, builds and opens a pipeline from a manifest (or an envelope whose
 * "input_data" is absent or empty; items in it are RM_INVALID_ARGUMENT). Errors are the CLI's for
 * the same manifest (RM_INVALID_INPUT, or RM_RUN_FAILURE when a node's open fails). The call
 * options (above; "validate" is refused) hold for the pipeline's whole life: its limits bound every
 * push. `manifest` and `options_json` are borrowed; *out_pipeline is owned by the caller
 * (rm_pipeline_free) and must be freed before its runtime. */
RM_API rm_status rm_pipeline_create(rm_runtime* runtime, const char* manifest, size_t len,
                                    const char* options_json, size_t options_len,
                                    rm_pipeline** out_pipeline);

/* Pushes one value (JSON with the wire forms of docs/values.md; borrowed) into every source
 * node, or - with rm_pipeline_push_to - into the source node `source_id` alone (borrowed, not
 * NUL-terminated; an id that is not a source is RM_INVALID_ARGUMENT), and runs the pipeline until
 * every node is idle. A value that is not valid JSON or wire forms is RM_INVALID_INPUT and leaves
 * the pipeline as it was. What sinks received waits for rm_pipeline_drain.
 * State: open. A run failure moves the pipeline to failed. */
RM_API rm_status rm_pipeline_push(rm_pipeline* pipeline, const char* value_json, size_t len);
RM_API rm_status rm_pipeline_push_to(rm_pipeline* pipeline, const char* source_id, size_t id_len,
                                     const char* value_json, size_t len);

/* Binary pushes: a tensor of `dtype` with `ndim` dims `shape` (borrowed; ndim 0 is a scalar), or
 * interleaved float32 audio. `data` / `samples` must come from rm_alloc: ownership passes to the
 * runtime on every return, success or not (the bytes become the value without a copy). `nbytes`
 * must equal the shape's element count times the dtype's size; `sample_count` must be a multiple
 * of `channels`. `start_frame` (at least 0) places the audio on its stream's timeline: the index
 * of its first frame at `sample_rate` (docs/values.md, "Time"; 0 when it has no place). The
 * limits of docs/values.md apply (`value_too_large`). `source_id` may be NULL (every source) or
 * an id of `id_len` bytes, as in rm_pipeline_push_to. */
RM_API rm_status rm_pipeline_push_tensor(rm_pipeline* pipeline, const char* source_id,
                                         size_t id_len, int32_t dtype, const int64_t* shape,
                                         size_t ndim, void* data, size_t nbytes);
RM_API rm_status rm_pipeline_push_audio(rm_pipeline* pipeline, const char* source_id, size_t id_len,
                                        int64_t sample_rate, int32_t channels, int64_t start_frame,
                                        float* samples, size_t sample_count);
/* rm_pipeline_push_audio from a block the caller keeps (borrowed: any memory, read during the
 * call only, e.g. a host's reusable staging or ring buffer): the samples are copied, so the block
 * may be written again as soon as the call returns. The same checks and errors otherwise. */
RM_API rm_status rm_pipeline_push_audio_copy(rm_pipeline* pipeline, const char* source_id,
                                             size_t id_len, int64_t sample_rate, int32_t channels,
                                             int64_t start_frame, const float* samples,
                                             size_t sample_count);

/* End of stream: flushes every node in execution order, then closes them all. State: open ->
 * finished (or failed). What the flush produced waits for rm_pipeline_drain. */
RM_API rm_status rm_pipeline_flush(rm_pipeline* pipeline);

/* Takes what the sinks received since the last drain, as one JSON object {"<sink id>": [values]}
 * with every sink, in the order of graph_info.execution_order. Drained items no longer count
 * against the output limits, so a stream of any length runs in bounded memory if it is drained.
 * Without flags values use the wire forms of docs/values.md. With RM_DRAIN_BINARY, tensors,
 * audio and bytes carry "binary": K instead of "data" (e.g. {"__numpy__": true, "array":
 * {"meta": {...}, "binary": 0}}), and rm_result_binary_data(result, K) points at their bytes.
 * Allowed in every state (a failed pipeline yields what reached the sinks before the failure).
 * *out_result is owned by the caller (rm_result_free); its exit code is 0. */
RM_API rm_status rm_pipeline_drain(rm_pipeline* pipeline, uint32_t flags, rm_result** out_result);
/* A partial drain, as rm_pipeline_drain otherwise: only the sinks named in `sinks_json` (a JSON
 * array of sink ids, borrowed; NULL or "[]": every sink), and of each at most its `max_items`
 * oldest items (0: all). The document holds the chosen sinks only. What stays is taken, in order,
 * by later drains, and still counts against the output limits. An array that is not JSON strings,
 * or a name that is no sink, is RM_INVALID_ARGUMENT (the error names the sinks) and takes
 * nothing. */
RM_API rm_status rm_pipeline_drain_some(rm_pipeline* pipeline, const char* sinks_json,
                                        size_t sinks_len, size_t max_items, uint32_t flags,
                                        rm_result** out_result);

/* RM_PIPELINE_OPEN, RM_PIPELINE_FINISHED or RM_PIPELINE_FAILED; 0 for NULL. */
RM_API int32_t rm_pipeline_state(const rm_pipeline* pipeline);
/* The pipeline's graph_info as JSON (the CLI's "graph_info" member). Owned by the pipeline. */
RM_API const char* rm_pipeline_info(const rm_pipeline* pipeline);
RM_API size_t rm_pipeline_info_len(const rm_pipeline* pipeline);

/* Closes nodes still open (their statuses are dropped), ends the pipeline's Python module scope
 * and frees everything. NULL is ignored. */
RM_API void rm_pipeline_free(rm_pipeline* pipeline);

/* --- results --------------------------------------------------------------------------------- */

/* The result's bytes (NUL-terminated, not counted) and their length. Owned by the result. */
RM_API const char* rm_result_data(const rm_result* result);
RM_API size_t rm_result_len(const rm_result* result);
/* 0 success, 1 run failure, 2 invalid input: the CLI's exit code for the same document. */
RM_API int32_t rm_result_exit_code(const rm_result* result);
/* {"metrics": {...}} when this result came from rm_run with {"metrics": true}, else "".
 * Owned by the result. */
RM_API const char* rm_result_metrics(const rm_result* result);
RM_API size_t rm_result_metrics_len(const rm_result* result);
/* The binary payloads of an RM_DRAIN_BINARY result, by index K. Out of range: NULL / 0. The
 * bytes are owned by the result and valid until rm_result_free. */
RM_API size_t rm_result_binary_count(const rm_result* result);
RM_API const void* rm_result_binary_data(const rm_result* result, size_t index);
RM_API size_t rm_result_binary_len(const rm_result* result, size_t index);
/* NULL is ignored. */
RM_API void rm_result_free(rm_result* result);

/* --- bundles (.rmpkg, docs/rmpkg.md) -------------------------------------------------------- */

/* Reads and verifies the .rmpkg bundle in `data` (`len` bytes from rm_alloc; ownership passes to
 * the library on every return, success or not; the archive is freed before the call returns) with
 * the one reader `remotemedia verify` uses: ZIP layout, entry names and types, sizes and ratios,
 * every file's SHA-256 against meta/checksums.json, the signature, the carried module. Nothing is
 * kept of a bundle that fails a check.
 * `options_json` (borrowed; NULL with len 0 means all defaults) is a JSON object with any of:
 *   "public_key"       string  a public key file's text ("rmpkg-ed25519-public <base64>\n", as
 *                              `remotemedia keygen` writes it): a valid signature by that key is
 *                              required (default: none required; a signature present is then
 *                              not checked, and "signature_verified" is false)
 *   "expected_target"  string  "native" or "wasm32-wasi": the bundle's runtime_target must be it
 *   "max_bundle_bytes" int     lowers the archive size limit (default and maximum 256 MiB; more is
 *                              bundle_too_large)
 * Errors: RM_INVALID_INPUT with a bundle_* code (docs/rmpkg.md; "entry" names the file at fault)
 * or invalid_option; RM_INVALID_ARGUMENT; RM_OUT_OF_MEMORY. On success *out_bundle (owned by the
 * caller, free with rm_bundle_free) holds every file of the bundle, inflated and checked. */
RM_API rm_status rm_bundle_open(const char* options_json, size_t options_len, void* data,
                                size_t len, rm_bundle** out_bundle);
/* What the bundle holds, as one JSON object (owned by the bundle, valid until rm_bundle_free):
 *   {"runtime_target": "native"|"wasm32-wasi", "signed": bool, "signature_verified": bool,
 *    "runtime_abi_version": int (the carried module's; 0 without one),
 *    "manifest": {...} (manifest.json), "pipeline": "<manifest.json's pipeline envelope as JSON
 *    text, what `remotemedia run BUNDLE` runs>",
 *    "files": [{"name": "...", "size": N}, ...] (every file, in byte order of the names)} */
RM_API const char* rm_bundle_info(const rm_bundle* bundle);
RM_API size_t rm_bundle_info_len(const rm_bundle* bundle);
/* The bytes of file `index` (its place in "files"). A host mounts them from memory, e.g. every
 * file outside modules/ and wasi-deps/ under /pipeline (docs/rmpkg.md, "Running a bundle"). Owned
 * by the bundle, valid until rm_bundle_free; out of range: NULL / 0. */
RM_API const void* rm_bundle_file_data(const rm_bundle* bundle, size_t index);
RM_API size_t rm_bundle_file_len(const rm_bundle* bundle, size_t index);
/* NULL is ignored. */
RM_API void rm_bundle_free(rm_bundle* bundle);

#ifdef __cplusplus
}
#endif

#endif /* REMOTEMEDIA_C_API_H */
