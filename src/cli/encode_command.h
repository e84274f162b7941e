// `remotemedia encode FILE...`: media files as the runtime's JSON wire forms (docs/values.md), so
// they can be a run's input (`run --input`): WAV, FLAC and MP3 files as audio (decoded with the
// audio family's decoder, at the file's own rate and channels), .npy files as tensors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

// The tensor in a NumPy .npy file (format versions 1 to 3; C order; little-endian or
// single-byte float, int and uint dtypes of 1 to 8 bytes). Anything else is `invalid_argument`
// naming `name` and what is wrong.
Result<Tensor> read_npy(std::string_view bytes, const std::string& name);

int encode_command(const std::vector<std::string>& args);

}  // namespace remotemedia
