// Python sources compiled into the runtime (generated from python/remotemedia/** and
// src/python/bootstrap.py by embed_python_sources.cmake), so imports need no files on disk.
#pragma once

#include <cstddef>

namespace remotemedia::python {

struct EmbeddedSource {
  const char* module;    // dotted module name, e.g. "remotemedia.nodes"
  const char* filename;  // stable name for tracebacks, e.g. "<remotemedia>/remotemedia/__init__.py"
  bool is_package;
  const unsigned char* text;  // UTF-8 source, NUL-terminated
  std::size_t size;           // without the terminating NUL
};

// The bridge's own Python helpers (finder, module loader, traceback formatting).
extern const EmbeddedSource kBootstrapSource;
// The `remotemedia` package, in path order (packages before their modules).
extern const EmbeddedSource kEmbeddedSources[];
extern const std::size_t kEmbeddedSourceCount;

}  // namespace remotemedia::python
