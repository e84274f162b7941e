#include "nodes/speech/whisper/whisper_model_writer.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ggml.h"

namespace remotemedia::whisper {
namespace {

// splitmix64: a fixed, portable sequence for a seed.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [-limit, limit).
  float uniform(float limit) {
    const float unit = static_cast<float>(next() >> 40) * (1.0f / 16777216.0f);
    return (2.0f * unit - 1.0f) * limit;
  }

 private:
  std::uint64_t state_;
};

class Bytes {
 public:
  void i32(std::int32_t v) { raw(&v, sizeof v); }
  void raw(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    out.insert(out.end(), b, b + n);
  }
  std::vector<std::uint8_t> out;
};

// Triangular filters on the mel scale over 201 bins of 0..8 kHz.
std::vector<float> mel_filters(int n_mels) {
  auto mel = [](double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); };
  auto hz = [](double m) { return 700.0 * (std::pow(10.0, m / 2595.0) - 1.0); };
  std::vector<float> out(static_cast<std::size_t>(n_mels) * kMelFftBins, 0.0f);
  const double top = mel(8000.0);
  for (int m = 0; m < n_mels; ++m) {
    const double lo = hz(top * m / (n_mels + 1));
    const double mid = hz(top * (m + 1) / (n_mels + 1));
    const double hi = hz(top * (m + 2) / (n_mels + 1));
    for (int k = 0; k < kMelFftBins; ++k) {
      const double f = 8000.0 * k / (kMelFftBins - 1);
      double w = 0;
      if (f > lo && f <= mid) w = (f - lo) / (mid - lo);
      if (f > mid && f < hi) w = (hi - f) / (hi - mid);
      out[static_cast<std::size_t>(m) * kMelFftBins + k] = static_cast<float>(w);
    }
  }
  return out;
}

// Whisper ends a 30 s window's decoding at its end-of-text token, which random weights would
// almost never pick: every window would run to the decoder's limit (224 tokens), far more than
// speech gives (two or three a second). So decoder positions from kEndOfTextPosition on carry a
// strong direction that only the end-of-text token's embedding shares (whisper ties the output
// projection to the token embedding): a window decodes about that many tokens, prompt included.
constexpr std::int64_t kEndOfTextPosition = 64;
constexpr float kEndPositionWeight = 10.0f;  // the direction's length in those positions
constexpr float kEndTokenWeight = 2.0f;      // and in the end-of-text embedding

// +-1/sqrt(width), alternating: a unit direction a layer norm keeps (its mean is zero).
float end_direction(std::int64_t i, std::int64_t width) {
  return (i % 2 == 0 ? 1.0f : -1.0f) / std::sqrt(static_cast<float>(width));
}

// The f32 values of one tensor: unit layer-norm gains, zero layer-norm biases, small biases,
// sinusoidal audio positions, weights scaled by 1/sqrt(fan-in), and the end-of-text direction.
std::vector<float> tensor_values(const TensorSpec& t, std::int32_t n_vocab, Random& rng) {
  const std::size_t n = static_cast<std::size_t>(t.ne[0] * t.ne[1] * t.ne[2] * t.ne[3]);
  std::vector<float> v(n);
  auto ends_with = [&t](const char* tail) {
    const std::size_t k = std::strlen(tail);
    return t.name.size() >= k && t.name.compare(t.name.size() - k, k, tail) == 0;
  };
  const bool norm = t.name.find("ln") != std::string::npos;
  if (norm && ends_with(".weight")) {
    for (float& x : v) x = 1.0f;
  } else if (norm && ends_with(".bias")) {
    for (float& x : v) x = 0.0f;
  } else if (t.name == "encoder.positional_embedding") {
    const std::int64_t width = t.ne[0];
    for (std::int64_t pos = 0; pos < t.ne[1]; ++pos) {
      for (std::int64_t i = 0; i < width / 2; ++i) {
        const double rate = std::exp(-std::log(10000.0) * i / (width / 2 - 1));
        v[static_cast<std::size_t>(pos * width + i)] = static_cast<float>(std::sin(pos * rate));
        v[static_cast<std::size_t>(pos * width + width / 2 + i)] =
            static_cast<float>(std::cos(pos * rate));
      }
    }
  } else if (ends_with(".bias")) {
    for (float& x : v) x = rng.uniform(0.02f);
  } else {
    const std::int64_t fan_in = t.n_dims == 3 ? t.ne[0] * t.ne[1] : t.ne[0];
    const float limit = std::sqrt(3.0f / static_cast<float>(fan_in));
    for (float& x : v) x = rng.uniform(limit);
  }
  const std::int64_t width = t.ne[0];
  if (t.name == "decoder.positional_embedding") {
    for (std::int64_t pos = kEndOfTextPosition; pos < t.ne[1]; ++pos) {
      for (std::int64_t i = 0; i < width; ++i) {
        v[static_cast<std::size_t>(pos * width + i)] +=
            kEndPositionWeight * end_direction(i, width);
      }
    }
  } else if (t.name == "decoder.token_embedding.weight") {
    // Whisper's end-of-text id: 50256 in the English vocabulary, one more in multilingual ones.
    const std::int64_t end_of_text = n_vocab == kVocabEnglish ? 50256 : 50257;
    for (std::int64_t i = 0; i < width; ++i) {
      v[static_cast<std::size_t>(end_of_text * width + i)] +=
          kEndTokenWeight * end_direction(i, width);
    }
  }
  return v;
}

