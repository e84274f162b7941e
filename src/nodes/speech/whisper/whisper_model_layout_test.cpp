#include "nodes/speech/whisper/whisper_model_layout.h"

#include <gtest/gtest.h>

#include "ggml.h"

namespace remotemedia::whisper {
namespace {

TEST(WhisperModelLayout, RowBytesAgreeWithGgml) {
  for (TensorType type : {TensorType::kF32, TensorType::kF16, TensorType::kQ4_0, TensorType::kQ4_1,
                          TensorType::kQ5_0, TensorType::kQ5_1, TensorType::kQ8_0}) {
    for (std::int64_t ne0 : {32, 64, 384, 1536}) {
      EXPECT_EQ(row_bytes(type, ne0), ggml_row_size(static_cast<ggml_type>(type), ne0))
          << tensor_type_name(static_cast<std::int32_t>(type)) << " x " << ne0;
    }
  }
  EXPECT_EQ(row_bytes(TensorType::kQ8_0, 48), 0u) << "not a whole number of blocks";
  EXPECT_EQ(row_bytes(TensorType::kF16, 0), 0u);
}

TEST(WhisperModelLayout, TinyEnHasWhispersTensorsAndSize) {
  const std::vector<TensorSpec> f16 = expected_tensors(tiny_en_hparams(1));
  // 7 encoder tensors + 15 per encoder layer, 4 decoder tensors + 24 per decoder layer.
  EXPECT_EQ(f16.size(), 7u + 15 * 4 + 4 + 24 * 4);
  std::uint64_t bytes = 0;
  for (const TensorSpec& t : f16) bytes += t.bytes();
  // ggml-tiny.en.bin is 77,704,715 bytes: its tensors plus the header, filters and vocabulary.
  EXPECT_GT(bytes, 75'000'000u);
  EXPECT_LT(bytes, 77'704'715u);
  EXPECT_EQ(f16[1].name, "encoder.conv1.weight");
  EXPECT_EQ(f16[1].type, TensorType::kF16);
  const std::vector<TensorSpec> q8 = expected_tensors(tiny_en_hparams(7));
  for (std::size_t i = 0; i < q8.size(); ++i) {
    const bool matrix = q8[i].n_dims == 2 && f16[i].type == TensorType::kF16;
    EXPECT_EQ(q8[i].type, matrix ? TensorType::kQ8_0 : f16[i].type) << q8[i].name;
  }
}

TEST(WhisperModelLayout, HparamsProblemsNameTheField) {
  EXPECT_EQ(hparams_problem(tiny_en_hparams(1)), "");
  EXPECT_EQ(hparams_problem(tiny_en_hparams(1007)), "") << "quantisation version 1";
  WhisperHparams h = tiny_en_hparams(1);
  h.n_text_state = 512;
  EXPECT_EQ(hparams_problem(h), "n_text_state 512 differs from n_audio_state 384");
  h = tiny_en_hparams(1);
  h.n_vocab = 60000;
  EXPECT_NE(hparams_problem(h).find("n_vocab 60000"), std::string::npos);
  h = tiny_en_hparams(5);
  EXPECT_NE(hparams_problem(h).find("ftype 5"), std::string::npos);
  h = tiny_en_hparams(1);
  h.n_audio_head = 5;
  EXPECT_NE(hparams_problem(h).find("n_audio_head 5"), std::string::npos);
  h = tiny_en_hparams(1);
  h.n_audio_layer = 0;
  EXPECT_NE(hparams_problem(h).find("n_audio_layer 0"), std::string::npos);
  h = tiny_en_hparams(1);
  h.n_mels = 64;
  EXPECT_NE(hparams_problem(h).find("n_mels 64"), std::string::npos);
}

}  // namespace
}  // namespace remotemedia::whisper
