/* The two C++ ABI entry points a `throw` compiles to, for the wasm32-wasi module, whose libc++abi
 * has no exception runtime: whisper.cpp and ggml throw on failures they cannot return (a buffer
 * they cannot allocate, a model they cannot read). WhisperNode checks every model completely
 * before whisper.cpp reads it, so reaching these is a bug or memory exhaustion: they say so on
 * stderr and abort, which the host reports as a trap (`wasm_trap`). Nothing is left to clean up: the
 * instance is gone. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

void* __cxa_allocate_exception(size_t size) {
  (void)size;
  fputs("remotemedia: whisper.cpp raised a C++ exception (out of memory?); stopping\n", stderr);
  abort();
}

void __cxa_throw(void* exception, void* type, void (*destructor)(void*)) {
  (void)exception;
  (void)type;
  (void)destructor;
  abort();
}
