#include "python/python_api.h"

#include <gtest/gtest.h>

#include "python/py_ref.h"
#include "python/python_test_support.h"

namespace remotemedia::python {
namespace {

class PyRefTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(testing::start_python()); }
};

TEST_F(PyRefTest, StealTakesOverWithoutAddingAReference) {
  PyObject* list = PyList_New(0);
  ASSERT_EQ(Py_REFCNT(list), 1);
  {
    PyRef keep = PyRef::borrow(list);  // keeps the list alive past `owner`
    {
      PyRef owner = PyRef::steal(list);
      EXPECT_EQ(Py_REFCNT(list), 2);
    }
    EXPECT_EQ(Py_REFCNT(list), 1);
    EXPECT_EQ(keep.release(), list);
  }
  EXPECT_EQ(Py_REFCNT(list), 1);
  Py_DECREF(list);
}

TEST_F(PyRefTest, BorrowAddsAReferenceAndDropsItAgain) {
  PyRef owner = PyRef::steal(PyList_New(0));
  {
    PyRef borrowed = PyRef::borrow(owner.get());
    EXPECT_EQ(Py_REFCNT(owner.get()), 2);
  }
  EXPECT_EQ(Py_REFCNT(owner.get()), 1);
}

TEST_F(PyRefTest, CopiesShareMovesTransfer) {
  PyRef a = PyRef::steal(PyList_New(0));
  PyRef b = a;
  EXPECT_EQ(Py_REFCNT(a.get()), 2);
  PyRef c = std::move(b);
  EXPECT_TRUE(b.is_null());  // NOLINT(bugprone-use-after-move): moved-from is documented null
  EXPECT_EQ(Py_REFCNT(a.get()), 2);
  c = PyRef();
  EXPECT_EQ(Py_REFCNT(a.get()), 1);
}

TEST_F(PyRefTest, ReleaseHandsTheReferenceOver) {
  PyRef a = PyRef::steal(PyList_New(0));
  PyObject* raw = a.release();
  EXPECT_TRUE(a.is_null());
  EXPECT_FALSE(static_cast<bool>(a));
  EXPECT_EQ(Py_REFCNT(raw), 1);
  Py_DECREF(raw);
}

TEST_F(PyRefTest, NullStealMeansAnExceptionIsSet) {
  PyRef missing = PyRef::steal(PyObject_GetAttrString(Py_None, "no_such_attribute"));
  EXPECT_TRUE(missing.is_null());
  EXPECT_TRUE(PyErr_ExceptionMatches(PyExc_AttributeError));
  PyErr_Clear();
}

}  // namespace
}  // namespace remotemedia::python
