/* A stand-in for <setjmp.h>, which this wasm32-wasi libc lacks (no exception handling to unwind
 * with). sphinxbase includes it for ckd_set_jump(), an opt-in jump out of a failed allocation that
 * neither sphinxbase, pocketsphinx nor PocketSphinxNode ever enables; a longjmp would trap. */
#pragma once
typedef int jmp_buf[1];
#define setjmp(env) 0
#define longjmp(env, value) __builtin_trap()
