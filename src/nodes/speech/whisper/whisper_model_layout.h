// The layout of a ggml Whisper model file as whisper.cpp 1.9.1 reads it (whisper_model_load), and
// the tensors a model of given hyper-parameters must hold. The model checker
// (whisper_model_file.h) and the test-model writer (whisper_model_writer.h) both work from this
// one description, so they cannot drift apart.
//
// File layout, little-endian:
//   u32 magic 0x67676d6c ("ggml")
//   i32 x 11 hyper-parameters, in WhisperHparams' order
//   i32 n_mel, i32 n_fft, f32[n_mel * n_fft]     the mel filter bank
//   i32 count, then count x (u32 length, bytes)  the vocabulary, token id = position
//   tensors until the end of the file, each:
//     i32 n_dims, i32 name length, i32 ggml type, i32 ne[n_dims], name, data (ggml row size x rows)
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace remotemedia::whisper {

inline constexpr std::uint32_t kModelMagic = 0x67676d6c;
// ftype carries the quantisation version in its thousands (GGML_QNT_VERSION_FACTOR).
inline constexpr std::int32_t kQuantVersionFactor = 1000;
// The mel filter bank has 1 + 400 / 2 frequency bins (whisper.cpp's frame size is fixed).
inline constexpr std::int32_t kMelFftBins = 201;
// Whisper's fixed context lengths: 30 s of audio is 1500 encoder frames; 448 text positions.
inline constexpr std::int32_t kAudioContext = 1500;
inline constexpr std::int32_t kTextContext = 448;
// Vocabulary sizes whisper.cpp knows: English-only, multilingual, and large-v3 (one more
// language). Other sizes make it name languages it has no table entry for.
inline constexpr std::int32_t kVocabEnglish = 51864;
inline constexpr std::int32_t kVocabMultilingual = 51865;
inline constexpr std::int32_t kVocabLargeV3 = 51866;
// Bounds this runtime puts on a model's size, far above Whisper large (1280 wide, 32 layers).
inline constexpr std::int32_t kMaxState = 4096;
inline constexpr std::int32_t kMaxLayers = 64;
inline constexpr std::uint32_t kMaxTokenBytes = 1024;

// ggml tensor types a Whisper model may store (values of enum ggml_type).
enum class TensorType : std::int32_t {
  kF32 = 0,
  kF16 = 1,
  kQ4_0 = 2,
  kQ4_1 = 3,
  kQ5_0 = 6,
  kQ5_1 = 7,
  kQ8_0 = 8,
};
// "f32", "q8_0", ...; "type N" for a value not listed above.
std::string tensor_type_name(std::int32_t type);
// Bytes of one row of `ne0` elements of `type`; 0 when `ne0` is not a whole number of the type's
// blocks (32 elements for the quantised types).
std::uint64_t row_bytes(TensorType type, std::int64_t ne0);

struct WhisperHparams {
  std::int32_t n_vocab = 0;
  std::int32_t n_audio_ctx = 0;
  std::int32_t n_audio_state = 0;
  std::int32_t n_audio_head = 0;
  std::int32_t n_audio_layer = 0;
  std::int32_t n_text_ctx = 0;
  std::int32_t n_text_state = 0;
  std::int32_t n_text_head = 0;
  std::int32_t n_text_layer = 0;
  std::int32_t n_mels = 0;
  std::int32_t ftype = 0;  // file type, with the quantisation version in its thousands
};

// Whisper tiny.en's hyper-parameters (384 wide, 6 heads, 4 + 4 layers, 80 mels) with `ftype`.
WhisperHparams tiny_en_hparams(std::int32_t ftype);

// The type of the big weight matrices for a file type (ftype without its quantisation version):
// 0 f32, 1 f16, 2 q4_0, 3 q4_1, 7 q8_0, 8 q5_0, 9 q5_1. False for any other file type.
bool weight_type_of(std::int32_t ftype, TensorType* type);

// Empty when whisper.cpp can run a model of these hyper-parameters (and this runtime's bounds
// hold), else what is wrong, naming the field: "n_text_state 512 differs from n_audio_state 384".
std::string hparams_problem(const WhisperHparams& h);

struct TensorSpec {
  std::string name;
  std::array<std::int64_t, 4> ne{1, 1, 1, 1};  // ggml order: ne[0] is the row length
  int n_dims = 1;                              // as the converter writes it
  TensorType type = TensorType::kF32;
  std::uint64_t bytes() const;
};

// Every tensor a model with valid hyper-parameters `h` holds, in the order the converter writes
// them. Precondition: hparams_problem(h) is empty.
std::vector<TensorSpec> expected_tensors(const WhisperHparams& h);

}  // namespace remotemedia::whisper
