/* The C ABI test (include/remotemedia/c_api.h), one source for both targets: natively against
 * libremotemedia.so, and as a WASI command linked with the same libraries (run by
 * run_wasm_c_test.mjs). Plain C, no framework: each check prints what failed; the last line is
 * "N passed, N failed" and the exit code is 0 only when nothing failed.
 *
 *   c_api_test SCRATCH_DIR [BUNDLE]
 *
 * SCRATCH_DIR must be writable and is used as the runtime's base_dir (Python module files are
 * written into it to test per-pipeline module scope). BUNDLE, when given, is the unsigned native
 * example bundle (calculator.rmpkg) that the rm_bundle_* checks open. */
#include "remotemedia/c_api.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_passed = 0;
static int g_failed = 0;

#define CHECK(cond)                                                                             \
  do {                                                                                          \
    if (cond) {                                                                                 \
      g_passed++;                                                                               \
    } else {                                                                                    \
      g_failed++;                                                                               \
      printf("FAIL %s:%d: %s\n  last error: %s\n", __FILE__, __LINE__, #cond, rm_last_error()); \
    }                                                                                           \
  } while (0)

static const char* g_scratch = NULL;

static const char kCalculator[] =
    "{\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": ["
    "{\"id\": \"multiply\", \"node_type\": \"MultiplyNode\", \"params\": {\"factor\": 2}},"
    "{\"id\": \"add\", \"node_type\": \"AddNode\", \"params\": {\"addend\": 10}}],"
    "\"connections\": [{\"from\": \"multiply\", \"to\": \"add\"}]}";

static int contains(const char* text, const char* part) {
  return strstr(text, part) != NULL;
}

/* The result of rm_run for `doc` with the call options `options` (NULL: the defaults), or NULL
 * (a failed check). The caller frees it. */
static rm_result* run_with(rm_runtime* rt, const char* doc, const char* options) {
  rm_result* result = NULL;
  rm_status status =
      rm_run(rt, doc, strlen(doc), options, options == NULL ? 0 : strlen(options), &result);
  CHECK(status == RM_OK);
  return status == RM_OK ? result : NULL;
}

static rm_result* run(rm_runtime* rt, const char* doc) {
  return run_with(rt, doc, NULL);
}

/* Drains `p` as JSON (flags 0) and compares with `want`. */
static void expect_drain(rm_pipeline* p, const char* want) {
  rm_result* drained = NULL;
  CHECK(rm_pipeline_drain(p, 0, &drained) == RM_OK);
  if (drained == NULL) return;
  if (strcmp(rm_result_data(drained), want) != 0) {
    printf("  drained: %s\n  wanted:  %s\n", rm_result_data(drained), want);
  }
  CHECK(strcmp(rm_result_data(drained), want) == 0);
  CHECK(rm_result_len(drained) == strlen(want));
  rm_result_free(drained);
}

static int push_text(rm_pipeline* p, const char* value) {
  return rm_pipeline_push(p, value, strlen(value));
}

static rm_pipeline* create_with(rm_runtime* rt, const char* manifest, const char* options) {
  rm_pipeline* p = NULL;
  rm_status status = rm_pipeline_create(rt, manifest, strlen(manifest), options,
                                        options == NULL ? 0 : strlen(options), &p);
  CHECK(status == RM_OK);
  return status == RM_OK ? p : NULL;
}

static rm_pipeline* create(rm_runtime* rt, const char* manifest) {
  return create_with(rt, manifest, NULL);
}

/* What count_progress saw: how many reports, and the last one. */
struct progress_log {
  int reports;
  uint64_t done;
  uint64_t total;
  char node_id[16];
};

static void count_progress(void* user_data, const char* node_id, size_t node_id_len, uint64_t done,
                           uint64_t total) {
  struct progress_log* log = (struct progress_log*)user_data;
  ++log->reports;
  log->done = done;
  log->total = total;
  size_t n = node_id_len < sizeof log->node_id - 1 ? node_id_len : sizeof log->node_id - 1;
  memcpy(log->node_id, node_id, n);
  log->node_id[n] = '\0';
}

static void test_basics(void) {
  CHECK(rm_abi_version() == RM_ABI_VERSION);
  void* block = rm_alloc(100);
  CHECK(block != NULL);
  CHECK(((size_t)block % 64) == 0);
  rm_free(block);
  rm_free(NULL);
  rm_runtime* rt = NULL;
  const char* bad = "{\"recursion_limit\": \"deep\"}";
  CHECK(rm_runtime_create(bad, strlen(bad), &rt) == RM_INVALID_INPUT);
  CHECK(rt == NULL);
  CHECK(contains(rm_last_error(), "\"invalid_option\""));
  CHECK(contains(rm_last_error(), "\"$.recursion_limit\""));
  /* Limits and metrics are options of each call since ABI 2, not of the runtime. */
  const char* per_call = "{\"metrics\": true}";
  CHECK(rm_runtime_create(per_call, strlen(per_call), &rt) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "options of each call"));
  CHECK(rm_last_error_len() == strlen(rm_last_error()));
  const char* relative_mount = "{\"mounts\": {\"/models\": \"models\"}}";
  CHECK(rm_runtime_create(relative_mount, strlen(relative_mount), &rt) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"path\": \"$.mounts[\\\"/models\\\"]\""));
  /* max_memory_bytes caps a wasm instance's memory (at least 64 MiB); a native library refuses
   * it. The wasm test's cap is large: the smallest cap of an instance holds for the rest of it. */
  const char* tiny_cap = "{\"max_memory_bytes\": 16777216}";
  CHECK(rm_runtime_create(tiny_cap, strlen(tiny_cap), &rt) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"$.max_memory_bytes\""));
  const char* cap = "{\"max_memory_bytes\": 2147483648, \"start_python\": false}";
