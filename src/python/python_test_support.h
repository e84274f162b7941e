// Helpers for the bridge's unit tests: start the interpreter and run snippets of Python in one
// shared scratch namespace.
#pragma once

#include "python/python_api.h"

#include <gtest/gtest.h>

#include <string>

#include "python/errors.h"
#include "python/interpreter.h"
#include "python/py_ref.h"

namespace remotemedia::python::testing {

// The scratch namespace (with builtins), shared by the snippets of one test process.
inline PyObject* scratch() {
  static PyObject* globals = [] {
    PyObject* dict = PyDict_New();
    PyDict_SetItemString(dict, "__builtins__", PyEval_GetBuiltins());
    return dict;
  }();
  return globals;
}

// Starts the interpreter (once per process); fails the test when it cannot.
inline bool start_python() {
  Status status = ensure_interpreter();
  EXPECT_TRUE(status.is_ok()) << (status.is_ok() ? "" : status.error().message);
  return status.is_ok();
}

// Runs statements in the scratch namespace; returns the exception message on failure.
inline std::string exec(const std::string& code) {
  PyRef result = PyRef::steal(PyRun_String(code.c_str(), Py_file_input, scratch(), scratch()));
  return result ? std::string() : fetch_python_exception().message;
}

// Evaluates an expression in the scratch namespace; null (and the error cleared, reported to
// the test) on failure.
inline PyRef eval(const std::string& expression) {
  PyRef result =
      PyRef::steal(PyRun_String(expression.c_str(), Py_eval_input, scratch(), scratch()));
  if (!result) ADD_FAILURE() << expression << ": " << fetch_python_exception().message;
  return result;
}

// str(eval(expression)) as UTF-8, or "<error>".
inline std::string eval_str(const std::string& expression) {
  PyRef value = eval(expression);
  if (!value) return "<error>";
  PyRef text = PyRef::steal(PyObject_Str(value.get()));
  const char* utf8 = text ? PyUnicode_AsUTF8(text.get()) : nullptr;
  if (utf8 == nullptr) {
    PyErr_Clear();
    return "<error>";
  }
  return utf8;
}

// Binds `value` to `name` in the scratch namespace.
inline void bind(const char* name, const PyRef& value) {
  ASSERT_EQ(PyDict_SetItemString(scratch(), name, value.get()), 0);
}

}  // namespace remotemedia::python::testing
