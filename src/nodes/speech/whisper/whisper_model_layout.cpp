#include "nodes/speech/whisper/whisper_model_layout.h"

#include <cstdio>

namespace remotemedia::whisper {

std::string tensor_type_name(std::int32_t type) {
  switch (static_cast<TensorType>(type)) {
    case TensorType::kF32:
      return "f32";
    case TensorType::kF16:
      return "f16";
    case TensorType::kQ4_0:
      return "q4_0";
    case TensorType::kQ4_1:
      return "q4_1";
    case TensorType::kQ5_0:
      return "q5_0";
    case TensorType::kQ5_1:
      return "q5_1";
    case TensorType::kQ8_0:
      return "q8_0";
  }
  return "type " + std::to_string(type);
}

std::uint64_t row_bytes(TensorType type, std::int64_t ne0) {
  // Elements per block and bytes per block (ggml-common.h's block_q* structs).
  std::int64_t block = 32;
  std::uint64_t block_bytes = 0;
  switch (type) {
    case TensorType::kF32:
      block = 1;
      block_bytes = 4;
      break;
    case TensorType::kF16:
      block = 1;
      block_bytes = 2;
      break;
    case TensorType::kQ4_0:
      block_bytes = 2 + 16;
      break;
    case TensorType::kQ4_1:
      block_bytes = 2 + 2 + 16;
      break;
    case TensorType::kQ5_0:
      block_bytes = 2 + 4 + 16;
      break;
    case TensorType::kQ5_1:
      block_bytes = 2 + 2 + 4 + 16;
      break;
    case TensorType::kQ8_0:
      block_bytes = 2 + 32;
      break;
  }
  if (ne0 <= 0 || ne0 % block != 0) return 0;
  return static_cast<std::uint64_t>(ne0 / block) * block_bytes;
}

std::uint64_t TensorSpec::bytes() const {
  return row_bytes(type, ne[0]) * static_cast<std::uint64_t>(ne[1] * ne[2] * ne[3]);
}

WhisperHparams tiny_en_hparams(std::int32_t ftype) {
  WhisperHparams h;
  h.n_vocab = kVocabEnglish;
  h.n_audio_ctx = kAudioContext;
  h.n_audio_state = 384;
  h.n_audio_head = 6;
  h.n_audio_layer = 4;
  h.n_text_ctx = kTextContext;
  h.n_text_state = 384;
  h.n_text_head = 6;
  h.n_text_layer = 4;
  h.n_mels = 80;
  h.ftype = ftype;
  return h;
}

bool weight_type_of(std::int32_t ftype, TensorType* type) {
  // ggml_ftype -> ggml_type for the file types whisper.cpp's quantize writes.
  switch (ftype) {
    case 0:
      *type = TensorType::kF32;
      return true;
    case 1:
      *type = TensorType::kF16;
      return true;
    case 2:
      *type = TensorType::kQ4_0;
      return true;
    case 3:
      *type = TensorType::kQ4_1;
      return true;
    case 7:
      *type = TensorType::kQ8_0;
      return true;
    case 8:
      *type = TensorType::kQ5_0;
      return true;
    case 9:
      *type = TensorType::kQ5_1;
      return true;
    default:
      return false;
  }
}

namespace {

std::string field(const char* name, std::int64_t value, const std::string& why) {
  return std::string(name) + " " + std::to_string(value) + " " + why;
}

}  // namespace

std::string hparams_problem(const WhisperHparams& h) {
  if (h.n_vocab != kVocabEnglish && h.n_vocab != kVocabMultilingual && h.n_vocab != kVocabLargeV3) {
    return field("n_vocab", h.n_vocab, "is not a Whisper vocabulary size (51864, 51865 or 51866)");
  }
  if (h.n_audio_ctx != kAudioContext) {
    return field("n_audio_ctx", h.n_audio_ctx, "is not Whisper's 1500");
  }
  if (h.n_text_ctx != kTextContext)
    return field("n_text_ctx", h.n_text_ctx, "is not Whisper's 448");
  if (h.n_mels != 80 && h.n_mels != 128) return field("n_mels", h.n_mels, "is not 80 or 128");
  if (h.n_audio_state < 32 || h.n_audio_state > kMaxState || h.n_audio_state % 32 != 0) {
    return field("n_audio_state", h.n_audio_state, "is not a multiple of 32 from 32 to 4096");
  }
  if (h.n_text_state != h.n_audio_state) {
    return field("n_text_state", h.n_text_state,
                 "differs from n_audio_state " + std::to_string(h.n_audio_state));
  }
  if (h.n_audio_head < 1 || h.n_audio_state % h.n_audio_head != 0) {
    return field("n_audio_head", h.n_audio_head, "does not divide n_audio_state");
  }
  if (h.n_text_head < 1 || h.n_text_state % h.n_text_head != 0) {
    return field("n_text_head", h.n_text_head, "does not divide n_text_state");
  }
  if (h.n_audio_layer < 1 || h.n_audio_layer > kMaxLayers) {
    return field("n_audio_layer", h.n_audio_layer, "is not from 1 to 64");
  }
  if (h.n_text_layer < 1 || h.n_text_layer > kMaxLayers) {
    return field("n_text_layer", h.n_text_layer, "is not from 1 to 64");
  }
  TensorType weights;
  if (h.ftype < 0 || h.ftype / kQuantVersionFactor > 2 ||
      !weight_type_of(h.ftype % kQuantVersionFactor, &weights)) {
    return field("ftype", h.ftype,
                 "is not a supported file type (f32, f16, q4_0, q4_1, q5_0, q5_1, q8_0)");
  }
  return "";
}

std::vector<TensorSpec> expected_tensors(const WhisperHparams& h) {
  TensorType wtype = TensorType::kF32;
  weight_type_of(h.ftype % kQuantVersionFactor, &wtype);
  // Convolution kernels stay f16 in every file but an f32 one (whisper.cpp's vtype).
  const TensorType vtype = wtype == TensorType::kF32 ? TensorType::kF32 : TensorType::kF16;
  const std::int64_t s = h.n_audio_state;
  std::vector<TensorSpec> out;
  auto add = [&out](std::string name, TensorType type, int n_dims, std::int64_t ne0,
                    std::int64_t ne1 = 1, std::int64_t ne2 = 1) {
    TensorSpec t;
    t.name = std::move(name);
    t.type = type;
    t.n_dims = n_dims;
    t.ne = {ne0, ne1, ne2, 1};
    out.push_back(std::move(t));
  };
  auto vec = [&add](const std::string& name, std::int64_t n) { add(name, TensorType::kF32, 1, n); };
  auto layer = [](const char* stack, int i, const char* rest) {
    return std::string(stack) + ".blocks." + std::to_string(i) + "." + rest;
  };
  // One attention block: query/key/value/out projections and their biases (key has none).
  auto attention = [&](const std::string& prefix) {
    add(prefix + "query.weight", wtype, 2, s, s);
    vec(prefix + "query.bias", s);
    add(prefix + "key.weight", wtype, 2, s, s);
    add(prefix + "value.weight", wtype, 2, s, s);
    vec(prefix + "value.bias", s);
    add(prefix + "out.weight", wtype, 2, s, s);
    vec(prefix + "out.bias", s);
  };
  auto block = [&](const char* stack, int i, bool cross) {
    vec(layer(stack, i, "mlp_ln.weight"), s);
    vec(layer(stack, i, "mlp_ln.bias"), s);
    add(layer(stack, i, "mlp.0.weight"), wtype, 2, s, 4 * s);
    vec(layer(stack, i, "mlp.0.bias"), 4 * s);
    add(layer(stack, i, "mlp.2.weight"), wtype, 2, 4 * s, s);
    vec(layer(stack, i, "mlp.2.bias"), s);
    vec(layer(stack, i, "attn_ln.weight"), s);
    vec(layer(stack, i, "attn_ln.bias"), s);
    attention(layer(stack, i, "attn."));
    if (cross) {
      vec(layer(stack, i, "cross_attn_ln.weight"), s);
      vec(layer(stack, i, "cross_attn_ln.bias"), s);
      attention(layer(stack, i, "cross_attn."));
    }
  };

  add("encoder.positional_embedding", TensorType::kF32, 2, s, h.n_audio_ctx);
  add("encoder.conv1.weight", vtype, 3, 3, h.n_mels, s);
  add("encoder.conv1.bias", TensorType::kF32, 2, 1, s);
  add("encoder.conv2.weight", vtype, 3, 3, s, s);
  add("encoder.conv2.bias", TensorType::kF32, 2, 1, s);
  for (int i = 0; i < h.n_audio_layer; ++i) block("encoder", i, false);
  vec("encoder.ln_post.weight", s);
  vec("encoder.ln_post.bias", s);

  add("decoder.positional_embedding", TensorType::kF32, 2, s, h.n_text_ctx);
  add("decoder.token_embedding.weight", wtype, 2, s, h.n_vocab);
  for (int i = 0; i < h.n_text_layer; ++i) block("decoder", i, true);
  vec("decoder.ln.weight", s);
  vec("decoder.ln.bias", s);
  return out;
}

}  // namespace remotemedia::whisper
