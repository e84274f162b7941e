// make_whisper_model: writes a ggml Whisper model with Whisper's exact layout and seeded random
// weights (whisper_model_writer.h), for tests and benchmarks. Its transcripts are noise.
//
//   make_whisper_model [--shape tiny.en|micro] [--type f32|f16|q4_0|q4_1|q5_0|q5_1|q8_0]
//                      [--seed N] [--vocab encoder.json] -o FILE
// Defaults: micro, f16, seed 1, GPT-2's vocabulary from the whisper dependency cache.
// Exit 0 with the file written whole (renamed into place), 2 on a usage error, 1 on an I/O error.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "nodes/speech/whisper/whisper_model_writer.h"

namespace {

int usage(const std::string& why) {
  std::fprintf(stderr,
               "make_whisper_model: %s\nusage: make_whisper_model [--shape tiny.en|micro] "
               "[--type f32|f16|q4_0|q4_1|q5_0|q5_1|q8_0] [--seed N] [--vocab encoder.json] "
               "-o FILE\n",
               why.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace remotemedia::whisper;
  std::string shape = "micro", type = "f16", vocab_path = RM_WHISPER_GPT2_VOCAB, out;
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage("missing a value after " + arg);
    const std::string value = argv[++i];
    if (arg == "--shape") {
      shape = value;
    } else if (arg == "--type") {
      type = value;
    } else if (arg == "--seed") {
      char* end = nullptr;
      seed = std::strtoull(value.c_str(), &end, 10);
      if (value.empty() || value[0] < '0' || value[0] > '9' || *end != '\0') {
        return usage("--seed takes a non-negative integer");
      }
    } else if (arg == "--vocab") {
      vocab_path = value;
    } else if (arg == "-o") {
      out = value;
    } else {
      return usage("unknown option " + arg);
    }
  }
  if (out.empty()) return usage("-o FILE is required");
  std::int32_t ftype = 0;
  if (!ftype_of(type, &ftype)) return usage("unknown --type " + type);
  ModelRecipe recipe;
  if (shape == "tiny.en") {
    recipe.hparams = tiny_en_hparams(ftype);
  } else if (shape == "micro") {
    recipe.hparams = micro_hparams(ftype);
  } else {
    return usage("unknown --shape " + shape);
  }
  recipe.seed = seed;
  std::string error;
  recipe.vocabulary = read_gpt2_vocabulary(vocab_path, &error);
  if (recipe.vocabulary.empty()) {
    std::fprintf(stderr, "make_whisper_model: %s\n", error.c_str());
    return 1;
  }
  const std::vector<std::uint8_t> model = write_whisper_model(recipe);
  const std::string partial = out + ".partial";
  std::FILE* file = std::fopen(partial.c_str(), "wb");
  bool written =
      file != nullptr && std::fwrite(model.data(), 1, model.size(), file) == model.size();
  if (file != nullptr) written = std::fclose(file) == 0 && written;
  if (!written || std::rename(partial.c_str(), out.c_str()) != 0) {
    std::remove(partial.c_str());
    std::fprintf(stderr, "make_whisper_model: cannot write %s\n", out.c_str());
    return 1;
  }
  return 0;
}
