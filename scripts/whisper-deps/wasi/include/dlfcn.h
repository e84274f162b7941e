/* <dlfcn.h> for the wasm32-wasi build of ggml (wasi-libc has none): a module has no dynamic
 * loading, so every dlopen fails and dlerror says why. ggml's CPU backend is linked statically
 * (GGML_BACKEND_DL=OFF). Only on the include path of that build (scripts/whisper-deps/build.sh). */
#ifndef RM_WHISPER_WASI_DLFCN_H_
#define RM_WHISPER_WASI_DLFCN_H_

#include <stddef.h>

#define RTLD_LAZY 1
#define RTLD_NOW 2
#define RTLD_LOCAL 0
#define RTLD_GLOBAL 256

static char rm_dlfcn_no_dynamic_loading[] = "dynamic loading is not available in wasm32-wasi";

static inline void* dlopen(const char* file, int mode) {
  (void)file;
  (void)mode;
  return NULL;
}
static inline void* dlsym(void* handle, const char* name) {
  (void)handle;
  (void)name;
  return NULL;
}
static inline int dlclose(void* handle) {
  (void)handle;
  return 0;
}
static inline char* dlerror(void) {
  return rm_dlfcn_no_dynamic_loading;
}

#endif  // RM_WHISPER_WASI_DLFCN_H_
