/* Timing and medians for the C benchmarks in bench/. Header-only: each program is one file. */
#ifndef REMOTEMEDIA_BENCH_BENCH_SUPPORT_H_
#define REMOTEMEDIA_BENCH_BENCH_SUPPORT_H_

#include <stdlib.h>
#include <time.h>

/* Monotonic milliseconds. */
static inline double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static inline int bench_by_value(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

/* The median of `n` values (sorts them in place). */
static inline double median(double* values, int n) {
  qsort(values, (size_t)n, sizeof *values, bench_by_value);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

#endif /* REMOTEMEDIA_BENCH_BENCH_SUPPORT_H_ */
