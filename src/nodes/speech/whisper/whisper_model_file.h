// Checks the bytes of a ggml Whisper model completely before whisper.cpp sees them.
//
// whisper.cpp trusts its input: it reads past the end of a truncated file, accepts a file that ends
// after its vocabulary as an "empty model for testing" with uninitialised weights, writes logits
// at token ids the vocabulary gives, and aborts (or throws, which in wasm aborts) on sizes it
// cannot allocate. So a model must pass check_whisper_model() first; whatever passes,
// whisper.cpp 1.9.1 loads without reading out of bounds and with every weight set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "nodes/speech/whisper/whisper_model_layout.h"
#include "remotemedia/status.h"

namespace remotemedia::whisper {

struct ModelSummary {
  WhisperHparams hparams;
  std::string weight_type;  // "f16", "q8_0", ...
  bool multilingual = false;
  std::int32_t vocab_tokens = 0;  // tokens the file lists (whisper.cpp names the rest itself)
  std::size_t tensors = 0;
  std::uint64_t weight_bytes = 0;
};

// Reads the whole model in `data[0, size)`. On success, what it holds; otherwise an invalid-input
// Error with code `invalid_model` whose message says what is wrong and at which byte ("the model
// ends inside tensor 'decoder.ln.bias' (1536 bytes of data at byte 8123904, 100 left)"). The caller
// adds the param's JSON path and the node id. Checks, in file order:
//   - the magic; the hyper-parameters (hparams_problem);
//   - the mel filter bank: n_mels x 201 floats;
//   - the vocabulary: at most n_vocab tokens of at most 1024 bytes, holding " " (whisper.cpp looks
//     it up unconditionally);
//   - the tensors: each a known name, listed once, with its exact shape and type, its data whole;
//     every expected tensor present, and nothing after the last.
Result<ModelSummary> check_whisper_model(const std::uint8_t* data, std::size_t size);

}  // namespace remotemedia::whisper
