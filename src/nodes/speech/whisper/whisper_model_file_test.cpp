#include "nodes/speech/whisper/whisper_model_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "nodes/speech/whisper/whisper_model_writer.h"
#include "remotemedia/error_codes.h"

namespace remotemedia::whisper {
namespace {

using Model = std::vector<std::uint8_t>;

Model micro_model(std::int32_t ftype = 1, std::vector<std::string> vocab = byte_vocabulary()) {
  ModelRecipe recipe;
  recipe.hparams = micro_hparams(ftype);
  recipe.vocabulary = std::move(vocab);
  return write_whisper_model(recipe);
}

// The message of the error check_whisper_model gives `model`; fails the test if it accepts it.
std::string refusal(const Model& model) {
  Result<ModelSummary> checked = check_whisper_model(model.data(), model.size());
  if (checked) {
    ADD_FAILURE() << "accepted";
    return "";
  }
  Error error = checked.take_error();
  EXPECT_EQ(error.code, errc::invalid_model);
  EXPECT_EQ(error.category, ErrorCategory::kInvalidInput);
  return error.message;
}

void put_i32(Model& model, std::size_t offset, std::int32_t value) {
  std::memcpy(model.data() + offset, &value, sizeof value);
}

// Byte offsets in a micro model with the byte vocabulary.
constexpr std::size_t kHparams = 4;
constexpr std::size_t kFilters = kHparams + 11 * 4;
constexpr std::size_t kVocab = kFilters + 8 + 80 * 201 * 4;
constexpr std::size_t kTensors = kVocab + 4 + 256 * 5;

// Where the header of tensor `name` starts (n_dims, name length, type, ne...).
std::size_t tensor_header(const Model& model, const std::string& name, int n_dims) {
  auto at = std::search(model.begin(), model.end(), name.begin(), name.end());
  EXPECT_NE(at, model.end()) << name;
  return static_cast<std::size_t>(at - model.begin()) - 12 - 4 * static_cast<std::size_t>(n_dims);
}

TEST(WhisperModelFile, AcceptsAWholeModelAndSummarisesIt) {
  for (std::int32_t ftype : {0, 1, 7, 2}) {
    const Model model = micro_model(ftype);
    Result<ModelSummary> checked = check_whisper_model(model.data(), model.size());
    ASSERT_TRUE(checked) << checked.error().message;
    EXPECT_EQ(checked->tensors, 7u + 15 + 4 + 24);
    EXPECT_EQ(checked->vocab_tokens, 256);
    EXPECT_FALSE(checked->multilingual);
    EXPECT_EQ(checked->hparams.n_audio_state, 64);
  }
  const Model q8 = micro_model(7);
  EXPECT_EQ(check_whisper_model(q8.data(), q8.size())->weight_type, "q8_0");
}

TEST(WhisperModelFile, EmptyAndWrongMagic) {
  EXPECT_EQ(refusal({}), "the model is empty (0 bytes)");
  Model model = micro_model();
  model[0] = 'G';
  EXPECT_NE(refusal(model).find("is not a ggml Whisper model"), std::string::npos);
  EXPECT_NE(refusal(Model{0x6c, 0x6d}).find("ends inside the magic number"), std::string::npos);
}

TEST(WhisperModelFile, TruncatedAnywhereSaysWhere) {
  const Model model = micro_model();
  const std::size_t first_data = tensor_header(model, "encoder.positional_embedding", 2) + 12 + 8 +
                                 std::strlen("encoder.positional_embedding");
  struct Cut {
    std::size_t at;
    const char* inside;
  } cuts[] = {
      {kHparams + 10, "ends inside the hyper-parameters"},
      {kFilters + 4, "ends inside the mel filter bank's size"},
      {kFilters + 1000, "ends inside the mel filter bank (64320 bytes at byte 56"},
      {kVocab + 2, "ends inside the vocabulary's size"},
      {kVocab + 4 + 5 * 100 + 2, "ends inside the length of token 100"},
      {kVocab + 4 + 5 * 100 + 4, "ends inside token 100 (1 bytes"},
      {kTensors + 5, "ends inside the header of tensor 0"},
      {first_data + 10, "ends inside tensor 'encoder.positional_embedding' (384000 bytes"},
      {model.size() - 1, "ends inside tensor 'decoder.ln.bias' (256 bytes"},
  };
  for (const Cut& cut : cuts) {
    const std::string message = refusal(Model(model.begin(), model.begin() + cut.at));
    EXPECT_NE(message.find(cut.inside), std::string::npos) << cut.at << ": " << message;
  }
  // whisper.cpp takes a file that ends after its vocabulary as an empty model; this is refused.
  EXPECT_EQ(refusal(Model(model.begin(), model.begin() + kTensors)),
            "the model has no tensor 'encoder.positional_embedding' (it holds 0 of 50)");
}

TEST(WhisperModelFile, HyperParametersWhisperCannotRun) {
  Model model = micro_model();
  put_i32(model, kHparams + 6 * 4, 128);  // n_text_state
  EXPECT_EQ(refusal(model),
            "the model has an unusable hyper-parameter: n_text_state 128 differs from "
            "n_audio_state 64");
  model = micro_model();
  put_i32(model, kHparams, 50000);  // n_vocab
  EXPECT_NE(refusal(model).find("n_vocab 50000"), std::string::npos);
  model = micro_model();
  put_i32(model, kHparams + 10 * 4, 4);  // ftype q4_1_some_f16 (not a whisper file type)
  EXPECT_NE(refusal(model).find("ftype 4"), std::string::npos);
}

TEST(WhisperModelFile, ShapesThatDoNotMatchTheHeader) {
  // Hyper-parameters of a wider model over a micro model's tensors.
  Model model = micro_model();
  put_i32(model, kHparams + 2 * 4, 128);  // n_audio_state
  put_i32(model, kHparams + 6 * 4, 128);  // n_text_state
  EXPECT_EQ(refusal(model),
            "the model has tensor 'encoder.positional_embedding' of shape [64, 1500] where its "
            "hyper-parameters need [128, 1500]");
  // One tensor's own shape changed.
  model = micro_model();
  put_i32(model, tensor_header(model, "decoder.ln.weight", 1) + 12, 65);
  EXPECT_EQ(refusal(model),
            "the model has tensor 'decoder.ln.weight' of shape [65] where its hyper-parameters "
            "need [64]");
  model = micro_model();
  put_i32(model, tensor_header(model, "decoder.ln.weight", 1), 7);
  EXPECT_EQ(refusal(model), "the model has a tensor 48 of 7 dimensions (1 to 4)");
}

TEST(WhisperModelFile, TypesNamesAndCounts) {
  Model model = micro_model();
  put_i32(model, tensor_header(model, "encoder.conv1.weight", 3) + 8, 0);  // f32, f16 expected
  EXPECT_EQ(refusal(model),
            "the model has tensor 'encoder.conv1.weight' of type f32 where its file type needs "
            "f16");
  model = micro_model();
  model[tensor_header(model, "decoder.ln.bias", 1) + 16] = 'X';
  EXPECT_EQ(refusal(model), "the model has an unknown tensor 'Xecoder.ln.bias'");
  model = micro_model();
  const std::size_t ln = tensor_header(model, "decoder.ln.weight", 1);
  model[ln + 16 + std::strlen("decoder.ln.")] = 'b';  // -> decoder.ln.beight
  EXPECT_NE(refusal(model).find("unknown tensor 'decoder.ln.beight'"), std::string::npos);
  // The last tensor listed twice.
  model = micro_model();
  const std::size_t last = tensor_header(model, "decoder.ln.bias", 1);
  model.insert(model.end(), model.begin() + static_cast<std::ptrdiff_t>(last), model.end());
  EXPECT_EQ(refusal(model), "the model lists tensor 'decoder.ln.bias' twice");
}

TEST(WhisperModelFile, Vocabulary) {
  Model model = micro_model();
  put_i32(model, kVocab, 51865);
  EXPECT_EQ(refusal(model),
            "the model lists 51865 vocabulary tokens; n_vocab 51864 allows 0 to 51864");
  model = micro_model();
  put_i32(model, kVocab + 4, 5000);  // token 0's length
  EXPECT_EQ(refusal(model), "the model has a token 0 of 5000 bytes (at most 1024)");
  std::vector<std::string> no_space = byte_vocabulary();
  no_space[32] = "  ";
  EXPECT_NE(refusal(micro_model(1, no_space)).find("no token \" \""), std::string::npos);
}

}  // namespace
}  // namespace remotemedia::whisper
