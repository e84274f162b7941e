/* What a pipeline's own Python interpreter costs (docs/python-nodes.md#isolation), natively
 * through the C ABI (libremotemedia.so), measured side by side in one run with rounds alternating:
 *   calculator      rm_run of MultiplyNode -> AddNode: a run that starts no Python
 *   python run      rm_run of one inline PythonNode: a sub-interpreter started, its bridge and the
 *                   node's module set up, one item, the interpreter ended
 *   python create   rm_pipeline_create + rm_pipeline_free of the same node (no item)
 *   python push     rm_pipeline_push of one item into an open pipeline of that node
 * Prints medians (ms) and the per-pipeline cost: python run - calculator - python push.
 *
 *   build/release/bench/pipeline_isolation_bench [ROUNDS=200] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_support.h"
#include "remotemedia/c_api.h"

static const char kCalculator[] =
    "{\"manifest\": {\"version\": \"v1\", \"metadata\": {\"name\": \"c\"}, \"nodes\": ["
    "{\"id\": \"m\", \"node_type\": \"MultiplyNode\", \"params\": {\"factor\": 2}},"
    "{\"id\": \"a\", \"node_type\": \"AddNode\", \"params\": {\"addend\": 10}}],"
    "\"connections\": [{\"from\": \"m\", \"to\": \"a\"}]}, \"input_data\": [1]}";

#define PYTHON_MANIFEST                                                                        \
  "{\"version\": \"v1\", \"metadata\": {\"name\": \"p\"}, \"nodes\": [{\"id\": \"p\", "        \
  "\"node_type\": \"PythonNode\", \"params\": {\"class\": \"P\", \"source\": \"import json\\n" \
  "class P:\\n    def process(self, x):\\n        return json.loads(json.dumps([x, x]))\\n\"}}]}"

static const char kPythonManifest[] = PYTHON_MANIFEST;
static const char kPythonRun[] = "{\"manifest\": " PYTHON_MANIFEST ", \"input_data\": [1]}";

static void must(rm_status status, const char* what) {
  if (status == RM_OK) return;
  fprintf(stderr, "%s failed: %s\n", what, rm_last_error());
  exit(1);
}

static double time_run(rm_runtime* rt, const char* doc) {
  rm_result* result = NULL;
  double t = now_ms();
  must(rm_run(rt, doc, strlen(doc), NULL, 0, &result), "rm_run");
  t = now_ms() - t;
  if (strstr(rm_result_data(result), "\"success\"") == NULL) {
    fprintf(stderr, "unexpected result: %s\n", rm_result_data(result));
    exit(1);
  }
  rm_result_free(result);
  return t;
}

int main(int argc, char** argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 200;
  if (rounds < 1 || rounds > 100000) {
    fprintf(stderr, "usage: pipeline_isolation_bench [ROUNDS=200]\n");
    return 2;
  }
  rm_runtime* rt = NULL;
  must(rm_runtime_create("{}", 2, &rt), "rm_runtime_create");
  rm_pipeline* open = NULL;
  must(rm_pipeline_create(rt, kPythonManifest, strlen(kPythonManifest), NULL, 0, &open),
       "rm_pipeline_create");
  double* calculator = calloc((size_t)rounds, sizeof(double));
  double* python_run = calloc((size_t)rounds, sizeof(double));
  double* python_create = calloc((size_t)rounds, sizeof(double));
  double* python_push = calloc((size_t)rounds, sizeof(double));
  if (!calculator || !python_run || !python_create || !python_push) return 1;
  for (int warm = 0; warm < 5; warm++) {
    time_run(rt, kCalculator);
    time_run(rt, kPythonRun);
  }
  for (int i = 0; i < rounds; i++) {
    calculator[i] = time_run(rt, kCalculator);
    python_run[i] = time_run(rt, kPythonRun);
    rm_pipeline* p = NULL;
    double t = now_ms();
    must(rm_pipeline_create(rt, kPythonManifest, strlen(kPythonManifest), NULL, 0, &p),
         "rm_pipeline_create");
    rm_pipeline_free(p);
    python_create[i] = now_ms() - t;
    t = now_ms();
    must(rm_pipeline_push(open, "1", 1), "rm_pipeline_push");
    python_push[i] = now_ms() - t;
    rm_result* drained = NULL;
    must(rm_pipeline_drain(open, 0, &drained), "rm_pipeline_drain");
    rm_result_free(drained);
  }
  double c = median(calculator, rounds), r = median(python_run, rounds);
  double k = median(python_create, rounds), p = median(python_push, rounds);
  printf("native C ABI, median of %d alternating rounds (ms)\n", rounds);
  printf("  calculator run (no Python)        %8.3f\n", c);
  printf("  one-Python-node run               %8.3f\n", r);
  printf("  create + free, Python node        %8.3f\n", k);
  printf("  push into an open Python pipeline %8.3f\n", p);
  printf("  per pipeline: run - calculator - push = %.3f ms\n", r - c - p);
  rm_pipeline_free(open);
  rm_runtime_free(rt);
  free(calculator);
  free(python_run);
  free(python_create);
  free(python_push);
  return 0;
}
