// The `_remotemedia` extension module, built into the runtime (PyImport_AppendInittab) and
// re-exported by the embedded `remotemedia` package: the Tensor and Audio types.
//
// Both types are immutable views of a runtime Buffer: creating one from a runtime value shares the
// buffer (a reference count, no sample copy), and they export it through the buffer protocol
// READ-ONLY with its element format, item size, shape and strides, because runtime buffers are
// shared copy-on-write between nodes. Constructors adopt the memory of any C-contiguous buffer
// exporter without copying by holding its Py_buffer until the last runtime copy is gone; that
// memory is then never written by the runtime either.
//
//   Tensor  format by dtype ("f", "d", "b", "h", "i", "q", "B", "H", "I", "Q"), shape = the
//           tensor's shape (0-d for scalars)
//   Audio   format "f", 1-d: all samples, channels interleaved
#pragma once

#include "python/py_ref.h"
#include "remotemedia/value.h"

namespace remotemedia::python {

// The module's init function, for PyImport_AppendInittab. Records the type objects the
// conversions below use; the module is imported once when the interpreter starts.
PyObject* init_remotemedia_module();

// New remotemedia.Tensor / remotemedia.Audio objects sharing the value's buffer. Null with a
// Python exception set on failure (memory, or the module not initialised).
PyRef new_tensor_object(const Tensor& tensor);
PyRef new_audio_object(const Audio& audio);

// The runtime value inside a remotemedia.Tensor / remotemedia.Audio object; null for any other
// object. Borrowed: valid while the object lives.
const Tensor* tensor_of(PyObject* object);
const Audio* audio_of(PyObject* object);

// The buffer-protocol format character of a dtype ("f" for float32, ...).
const char* buffer_format(DType dtype);

}  // namespace remotemedia::python
