/* Single-threaded <pthread.h> for ggml's CPU backend on wasm32-wasi (wasi-libc has no threads).
 * Mutexes and condition variables are no-ops; creating a thread fails with EAGAIN, so ggml must be
 * run with one thread (WhisperNode forces threads = 1 in wasm). Only on the include path of the
 * wasm32-wasi build of ggml/whisper.cpp (scripts/whisper-deps/build.sh). */
#ifndef RM_WHISPER_WASI_PTHREAD_H_
#define RM_WHISPER_WASI_PTHREAD_H_

#include <errno.h>

/* wasi-libc declares the pthread types (musl's bits/alltypes.h) but no functions. */
#define __NEED_pthread_t
#define __NEED_pthread_attr_t
#define __NEED_pthread_mutex_t
#define __NEED_pthread_mutexattr_t
#define __NEED_pthread_cond_t
#define __NEED_pthread_condattr_t
#define __NEED_pthread_once_t
#include <bits/alltypes.h>

#define PTHREAD_ONCE_INIT 0

static inline pthread_t pthread_self(void) {
  return (pthread_t)0;
}
static inline int pthread_create(pthread_t* t, const pthread_attr_t* a, void* (*fn)(void*),
                                 void* arg) {
  (void)t;
  (void)a;
  (void)fn;
  (void)arg;
  return EAGAIN;
}
static inline int pthread_join(pthread_t t, void** ret) {
  (void)t;
  (void)ret;
  return 0;
}
static inline int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* a) {
  (void)m;
  (void)a;
  return 0;
}
static inline int pthread_mutex_destroy(pthread_mutex_t* m) {
  (void)m;
  return 0;
}
static inline int pthread_mutex_lock(pthread_mutex_t* m) {
  (void)m;
  return 0;
}
static inline int pthread_mutex_unlock(pthread_mutex_t* m) {
  (void)m;
  return 0;
}
static inline int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* a) {
  (void)c;
  (void)a;
  return 0;
}
static inline int pthread_cond_destroy(pthread_cond_t* c) {
  (void)c;
  return 0;
}
static inline int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
  (void)c;
  (void)m;
  return 0;
}
static inline int pthread_cond_broadcast(pthread_cond_t* c) {
  (void)c;
  return 0;
}
static inline int pthread_cond_signal(pthread_cond_t* c) {
  (void)c;
  return 0;
}
static inline int pthread_once(pthread_once_t* once, void (*init)(void)) {
  if (*once == 0) {
    *once = 1;
    init();
  }
  return 0;
}

#endif
