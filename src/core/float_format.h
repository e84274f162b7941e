// Float formatting that matches Python's repr(float) exactly: the shortest digits that round-trip,
// fixed notation for exponents in [-4, 16), scientific otherwise ("1e-05", "1e+16"), and ".0" on
// integral values. Both native and wasm builds use it, so their output bytes agree.
#pragma once

#include <string>

namespace remotemedia {

// Precondition: `value` is finite (non-finite floats have a wire form of their own).
void append_python_float(double value, std::string& out);

}  // namespace remotemedia
