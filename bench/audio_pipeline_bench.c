/* One audio document run again and again natively in one process through the C ABI
 * (libremotemedia.so), for bench/js_runtime/audio.mjs: the native counterpart of a warm wasm
 * instance (no process start; the allocator's memory reused across rounds as far as it keeps it).
 * Prints one line: the medians of the run's node time (the sum of its metrics' per-node ms) and
 * of the whole rm_run call, in ms.
 *
 *   build/release/bench/audio_pipeline_bench DOCUMENT.json [ROUNDS=5]
 * Relative file names in the document resolve against the document's directory. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_support.h"
#include "remotemedia/c_api.h"

static char* read_all(const char* path) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* text = malloc((size_t)size + 1);
  if (text != NULL && fread(text, 1, (size_t)size, f) == (size_t)size) {
    text[size] = '\0';
  } else {
    free(text);
    text = NULL;
  }
  fclose(f);
  return text;
}

/* The sum of the "ms" members after "nodes" in a metrics document. */
static double node_ms(const char* metrics) {
  const char* at = strstr(metrics, "\"nodes\"");
  double sum = 0;
  while (at != NULL && (at = strstr(at, "\"ms\": ")) != NULL) {
    at += 6;
    sum += strtod(at, NULL);
  }
  return sum;
}

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: audio_pipeline_bench DOCUMENT.json [ROUNDS=5]\n");
    return 2;
  }
  int rounds = argc == 3 ? atoi(argv[2]) : 5;
  if (rounds < 1 || rounds > 1000) rounds = 5;
  char* doc = read_all(argv[1]);
  if (doc == NULL) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  char* path = strdup(argv[1]);
  char options[4200];
  snprintf(options, sizeof options, "{\"base_dir\": \"%s\", \"start_python\": false}",
           dirname(path));
  rm_runtime* rt = NULL;
  if (rm_runtime_create(options, strlen(options), &rt) != RM_OK) {
    fprintf(stderr, "rm_runtime_create: %s\n", rm_last_error());
    return 1;
  }
  const char* call = "{\"metrics\": true}";
  double* nodes = calloc((size_t)rounds, sizeof *nodes);
  double* runs = calloc((size_t)rounds, sizeof *runs);
  for (int r = -1; r < rounds; r++) { /* round -1: warm-up */
    rm_result* result = NULL;
    double t = now_ms();
    rm_status status = rm_run(rt, doc, strlen(doc), call, strlen(call), &result);
    t = now_ms() - t;
    if (status != RM_OK || rm_result_exit_code(result) != 0) {
      fprintf(stderr, "rm_run failed: %s\n",
              status != RM_OK ? rm_last_error() : rm_result_data(result));
      return 1;
    }
    if (r >= 0) {
      nodes[r] = node_ms(rm_result_metrics(result));
      runs[r] = t;
    }
    rm_result_free(result);
  }
  printf("{\"nodes_ms\": %.1f, \"run_ms\": %.1f}\n", median(nodes, rounds), median(runs, rounds));
  rm_runtime_free(rt);
  free(nodes);
  free(runs);
  free(path);
  free(doc);
  return 0;
}
