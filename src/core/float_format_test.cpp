#include "core/float_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace remotemedia {
namespace {

std::string repr(double v) {
  std::string out;
  append_python_float(v, out);
  return out;
}

// Expected strings are what CPython 3.11's repr() prints for the same doubles.
TEST(FloatFormat, MatchesPythonReprForOrdinaryValues) {
  EXPECT_EQ(repr(0.0), "0.0");
  EXPECT_EQ(repr(-0.0), "-0.0");
  EXPECT_EQ(repr(1.0), "1.0");
  EXPECT_EQ(repr(20.0), "20.0");
  EXPECT_EQ(repr(0.1), "0.1");
  EXPECT_EQ(repr(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(repr(-2.5), "-2.5");
  EXPECT_EQ(repr(123456.789), "123456.789");
  EXPECT_EQ(repr(1.0 / 3.0), "0.3333333333333333");
}

TEST(FloatFormat, SwitchesToScientificWherePythonDoes) {
  EXPECT_EQ(repr(1e-4), "0.0001");
  EXPECT_EQ(repr(1e-5), "1e-05");
  EXPECT_EQ(repr(1.5e-7), "1.5e-07");
  EXPECT_EQ(repr(1e15), "1000000000000000.0");
  EXPECT_EQ(repr(1e16), "1e+16");
  EXPECT_EQ(repr(1.2345e16), "1.2345e+16");
  EXPECT_EQ(repr(9999999999999998.0), "9999999999999998.0");
  EXPECT_EQ(repr(1e300), "1e+300");
  EXPECT_EQ(repr(-1e-300), "-1e-300");
}

TEST(FloatFormat, ExtremesRoundTrip) {
  EXPECT_EQ(repr(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(repr(std::numeric_limits<double>::denorm_min()), "5e-324");
  EXPECT_EQ(repr(std::numeric_limits<double>::min()), "2.2250738585072014e-308");
  EXPECT_EQ(repr(static_cast<double>(1.1f)), "1.100000023841858");
}

}  // namespace
}  // namespace remotemedia