#ifdef __wasi__
  CHECK(rm_runtime_create(cap, strlen(cap), &rt) == RM_OK);
  rm_runtime_free(rt);
  rt = NULL;
#else
  CHECK(rm_runtime_create(cap, strlen(cap), &rt) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "cannot cap its host process"));
#endif
  const char* unknown = "{\"colour\": \"red\"}";
  CHECK(rm_runtime_create(unknown, strlen(unknown), &rt) == RM_INVALID_INPUT);
  CHECK(rm_runtime_create(NULL, 0, NULL) == RM_INVALID_ARGUMENT);
  CHECK(rm_run(NULL, "{}", 2, NULL, 0, NULL) == RM_INVALID_ARGUMENT);
  CHECK(contains(rm_last_error(), "\"invalid_argument\""));
}

static void test_one_shot(rm_runtime* rt) {
  char doc[1024];
  snprintf(doc, sizeof doc, "{\"manifest\": %s, \"input_data\": [5, 7, 3]}", kCalculator);
  rm_result* result = run(rt, doc);
  if (result != NULL) {
    const char* want =
        "{\"status\": \"success\", \"outputs\": {\"add\": [20, 24, 16]}, \"graph_info\": "
        "{\"node_count\": 2, \"source_count\": 1, \"sink_count\": 1, \"execution_order\": "
        "[\"multiply\", \"add\"]}}\n";
    CHECK(strcmp(rm_result_data(result), want) == 0);
    CHECK(rm_result_exit_code(result) == 0);
    CHECK(rm_result_metrics_len(result) == 0);
    rm_result_free(result);
  }
  result = run(rt, "{not json");
  if (result != NULL) {
    CHECK(rm_result_exit_code(result) == 2);
    CHECK(contains(rm_result_data(result), "\"invalid_json\""));
    rm_result_free(result);
  }
  const char* raising =
      "{\"manifest\": {\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": [{\"id\": "
      "\"boom\", \"node_type\": "
      "\"PythonNode\", \"params\": {\"class\": \"B\", \"source\": \"class B:\\n  def process(self, "
      "x):\\n    raise ValueError('bad item')\\n\"}}]}, \"input_data\": [1]}";
  result = run(rt, raising);
  if (result != NULL) {
    CHECK(rm_result_exit_code(result) == 1);
    CHECK(contains(rm_result_data(result), "\"python_error\""));
    CHECK(contains(rm_result_data(result), "ValueError: bad item"));
    rm_result_free(result);
  }
  rm_result* valid = run_with(rt, kCalculator, "{\"validate\": true}");
  if (valid != NULL) {
    CHECK(strncmp(rm_result_data(valid), "{\"status\": \"valid\"", 18) == 0);
    rm_result_free(valid);
  }
  /* Resources: bytes handed over once, by name; bad names and arguments are refused, and the
   * block passes to the runtime on every return. */
  void* model = rm_alloc(4);
  memcpy(model, "TINY", 4);
  CHECK(rm_runtime_add_resource(rt, "tiny.en", 7, model, 4) == RM_OK);
  CHECK(rm_runtime_add_resource(rt, "tiny.en", 7, rm_alloc(1), 1) == RM_OK);
  CHECK(rm_runtime_add_resource(rt, "no/slash", 8, rm_alloc(1), 1) == RM_INVALID_ARGUMENT);
  CHECK(rm_runtime_add_resource(rt, NULL, 0, rm_alloc(1), 1) == RM_INVALID_ARGUMENT);
  CHECK(rm_runtime_add_resource(NULL, "x", 1, rm_alloc(1), 1) == RM_INVALID_ARGUMENT);
  CHECK(rm_runtime_add_resource(rt, "x", 1, NULL, 3) == RM_INVALID_ARGUMENT);
  /* Progress: set, used by later calls (the calculator's nodes report none; a Python node's
   * remotemedia.report_progress arrives with its node id), and unset. */
  CHECK(rm_runtime_set_progress_callback(NULL, count_progress, NULL) == RM_INVALID_ARGUMENT);
  struct progress_log progress = {0, 0, 0, ""};
  CHECK(rm_runtime_set_progress_callback(rt, count_progress, &progress) == RM_OK);
  rm_result* quiet = NULL;
  CHECK(rm_run(rt, kCalculator, strlen(kCalculator), NULL, 0, &quiet) == RM_OK);
  rm_result_free(quiet);
  CHECK(progress.reports == 0);
  const char* reporting =
      "{\"manifest\": {\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": [{\"id\": "
      "\"slow\", \"node_type\": \"PythonNode\", \"params\": {\"class\": \"S\", \"source\": "
      "\"import remotemedia\\nclass S:\\n  def process(self, x):\\n    "
      "remotemedia.report_progress(1, 4)\\n    remotemedia.report_progress(4, 4)\\n    return "
      "x\\n\"}}]}, \"input_data\": [7]}";
  rm_result* reported = run(rt, reporting);
  if (reported != NULL) {
    CHECK(rm_result_exit_code(reported) == 0);
    rm_result_free(reported);
  }
  CHECK(progress.reports == 2);
  CHECK(progress.done == 4 && progress.total == 4);
  CHECK(strcmp(progress.node_id, "slow") == 0);
  CHECK(rm_runtime_set_progress_callback(rt, NULL, NULL) == RM_OK);
  /* Bad call options make no result: the call fails with the option's path. */
  rm_result* none = NULL;
  const char* bad_options = "{\"max_output_items\": 0}";
  CHECK(rm_run(rt, kCalculator, strlen(kCalculator), bad_options, strlen(bad_options), &none) ==
        RM_INVALID_INPUT);
  CHECK(none == NULL);
  CHECK(contains(rm_last_error(), "\"$.max_output_items\""));
  CHECK(rm_run(rt, kCalculator, strlen(kCalculator), NULL, 3, &none) == RM_INVALID_ARGUMENT);
}

/* Every (pointer, length) pair of the ABI: a null pointer with a length, or a length that runs
 * past the end of memory (SIZE_MAX), is RM_INVALID_ARGUMENT naming the argument - never a crash,
 * an abort from inside the library, or a push to every source. */
static void test_pointer_length_pairs(rm_runtime* rt) {
  const char* doc = "{}";
  rm_result* result = NULL;
  CHECK(rm_run(rt, doc, SIZE_MAX, NULL, 0, &result) == RM_INVALID_ARGUMENT);
  CHECK(contains(rm_last_error(), "doc's length") && contains(rm_last_error(), "runs past"));
  CHECK(rm_run(rt, NULL, 2, NULL, 0, &result) == RM_INVALID_ARGUMENT);
  CHECK(contains(rm_last_error(), "doc is null"));
  CHECK(rm_run(rt, doc, 2, doc, SIZE_MAX, &result) == RM_INVALID_ARGUMENT);
  CHECK(contains(rm_last_error(), "options_json's length"));
  CHECK(result == NULL);
  rm_runtime* other = NULL;
  CHECK(rm_runtime_create(doc, SIZE_MAX, &other) == RM_INVALID_ARGUMENT);
  CHECK(other == NULL);
  CHECK(rm_runtime_add_resource(rt, "name", SIZE_MAX, rm_alloc(4), 4) == RM_INVALID_ARGUMENT);
  CHECK(rm_runtime_add_resource(rt, "name", 4, rm_alloc(4), SIZE_MAX) == RM_INVALID_ARGUMENT);
  CHECK(contains(rm_last_error(), "data's length"));
  rm_pipeline* none = NULL;
  CHECK(rm_pipeline_create(rt, kCalculator, SIZE_MAX, NULL, 0, &none) == RM_INVALID_ARGUMENT);
  CHECK(none == NULL);
  rm_bundle* bundle = NULL;
  CHECK(rm_bundle_open(NULL, 0, rm_alloc(8), SIZE_MAX, &bundle) == RM_INVALID_ARGUMENT);
  CHECK(rm_bundle_open(doc, SIZE_MAX, rm_alloc(8), 8, &bundle) == RM_INVALID_ARGUMENT);
  CHECK(bundle == NULL);
  rm_pipeline* p = create(rt, kCalculator);
  if (p == NULL) return;
  CHECK(rm_pipeline_push_to(p, "multiply", SIZE_MAX, "1", 1) == RM_INVALID_ARGUMENT);
  CHECK(contains(rm_last_error(), "source_id's length"));
  /* A null id with a length is a mistake, not "every source". */
  CHECK(rm_pipeline_push_to(p, NULL, 8, "1", 1) == RM_INVALID_ARGUMENT);
  CHECK(contains(rm_last_error(), "source_id is null"));
  CHECK(rm_pipeline_push(p, "1", SIZE_MAX) == RM_INVALID_ARGUMENT);
  CHECK(rm_pipeline_state(p) == RM_PIPELINE_OPEN);
  /* Nothing above reached the pipeline. */
  expect_drain(p, "{\"add\": []}");
  rm_pipeline_free(p);
}

static void test_streaming(rm_runtime* rt) {
  rm_pipeline* p = create(rt, kCalculator);
  if (p == NULL) return;
  CHECK(rm_pipeline_state(p) == RM_PIPELINE_OPEN);
  CHECK(contains(rm_pipeline_info(p), "\"execution_order\": [\"multiply\", \"add\"]"));
  CHECK(push_text(p, "5") == RM_OK);
  expect_drain(p, "{\"add\": [20]}");
  CHECK(push_text(p, "7") == RM_OK);
  CHECK(push_text(p, "3") == RM_OK);
  expect_drain(p, "{\"add\": [24, 16]}");
  expect_drain(p, "{\"add\": []}");
  /* Bad values leave the pipeline open. */
  CHECK(push_text(p, "[1,") == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"invalid_json\""));
  CHECK(rm_pipeline_push_to(p, "add", 3, "1", 1) == RM_INVALID_ARGUMENT);
  CHECK(contains(rm_last_error(), "not a source node"));
  CHECK(rm_pipeline_push_to(p, "multiply", 8, "1", 1) == RM_OK);
  expect_drain(p, "{\"add\": [12]}");
  CHECK(rm_pipeline_state(p) == RM_PIPELINE_OPEN);
  CHECK(rm_pipeline_flush(p) == RM_OK);
  CHECK(rm_pipeline_state(p) == RM_PIPELINE_FINISHED);
  /* Wrong-state calls are errors, never crashes. */
  CHECK(push_text(p, "1") == RM_WRONG_STATE);
  CHECK(contains(rm_last_error(), "\"pipeline_state\""));
  CHECK(rm_pipeline_flush(p) == RM_WRONG_STATE);
  expect_drain(p, "{\"add\": []}");
  rm_pipeline_free(p);
  rm_pipeline_free(NULL);

  /* Items in an envelope's input_data are refused: they come from push. */
  char doc[1024];
  snprintf(doc, sizeof doc, "{\"manifest\": %s, \"input_data\": [1]}", kCalculator);
  rm_pipeline* refused = NULL;
  CHECK(rm_pipeline_create(rt, doc, strlen(doc), NULL, 0, &refused) == RM_INVALID_ARGUMENT);
  CHECK(refused == NULL);
  const char* unknown =
      "{\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": [{\"id\": \"x\", "
      "\"node_type\": \"Nope\"}]}";
  CHECK(rm_pipeline_create(rt, unknown, strlen(unknown), NULL, 0, &refused) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"unknown_node_type\""));
  CHECK(contains(rm_last_error(), "\"$.nodes[0].node_type\""));
  const char* validate = "{\"validate\": true}";
  CHECK(rm_pipeline_create(rt, kCalculator, strlen(kCalculator), validate, strlen(validate),
                           &refused) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"$.validate\""));
}

/* Audio copied from a block the caller keeps writing (a borrowed push), and partial drains. */
static void test_audio_copy_and_partial_drain(rm_runtime* rt) {
  const char* two =
      "{\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": ["
      "{\"id\": \"a\", \"node_type\": \"PassThroughNode\"},"
      "{\"id\": \"b\", \"node_type\": \"PassThroughNode\"}]}";
  rm_pipeline* p = create(rt, two);
  if (p == NULL) return;
  float block[2] = {0.5f, -0.5f};
  CHECK(rm_pipeline_push_audio_copy(p, "a", 1, 16000, 1, 320, block, 2) == RM_OK);
  block[0] = 9.0f; /* the block is the caller's again as soon as the call returns */
  CHECK(rm_pipeline_push_audio_copy(p, "a", 1, 16000, 1, 322, block, 2) == RM_OK);
  CHECK(rm_pipeline_push_to(p, "b", 1, "7", 1) == RM_OK);
  CHECK(rm_pipeline_push_audio_copy(p, "a", 1, 16000, 2, 0, block, 1) == RM_INVALID_ARGUMENT);
  CHECK(contains(rm_last_error(), "multiple of channels"));

  rm_result* r = NULL;
  CHECK(rm_pipeline_drain_some(p, "[\"a\"]", 5, 1, 0, &r) == RM_OK);
  const char* first =
      "{\"a\": [{\"__audio__\": true, \"sample_rate\": 16000, \"channels\": 1, \"start_frame\": "
      "320, \"data\": \"AAAAPwAAAL8=\"}]}";
  if (r != NULL) {
    if (strcmp(rm_result_data(r), first) != 0) printf("  drained: %s\n", rm_result_data(r));
    CHECK(strcmp(rm_result_data(r), first) == 0);
    rm_result_free(r);
  }
  r = NULL;
  CHECK(rm_pipeline_drain_some(p, "[\"zz\"]", 6, 0, 0, &r) == RM_INVALID_ARGUMENT);
  CHECK(contains(rm_last_error(), "its sinks: a, b"));
  CHECK(rm_pipeline_drain_some(p, "{", 1, 0, 0, &r) == RM_INVALID_ARGUMENT);
  CHECK(rm_pipeline_drain_some(p, "[1]", 3, 0, 0, &r) == RM_INVALID_ARGUMENT);
  CHECK(r == NULL);
  /* The rest, in order: the second audio item (with the 9.0 written after the first push) and b. */
  expect_drain(p,
               "{\"a\": [{\"__audio__\": true, \"sample_rate\": 16000, \"channels\": 1, "
               "\"start_frame\": 322, \"data\": \"AAAQQQAAAL8=\"}], \"b\": [7]}");
  rm_pipeline_free(p);
}

static void test_binary(rm_runtime* rt) {
  rm_pipeline* p = create(rt, kCalculator);
  if (p == NULL) return;
  float* data = rm_alloc(3 * sizeof(float));
  data[0] = 1.0f;
  data[1] = 2.5f;
  data[2] = -4.0f;
  int64_t shape[1] = {3};
  CHECK(rm_pipeline_push_tensor(p, NULL, 0, RM_DTYPE_FLOAT32, shape, 1, data, 12) == RM_OK);
  rm_result* drained = NULL;
  CHECK(rm_pipeline_drain(p, RM_DRAIN_BINARY, &drained) == RM_OK);
  if (drained != NULL) {
    CHECK(strcmp(rm_result_data(drained),
                 "{\"add\": [{\"__numpy__\": true, \"array\": {\"meta\": {\"dtype\": \"float32\", "
                 "\"shape\": [3]}, \"binary\": 0}}]}") == 0);
    CHECK(rm_result_binary_count(drained) == 1);
    CHECK(rm_result_binary_len(drained, 0) == 12);
    const float* out = rm_result_binary_data(drained, 0);
    CHECK(out != NULL && out[0] == 12.0f && out[1] == 15.0f && out[2] == 2.0f);
    CHECK(rm_result_binary_data(drained, 1) == NULL);
    rm_result_free(drained);
  }
  /* Ownership passes on every return, so a refused push frees the block too (ASan checks). */
  void* wrong = rm_alloc(8);
  CHECK(rm_pipeline_push_tensor(p, NULL, 0, RM_DTYPE_FLOAT32, shape, 1, wrong, 8) ==
        RM_INVALID_ARGUMENT);
  CHECK(contains(rm_last_error(), "need 12"));
  CHECK(rm_pipeline_push_tensor(p, NULL, 0, 42, shape, 1, rm_alloc(12), 12) == RM_INVALID_ARGUMENT);
  int64_t huge[2] = {65536, 65536};
  CHECK(rm_pipeline_push_tensor(p, NULL, 0, RM_DTYPE_FLOAT32, huge, 2, NULL, 0) ==
        RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"value_too_large\""));
  CHECK(rm_pipeline_state(p) == RM_PIPELINE_OPEN);
  rm_pipeline_free(p);

  const char* pass =
      "{\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": [{\"id\": \"p\", "
      "\"node_type\": \"PassThroughNode\"}]}";
  p = create(rt, pass);
  if (p == NULL) return;
  float* samples = rm_alloc(4 * sizeof(float));
  for (int i = 0; i < 4; i++) samples[i] = (float)i / 4.0f;
  CHECK(rm_pipeline_push_audio(p, "p", 1, 16000, 2, 0, samples, 4) == RM_OK);
  CHECK(rm_pipeline_push_audio(p, NULL, 0, 16000, 3, 0, rm_alloc(16), 4) == RM_INVALID_ARGUMENT);
  CHECK(rm_pipeline_push_audio(p, NULL, 0, 16000, 1, -1, rm_alloc(16), 4) == RM_INVALID_ARGUMENT);
  /* Audio pushed with its place on the timeline keeps it through the pipeline. */
  CHECK(rm_pipeline_push_audio(p, NULL, 0, 8000, 1, 320, rm_alloc(4), 1) == RM_OK);
  CHECK(push_text(p, "{\"__bytes__\": true, \"data\": \"AAEC\"}") == RM_OK);
  drained = NULL;
  CHECK(rm_pipeline_drain(p, RM_DRAIN_BINARY, &drained) == RM_OK);
  if (drained != NULL) {
    CHECK(strcmp(rm_result_data(drained),
                 "{\"p\": [{\"__audio__\": true, \"sample_rate\": 16000, \"channels\": 2, "
                 "\"binary\": 0}, {\"__audio__\": true, \"sample_rate\": 8000, \"channels\": 1, "
                 "\"start_frame\": 320, \"binary\": 1}, {\"__bytes__\": true, \"binary\": 2}]}") ==
          0);
    CHECK(rm_result_binary_len(drained, 0) == 16);
    CHECK(rm_result_binary_len(drained, 2) == 3);
    const float* out = rm_result_binary_data(drained, 0);
    CHECK(out != NULL && out[3] == 0.75f);
    rm_result_free(drained);
  }
  CHECK(rm_pipeline_drain(p, 8, &drained) == RM_INVALID_ARGUMENT);
  rm_pipeline_free(p);
}

/* A Python node that reports how many modules are loaded, for leak checks. */
static const char kModuleCount[] =
    "{\"manifest\": {\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": [{\"id\": "
    "\"count\", \"node_type\": "
    "\"PythonNode\", \"params\": {\"class\": \"C\", \"source\": \"import sys\\nclass C:\\n  def "
    "process(self, x):\\n    return len(sys.modules)\\n\"}}]}, \"input_data\": [0]}";

static long module_count(rm_runtime* rt) {
  rm_result* result = run(rt, kModuleCount);
  if (result == NULL) return -1;
  const char* at = strstr(rm_result_data(result), "\"count\": [");
  long n = at != NULL ? strtol(at + 10, NULL, 10) : -1;
  rm_result_free(result);
  return n;
}

static int write_file(const char* relative, const char* text) {
  char path[600];
  snprintf(path, sizeof path, "%s/%s", g_scratch, relative);
  FILE* file = fopen(path, "w");
  if (file == NULL) return 0;
  fputs(text, file);
  return fclose(file) == 0;
}

static void test_python_scope(rm_runtime* rt) {
  /* Every pipeline starts with the same modules: nothing an earlier one loaded stays. */
  long before = module_count(rt);
  const char* inline_node =
      "{\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": [{\"id\": \"n\", "
      "\"node_type\": \"PythonNode\", "
      "\"params\": {\"class\": \"N\", \"source\": \"class N:\\n  def process(self, x):\\n    "
      "return x\\n\"}}]}";
  for (int i = 0; i < 100; i++) {
    rm_pipeline* p = create(rt, inline_node);
    if (p == NULL) break;
    rm_pipeline_free(p);
  }
  CHECK(before > 0);
  CHECK(module_count(rt) == before);

  /* A changed module file runs its new code in the next pipeline; the old pipeline keeps its own.
   */
  CHECK(write_file("scoped.py", "class S:\n  def process(self, x):\n    return 'one'\n"));
  const char* file_node =
      "{\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": [{\"id\": \"s\", "
      "\"node_type\": \"PythonNode\", "
      "\"params\": {\"class\": \"S\", \"module\": \"scoped.py\"}}]}";
  rm_pipeline* first = create(rt, file_node);
  CHECK(write_file("scoped.py", "class S:\n  def process(self, x):\n    return 'two'\n"));
  rm_pipeline* second = create(rt, file_node);
  if (first != NULL && second != NULL) {
    CHECK(push_text(first, "0") == RM_OK);
    CHECK(push_text(second, "0") == RM_OK);
    expect_drain(first, "{\"s\": [\"one\"]}");
    expect_drain(second, "{\"s\": [\"two\"]}");
  }
  rm_pipeline_free(first);
  rm_pipeline_free(second);

  /* A Python push failure fails the pipeline; later pushes are refused; drain still works. */
  const char* picky =
      "{\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": [{\"id\": \"p\", "
      "\"node_type\": \"PythonNode\", "
      "\"params\": {\"class\": \"P\", \"source\": \"class P:\\n  def process(self, x):\\n    if x "
      "< 0: raise ValueError('negative')\\n    return x\\n\"}}]}";
  rm_pipeline* p = create(rt, picky);
  if (p == NULL) return;
  CHECK(push_text(p, "1") == RM_OK);
  CHECK(push_text(p, "-1") == RM_RUN_FAILURE);
  CHECK(contains(rm_last_error(), "ValueError: negative"));
  CHECK(contains(rm_last_error(), "\"traceback\""));
  CHECK(rm_pipeline_state(p) == RM_PIPELINE_FAILED);
  CHECK(push_text(p, "2") == RM_WRONG_STATE);
  CHECK(contains(rm_last_error(), "\"pipeline_failed\""));
  CHECK(rm_pipeline_flush(p) == RM_WRONG_STATE);
  expect_drain(p, "{\"p\": [1]}");
  rm_pipeline_free(p);

  /* After the flush a Python node's methods are gone: a push is refused, never called. */
  p = create(rt, picky);
  if (p == NULL) return;
  CHECK(push_text(p, "3") == RM_OK);
  CHECK(rm_pipeline_flush(p) == RM_OK);
  CHECK(push_text(p, "4") == RM_WRONG_STATE);
  CHECK(contains(rm_last_error(), "\"pipeline_state\""));
  CHECK(rm_pipeline_state(p) == RM_PIPELINE_FINISHED);
  expect_drain(p, "{\"p\": [3]}");
  rm_pipeline_free(p);
}

/* Pipelines on one runtime do not share Python state (docs/python-nodes.md#isolation): what
 * pipeline A patches - json, builtins, sys.modules and sys.path, a built-in node's class, the
 * remotemedia package - is not what B sees, while A is alive or after it ended. */
static const char kPoisonModule[] =
    "import builtins\nimport json\nimport sys\n\nimport remotemedia\n"
    "import remotemedia.nodes as nodes\n\n\n"
    "class Poison:\n"
    "    def process(self, item):\n"
    "        json.dumps = lambda *args, **kwargs: 'PWNED'\n"
    "        json.JSONEncoder.encode = lambda self, o: 'PWNED'\n"
    "        builtins.len = lambda o: -7\n"
    "        builtins.planted = True\n"
    "        sys.modules['planted'] = type(sys)('planted')\n"
    "        sys.path.insert(0, '/planted')\n"
    "        nodes.TextProcessorNode.process = lambda self, x: 'PWNED'\n"
    "        remotemedia.Tensor = None\n"
    "        return [json.dumps([1]), len('ab')]\n";

static const char kCheckModule[] =
    "import builtins\nimport json\nimport sys\n\nimport remotemedia\n\n\n"
    "class Check:\n"
    "    def process(self, item):\n"
    "        return {\n"
    "            'dumps': json.dumps([1]),\n"
    "            'encode': json.JSONEncoder().encode([2]),\n"
    "            'len': len('ab'),\n"
    "            'planted': 'planted' in sys.modules or hasattr(builtins, 'planted'),\n"
    "            'path': '/planted' in sys.path,\n"
    "            'tensor': remotemedia.Tensor is not None,\n"
    "        }\n";

static void expect_unpoisoned(rm_runtime* rt) {
  const char* doc =
      "{\"manifest\": {\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": ["
      "{\"id\": \"check\", \"node_type\": \"PythonNode\", \"params\": {\"class\": \"Check\", "
      "\"module\": \"isolation_check.py\"}},"
      "{\"id\": \"text\", \"node_type\": \"TextProcessorNode\", \"params\": {\"operations\": "
      "[\"uppercase\"]}}]}, \"input_data\": [\"a b\"]}";
  const char* want =
      "\"outputs\": {\"check\": [{\"dumps\": \"[1]\", \"encode\": \"[2]\", \"len\": 2, "
      "\"planted\": false, \"path\": false, \"tensor\": true}], \"text\": [{\"original_text\": "
      "\"a b\", \"results\": {\"uppercase\": \"A B\"}}]}";
  rm_result* result = run(rt, doc);
  if (result == NULL) return;
  if (!contains(rm_result_data(result), want)) printf("  got: %s\n", rm_result_data(result));
  CHECK(contains(rm_result_data(result), want));
  rm_result_free(result);
}

static void test_python_isolation(rm_runtime* rt) {
  CHECK(write_file("isolation_poison.py", kPoisonModule));
  CHECK(write_file("isolation_check.py", kCheckModule));
  const char* poison =
      "{\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": [{\"id\": \"a\", "
      "\"node_type\": \"PythonNode\", "
      "\"params\": {\"class\": \"Poison\", \"module\": \"isolation_poison.py\"}}]}";
  rm_pipeline* a = create(rt, poison);
  if (a == NULL) return;
  CHECK(push_text(a, "1") == RM_OK);
  expect_drain(a, "{\"a\": [[\"PWNED\", -7]]}");
  expect_unpoisoned(rt); /* while A is alive */
  CHECK(push_text(a, "2") == RM_OK);
  expect_drain(a, "{\"a\": [[\"PWNED\", -7]]}"); /* A keeps its own state */
  rm_pipeline_free(a);
  expect_unpoisoned(rt); /* after A ended */
}

/* rm_bundle_open's block, `len` bytes copied from `bytes` (the call takes it over). */
static void* bundle_block(const void* bytes, size_t len) {
  void* block = rm_alloc(len);
  if (block != NULL && len != 0) memcpy(block, bytes, len);
  return block;
}

static rm_status open_bundle(const char* options, const void* bytes, size_t len, rm_bundle** out) {
  return rm_bundle_open(options, options == NULL ? 0 : strlen(options), bundle_block(bytes, len),
                        len, out);
}

/* What every host gets wrong first: bad arguments, bad options, bytes that are no bundle. */
static void test_bundle_refusals(void) {
  rm_bundle* bundle = NULL;
  CHECK(rm_bundle_open(NULL, 0, rm_alloc(4), 4, NULL) == RM_INVALID_ARGUMENT);
  CHECK(rm_bundle_open(NULL, 0, NULL, 4, &bundle) == RM_INVALID_ARGUMENT);
  CHECK(bundle == NULL);
  CHECK(open_bundle("{\"colour\": 1}", "PK", 2, &bundle) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"invalid_option\""));
  CHECK(contains(rm_last_error(), "\"$.colour\""));
  CHECK(open_bundle("{\"expected_target\": \"mips\"}", "PK", 2, &bundle) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"$.expected_target\""));
  CHECK(open_bundle("{\"public_key\": \"not a key\"}", "PK", 2, &bundle) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"bundle_key_invalid\""));
  CHECK(open_bundle("{\"max_bundle_bytes\": -1}", "PK", 2, &bundle) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"$.max_bundle_bytes\""));
  const char garbage[] = "this is not a zip archive at all";
  CHECK(open_bundle(NULL, garbage, sizeof garbage, &bundle) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"bundle_"));
  CHECK(open_bundle(NULL, "", 0, &bundle) == RM_INVALID_INPUT);
  CHECK(bundle == NULL);
  CHECK(rm_bundle_info_len(NULL) == 0);
  CHECK(rm_bundle_file_data(NULL, 0) == NULL);
  rm_bundle_free(NULL);
}

/* The whole file at `path` in a malloc'ed block (*len bytes), or NULL. */
static char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  char* data = NULL;
  size_t size = 0;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    char* grown = realloc(data, size + n);
    if (grown == NULL) break;
    data = grown;
    memcpy(data + size, chunk, n);
    size += n;
  }
  fclose(f);
  *len = size;
  return data;
}

/* The example bundle: its info, its files by index, and the checks that refuse it. */
static void test_bundle_example(const char* path) {
  size_t len = 0;
  char* bytes = read_file(path, &len);
  CHECK(bytes != NULL && len > 0);
  if (bytes == NULL) return;
  rm_bundle* bundle = NULL;
  CHECK(open_bundle(NULL, bytes, len, &bundle) == RM_OK);
  if (bundle != NULL) {
    const char* info = rm_bundle_info(bundle);
    CHECK(rm_bundle_info_len(bundle) == strlen(info));
    CHECK(contains(info, "\"runtime_target\": \"native\""));
    CHECK(contains(info, "\"signed\": false"));
    CHECK(contains(info, "\"runtime_abi_version\": 0"));
    CHECK(contains(info, "\"pipeline\": \"{\\\"manifest\\\": "));
    /* "files" is in name order: manifest.json before meta/checksums.json. */
    const char* files = strstr(info, "\"files\": [");
    CHECK(files != NULL &&
          strstr(files, "\"manifest.json\"") < strstr(files, "\"meta/checksums.json\""));
    const char* manifest = rm_bundle_file_data(bundle, 0);
    CHECK(manifest != NULL && rm_bundle_file_len(bundle, 0) > 2 && manifest[0] == '{');
    CHECK(rm_bundle_file_data(bundle, 1000) == NULL && rm_bundle_file_len(bundle, 1000) == 0);
    rm_bundle_free(bundle);
  }
  bundle = NULL;
  CHECK(open_bundle("{\"expected_target\": \"wasm32-wasi\"}", bytes, len, &bundle) ==
        RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"bundle_wrong_target\""));
  CHECK(open_bundle("{\"max_bundle_bytes\": 10}", bytes, len, &bundle) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"bundle_too_large\""));
  /* An unsigned bundle fails when a signature is required. */
  const char* keyed =
      "{\"public_key\": \"rmpkg-ed25519-public AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\\n\"}";
  CHECK(open_bundle(keyed, bytes, len, &bundle) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"bundle_signature_missing\""));
  /* One flipped byte of the first entry's data fails its CRC or checksum; one of its local
   * header's time no longer agrees with the central directory. The first entry's data starts
   * after its 30-byte local header and its name (pack writes no extra field). */
  CHECK(len > 30 && bytes[0] == 'P' && bytes[1] == 'K');
  size_t data = 30 + ((size_t)(unsigned char)bytes[26] | (size_t)(unsigned char)bytes[27] << 8);
  const size_t flips[] = {data + 1, 10};
  const char* codes[] = {"\"bundle_", "\"bundle_layout_invalid\""};
  for (int i = 0; i < 2; i++) {
    CHECK(flips[i] < len);
    if (flips[i] >= len) break;
    bytes[flips[i]] ^= 0x5a;
    CHECK(open_bundle(NULL, bytes, len, &bundle) == RM_INVALID_INPUT);
    CHECK(contains(rm_last_error(), codes[i]));
    CHECK(bundle == NULL);
    bytes[flips[i]] ^= 0x5a;
  }
  free(bytes);
}

static void test_limits_and_metrics(const char* base_dir_option) {
  char options[700];
  snprintf(options, sizeof options, "{%s\"recursion_limit\": 350}", base_dir_option);
  rm_runtime* rt = NULL;
  CHECK(rm_runtime_create(options, strlen(options), &rt) == RM_OK);
  if (rt == NULL) return;
  const char* limits = "{\"max_output_items\": 2, \"metrics\": true}";
  const char* fan =
      "{\"manifest\": {\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, \"nodes\": [{\"id\": "
      "\"a\", \"node_type\": "
      "\"PassThroughNode\"}]}, \"input_data\": [1, 2, 3]}";
  rm_result* result = run_with(rt, fan, limits);
  if (result != NULL) {
    CHECK(rm_result_exit_code(result) == 1);
    CHECK(contains(rm_result_data(result), "\"output_limit\""));
    CHECK(contains(rm_result_data(result), "items at once (max_output_items)"));
    rm_result_free(result);
  }
  /* The same runtime, the next call without limits: nothing of the last call's options stays. */
  result = run(rt, fan);
  if (result != NULL) {
    CHECK(rm_result_exit_code(result) == 0);
    CHECK(rm_result_metrics_len(result) == 0);
    rm_result_free(result);
  }
  /* The caller names the options in its own spelling. */
  result = run_with(rt, fan,
                    "{\"max_output_items\": 1, \"option_names\": {\"max_output_items\": "
                    "\"limits.maxOutputItems\"}}");
  if (result != NULL) {
    CHECK(contains(rm_result_data(result), "items at once (limits.maxOutputItems)"));
    rm_result_free(result);
  }
  /* Drained items no longer count: a stream far longer than the limit runs. */
  rm_pipeline* p = create_with(rt,
                               "{\"version\": \"v1\", \"metadata\": {\"name\": \"t\"}, "
                               "\"nodes\": [{\"id\": \"a\", \"node_type\": \"PassThroughNode\"}]}",
                               limits);
  if (p != NULL) {
    int ok = 1;
    for (int i = 0; i < 1000 && ok; i++) {
      rm_result* drained = NULL;
      ok = push_text(p, "1") == RM_OK && rm_pipeline_drain(p, 0, &drained) == RM_OK;
      rm_result_free(drained);
    }
    CHECK(ok);
    rm_pipeline_free(p);
  }
  char doc[1024];
  snprintf(doc, sizeof doc, "{\"manifest\": %s, \"input_data\": [1]}", kCalculator);
  result = run_with(rt, doc, limits);
  if (result != NULL) {
    CHECK(strncmp(rm_result_metrics(result), "{\"metrics\": {\"parse_ms\": ", 24) == 0);
    CHECK(!contains(rm_result_data(result), "metrics"));
    rm_result_free(result);
  }
  /* CPython started with the first runtime's recursion limit; another is refused. */
  rm_runtime* other = NULL;
  const char* deeper = "{\"recursion_limit\": 900}";
  CHECK(rm_runtime_create(deeper, strlen(deeper), &other) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"python_already_started\""));
  const char* elsewhere = "{\"module_search_paths\": [\"/elsewhere\"]}";
  CHECK(rm_runtime_create(elsewhere, strlen(elsewhere), &other) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"$.module_search_paths\""));
  const char* relative = "{\"module_search_paths\": [\"lib\"]}";
  CHECK(rm_runtime_create(relative, strlen(relative), &other) == RM_INVALID_INPUT);
  CHECK(contains(rm_last_error(), "\"invalid_option\""));
  CHECK(other == NULL);
  rm_runtime_free(rt);
}

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3 || strlen(argv[1]) > 500) {
    fprintf(stderr, "usage: c_api_test SCRATCH_DIR [BUNDLE]\n");
    return 2;
  }
  g_scratch = argv[1];
  test_basics();
  char base_dir_option[560];
  snprintf(base_dir_option, sizeof base_dir_option, "\"base_dir\": \"%s\", ", g_scratch);
  char options[700];
  snprintf(options, sizeof options, "{%s\"recursion_limit\": 350}", base_dir_option);
  rm_runtime* rt = NULL;
  CHECK(rm_runtime_create(options, strlen(options), &rt) == RM_OK);
  if (rt != NULL) {
    test_one_shot(rt);
    test_streaming(rt);
    test_pointer_length_pairs(rt);
    test_binary(rt);
    test_audio_copy_and_partial_drain(rt);
    test_python_scope(rt);
    test_python_isolation(rt);
    rm_runtime_free(rt);
  }
  test_limits_and_metrics(base_dir_option);
  test_bundle_refusals();
  if (argc == 3) test_bundle_example(argv[2]);
  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
