// Writes ggml Whisper model files with Whisper's exact layout, shapes and types and seeded random
// weights: the fixtures of the tests and benchmarks (no real Whisper weights can be fetched here).
// Such a model loads and runs like a real one, deterministically, so it proves plumbing, parity
// between targets and speed; its transcripts are noise, never a measure of accuracy.
// Native test and tool code only (it links ggml's quantiser); not part of the runtime.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nodes/speech/whisper/whisper_model_layout.h"

namespace remotemedia::whisper {

// A 64-wide Whisper with one encoder and one decoder layer (about 8 MB in f16): the fast fixture.
WhisperHparams micro_hparams(std::int32_t ftype);

// The ftype of a weight type name ("f32", "f16", "q4_0", "q4_1", "q5_0", "q5_1", "q8_0"); false
// for any other name.
bool ftype_of(const std::string& name, std::int32_t* ftype);

struct ModelRecipe {
  WhisperHparams hparams;
  std::uint64_t seed = 1;
  // Token bytes by id; written as the file's vocabulary (whisper.cpp names the ids past it).
  std::vector<std::string> vocabulary;
};

// The whole file. Precondition: hparams_problem(recipe.hparams) is empty.
std::vector<std::uint8_t> write_whisper_model(const ModelRecipe& recipe);

// The GPT-2 vocabulary (Whisper's English one, ids 0..50256) from GPT-2's encoder.json, its
// byte-level unicode spellings turned back into bytes. Empty, with `*error` set, on failure.
std::vector<std::string> read_gpt2_vocabulary(const std::string& encoder_json_path,
                                              std::string* error);

// A small stand-in vocabulary for unit tests: the 256 single bytes (id 32 is " ").
std::vector<std::string> byte_vocabulary();

}  // namespace remotemedia::whisper
