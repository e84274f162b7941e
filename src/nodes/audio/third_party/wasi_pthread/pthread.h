/* The one piece of <pthread.h> WebRTC's signal-processing library uses (pthread_once in
 * spl_init.c), for wasm32-wasi, whose libc has no threads: the runtime is single-threaded there, so
 * "once" is a flag. Only on the include path of rm_webrtc_vad, and only in wasm builds. */
#ifndef REMOTEMEDIA_NODES_AUDIO_THIRD_PARTY_WASI_PTHREAD_H_
#define REMOTEMEDIA_NODES_AUDIO_THIRD_PARTY_WASI_PTHREAD_H_

typedef int pthread_once_t;
#define PTHREAD_ONCE_INIT 0

static inline int pthread_once(pthread_once_t* once, void (*init)(void)) {
  if (*once == 0) {
    *once = 1;
    init();
  }
  return 0;
}

#endif  // REMOTEMEDIA_NODES_AUDIO_THIRD_PARTY_WASI_PTHREAD_H_