void write_tensor(Bytes& file, const TensorSpec& t, const std::vector<float>& values) {
  file.i32(t.n_dims);
  file.i32(static_cast<std::int32_t>(t.name.size()));
  file.i32(static_cast<std::int32_t>(t.type));
  for (int d = 0; d < t.n_dims; ++d) file.i32(static_cast<std::int32_t>(t.ne[d]));
  file.raw(t.name.data(), t.name.size());
  const std::int64_t rows = t.ne[1] * t.ne[2] * t.ne[3];
  std::vector<std::uint8_t> data(t.bytes());
  switch (t.type) {
    case TensorType::kF32:
      std::memcpy(data.data(), values.data(), data.size());
      break;
    case TensorType::kF16:
      ggml_fp32_to_fp16_row(values.data(), reinterpret_cast<ggml_fp16_t*>(data.data()),
                            static_cast<std::int64_t>(values.size()));
      break;
    default:
      ggml_quantize_chunk(static_cast<ggml_type>(t.type), values.data(), data.data(), 0, rows,
                          t.ne[0], nullptr);
      break;
  }
  file.raw(data.data(), data.size());
}

}  // namespace

WhisperHparams micro_hparams(std::int32_t ftype) {
  WhisperHparams h = tiny_en_hparams(ftype);
  h.n_audio_state = h.n_text_state = 64;
  h.n_audio_head = h.n_text_head = 1;
  h.n_audio_layer = h.n_text_layer = 1;
  return h;
}

bool ftype_of(const std::string& name, std::int32_t* ftype) {
  static const std::map<std::string, std::int32_t> kTypes = {
      {"f32", 0}, {"f16", 1}, {"q4_0", 2}, {"q4_1", 3}, {"q8_0", 7}, {"q5_0", 8}, {"q5_1", 9}};
  auto found = kTypes.find(name);
  if (found == kTypes.end()) return false;
  *ftype = found->second;
  return true;
}

std::vector<std::uint8_t> write_whisper_model(const ModelRecipe& recipe) {
  const WhisperHparams& h = recipe.hparams;
  Bytes file;
  file.i32(static_cast<std::int32_t>(kModelMagic));
  for (std::int32_t v :
       {h.n_vocab, h.n_audio_ctx, h.n_audio_state, h.n_audio_head, h.n_audio_layer, h.n_text_ctx,
        h.n_text_state, h.n_text_head, h.n_text_layer, h.n_mels, h.ftype}) {
    file.i32(v);
  }
  const std::vector<float> filters = mel_filters(h.n_mels);
  file.i32(h.n_mels);
  file.i32(kMelFftBins);
  file.raw(filters.data(), filters.size() * sizeof(float));
  file.i32(static_cast<std::int32_t>(recipe.vocabulary.size()));
  for (const std::string& token : recipe.vocabulary) {
    file.i32(static_cast<std::int32_t>(token.size()));
    file.raw(token.data(), token.size());
  }
  Random rng(recipe.seed);
  for (const TensorSpec& t : expected_tensors(h))
    write_tensor(file, t, tensor_values(t, h.n_vocab, rng));
  return std::move(file.out);
}

std::vector<std::string> read_gpt2_vocabulary(const std::string& encoder_json_path,
                                              std::string* error) {
  std::ifstream in(encoder_json_path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + encoder_json_path;
    return {};
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    *error = encoder_json_path + " is not a JSON object";
    return {};
  }
  // GPT-2's bytes_to_unicode(): printable bytes stand for themselves, the others for 256 + n.
  std::map<std::uint32_t, std::uint8_t> byte_of;
  std::uint32_t next = 256;
  for (std::uint32_t b = 0; b < 256; ++b) {
    const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
    byte_of[printable ? b : next++] = static_cast<std::uint8_t>(b);
  }
  std::vector<std::string> vocab(doc.size());
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (!it.value().is_number_unsigned() || it.value().get<std::size_t>() >= vocab.size()) {
      *error = encoder_json_path + ": token ids are not 0.." + std::to_string(vocab.size() - 1);
      return {};
    }
    const std::string& spelled = it.key();
    std::string bytes;
    for (std::size_t i = 0; i < spelled.size();) {  // decode UTF-8 code points
      const auto lead = static_cast<std::uint8_t>(spelled[i]);
      const int extra = lead < 0x80 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
      std::uint32_t cp = extra == 0 ? lead : lead & (0x3F >> extra);
      for (int k = 1; k <= extra && i + k < spelled.size(); ++k) {
        cp = (cp << 6) | (static_cast<std::uint8_t>(spelled[i + k]) & 0x3F);
      }
      i += static_cast<std::size_t>(extra) + 1;
      auto found = byte_of.find(cp);
      // Special tokens (<|endoftext|>) are spelled in plain ASCII, which maps to itself.
      bytes.push_back(found != byte_of.end() ? static_cast<char>(found->second)
                                             : static_cast<char>(cp));
    }
    vocab[it.value().get<std::size_t>()] = std::move(bytes);
  }
  return vocab;
}

std::vector<std::string> byte_vocabulary() {
  std::vector<std::string> vocab;
  for (int b = 0; b < 256; ++b) vocab.emplace_back(1, static_cast<char>(b));
  return vocab;
}

}  // namespace remotemedia::whisper
