// PyRef: one owned reference to a Python object. References enter only through the two explicit
// doors, so every PyObject* in bridge code is visibly owned or borrowed:
//   PyRef::steal(p)  - takes over a new reference (what most C API calls return); p may be null
//   PyRef::borrow(p) - adds a reference to a borrowed pointer (PyList_GET_ITEM, arguments, ...)
// A null PyRef after a C API call means a Python exception is set (see errors.h).
#pragma once

#include <utility>

#include "python/python_api.h"

namespace remotemedia::python {

class PyRef {
 public:
  PyRef() = default;
  static PyRef steal(PyObject* object) { return PyRef(object); }
  static PyRef borrow(PyObject* object) {
    Py_XINCREF(object);
    return PyRef(object);
  }

  PyRef(const PyRef& other) : object_(other.object_) { Py_XINCREF(object_); }
  PyRef(PyRef&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
  PyRef& operator=(PyRef other) noexcept {
    std::swap(object_, other.object_);
    return *this;
  }
  // Never decrements after the interpreter is gone (objects then simply leak with the process).
  ~PyRef() { reset(); }

  void reset() {
    PyObject* object = std::exchange(object_, nullptr);
    if (object != nullptr && Py_IsInitialized()) Py_DECREF(object);
  }
  // Borrowed: valid while this PyRef holds it.
  PyObject* get() const { return object_; }
  // Hands the reference to the caller (e.g. to return it to CPython); this PyRef becomes null.
  PyObject* release() { return std::exchange(object_, nullptr); }
  bool is_null() const { return object_ == nullptr; }
  explicit operator bool() const { return object_ != nullptr; }

 private:
  explicit PyRef(PyObject* object) : object_(object) {}
  PyObject* object_ = nullptr;
};

}  // namespace remotemedia::python
