// The one way bridge code includes CPython's C API. Include it first in a translation unit (CPython
// may set feature macros that must precede system headers). Only src/python/ and the Python node
// family include this: nothing of Python is visible to the core.
#pragma once

#define PY_SSIZE_T_CLEAN
#if defined(__wasi__) && defined(__cplusplus) && !defined(restrict)
// Include/cpython/pthread_stubs.h uses C99 `restrict`, which C++ does not have.
#define restrict __restrict
#define REMOTEMEDIA_DEFINED_RESTRICT 1
#endif
#include <Python.h>
#if defined(REMOTEMEDIA_DEFINED_RESTRICT)
#undef restrict
#undef REMOTEMEDIA_DEFINED_RESTRICT
#endif

#if PY_VERSION_HEX < 0x030B0000 || PY_VERSION_HEX >= 0x030C0000
#error "the Python bridge is written against CPython 3.11"
#endif
