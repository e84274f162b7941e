#include "nodes/speech/whisper/whisper_model_file.h"

#include <cstring>
#include <unordered_map>
#include <utility>
#include <vector>

#include "remotemedia/error_codes.h"

namespace remotemedia::whisper {
namespace {

Error bad_model(std::string message) {
  return invalid_input(errc::invalid_model, "the model " + std::move(message));
}

// A bounds-checked little-endian reader over the model's bytes.
class ModelReader {
 public:
  ModelReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::size_t offset() const { return offset_; }
  std::size_t left() const { return size_ - offset_; }
  bool at_end() const { return offset_ == size_; }

  // The next `n` bytes, consumed; null, and nothing consumed, if fewer are left.
  const std::uint8_t* take(std::uint64_t n) {
    if (n > left()) return nullptr;
    const std::uint8_t* at = data_ + offset_;
    offset_ += static_cast<std::size_t>(n);
    return at;
  }
  bool i32(std::int32_t* out) {
    const std::uint8_t* at = take(sizeof *out);
    if (at != nullptr) std::memcpy(out, at, sizeof *out);
    return at != nullptr;
  }

  // "ends inside WHAT (N bytes at byte OFFSET, M left)"
  Error truncated(const std::string& what, std::uint64_t needed) const {
    return bad_model("ends inside " + what + " (" + std::to_string(needed) + " bytes at byte " +
                     std::to_string(offset_) + ", " + std::to_string(left()) + " left)");
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t offset_ = 0;
};

Status read_hparams(ModelReader& in, WhisperHparams* h) {
  std::int32_t* fields[] = {&h->n_vocab,       &h->n_audio_ctx, &h->n_audio_state, &h->n_audio_head,
                            &h->n_audio_layer, &h->n_text_ctx,  &h->n_text_state,  &h->n_text_head,
                            &h->n_text_layer,  &h->n_mels,      &h->ftype};
  for (std::int32_t* field : fields) {
    if (!in.i32(field)) return in.truncated("the hyper-parameters", sizeof(std::int32_t));
  }
  std::string problem = hparams_problem(*h);
  if (!problem.empty()) return bad_model("has an unusable hyper-parameter: " + problem);
  return Status::ok();
}

Status read_mel_filters(ModelReader& in, const WhisperHparams& h) {
  std::int32_t n_mel = 0;
  std::int32_t n_fft = 0;
  if (!in.i32(&n_mel) || !in.i32(&n_fft)) return in.truncated("the mel filter bank's size", 8);
  if (n_mel != h.n_mels || n_fft != kMelFftBins) {
    return bad_model("has a mel filter bank of " + std::to_string(n_mel) + " x " +
                     std::to_string(n_fft) + " values; n_mels " + std::to_string(h.n_mels) +
                     " needs " + std::to_string(h.n_mels) + " x " + std::to_string(kMelFftBins));
  }
  const std::uint64_t bytes = static_cast<std::uint64_t>(n_mel) * n_fft * sizeof(float);
  if (in.take(bytes) == nullptr) return in.truncated("the mel filter bank", bytes);
  return Status::ok();
}

Status read_vocab(ModelReader& in, const WhisperHparams& h, std::int32_t* count) {
  if (!in.i32(count)) return in.truncated("the vocabulary's size", 4);
  if (*count < 0 || *count > h.n_vocab) {
    return bad_model("lists " + std::to_string(*count) + " vocabulary tokens; n_vocab " +
                     std::to_string(h.n_vocab) + " allows 0 to " + std::to_string(h.n_vocab));
  }
  bool has_space = false;
  for (std::int32_t id = 0; id < *count; ++id) {
    std::int32_t length = 0;
    if (!in.i32(&length)) return in.truncated("the length of token " + std::to_string(id), 4);
    if (length < 0 || static_cast<std::uint32_t>(length) > kMaxTokenBytes) {
      return bad_model("has a token " + std::to_string(id) + " of " +
                       std::to_string(static_cast<std::uint32_t>(length)) +
                       " bytes (at most 1024)");
    }
    const std::uint8_t* token = in.take(static_cast<std::uint64_t>(length));
    if (token == nullptr) return in.truncated("token " + std::to_string(id), length);
    has_space = has_space || (length == 1 && token[0] == ' ');
  }
  if (!has_space) {
    return bad_model(
        "has no token \" \" in its vocabulary (whisper.cpp needs it; id 220 in "
        "Whisper's vocabularies)");
  }
  return Status::ok();
}

std::string shape_text(const std::int64_t* ne, int n_dims) {
  std::string out = "[";
  for (int i = 0; i < n_dims; ++i) out += (i ? ", " : "") + std::to_string(ne[i]);
  return out + "]";
}

// Reads every tensor to the end of the file, each checked against `expected`.
Status read_tensors(ModelReader& in, const std::vector<TensorSpec>& expected, ModelSummary* out) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < expected.size(); ++i) index.emplace(expected[i].name, i);
  std::vector<bool> seen(expected.size(), false);
  std::size_t count = 0;
  while (!in.at_end()) {
    const std::string which = "the header of tensor " + std::to_string(count);
    std::int32_t n_dims = 0;
    std::int32_t name_length = 0;
    std::int32_t type = 0;
    if (!in.i32(&n_dims) || !in.i32(&name_length) || !in.i32(&type)) {
      return in.truncated(which, 12);
    }
    if (n_dims < 1 || n_dims > 4) {
      return bad_model("has a tensor " + std::to_string(count) + " of " + std::to_string(n_dims) +
                       " dimensions (1 to 4)");
    }
    if (name_length < 1 || name_length > 256) {
      return bad_model("has a tensor " + std::to_string(count) + " whose name is " +
                       std::to_string(name_length) + " bytes long (1 to 256)");
    }
    std::int64_t ne[4] = {1, 1, 1, 1};
    for (int d = 0; d < n_dims; ++d) {
      std::int32_t extent = 0;
      if (!in.i32(&extent)) return in.truncated(which, 4);
      ne[d] = extent;
    }
    const std::uint8_t* name_bytes = in.take(static_cast<std::uint64_t>(name_length));
    if (name_bytes == nullptr)
      return in.truncated("the name of tensor " + std::to_string(count),
                          static_cast<std::uint64_t>(name_length));
    const std::string name(reinterpret_cast<const char*>(name_bytes),
                           static_cast<std::size_t>(name_length));
    auto found = index.find(name);
    if (found == index.end()) return bad_model("has an unknown tensor '" + name + "'");
    if (seen[found->second]) return bad_model("lists tensor '" + name + "' twice");
    seen[found->second] = true;
    const TensorSpec& want = expected[found->second];
    if (ne[0] != want.ne[0] || ne[1] != want.ne[1] || ne[2] != want.ne[2] || ne[3] != want.ne[3]) {
      return bad_model("has tensor '" + name + "' of shape " + shape_text(ne, n_dims) +
                       " where its hyper-parameters need " +
                       shape_text(want.ne.data(), want.n_dims));
    }
    if (type != static_cast<std::int32_t>(want.type)) {
      return bad_model("has tensor '" + name + "' of type " + tensor_type_name(type) +
                       " where its file type needs " +
                       tensor_type_name(static_cast<std::int32_t>(want.type)));
    }
    const std::uint64_t bytes = want.bytes();
    if (in.take(bytes) == nullptr) return in.truncated("tensor '" + name + "'", bytes);
    out->weight_bytes += bytes;
    ++count;
  }
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (!seen[i]) {
      return bad_model("has no tensor '" + expected[i].name + "' (it holds " +
                       std::to_string(count) + " of " + std::to_string(expected.size()) + ")");
    }
  }
  out->tensors = count;
  return Status::ok();
}

}  // namespace

Result<ModelSummary> check_whisper_model(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return bad_model("is empty (0 bytes)");
  ModelReader in(data, size);
  std::int32_t magic = 0;
  if (!in.i32(&magic)) return in.truncated("the magic number", 4);
  if (static_cast<std::uint32_t>(magic) != kModelMagic) {
    return bad_model(
        "is not a ggml Whisper model (its first 4 bytes are not \"lmgg\", the magic "
        "0x67676d6c)");
  }
  ModelSummary summary;
  Status status = read_hparams(in, &summary.hparams);
  if (status) status = read_mel_filters(in, summary.hparams);
  if (status) status = read_vocab(in, summary.hparams, &summary.vocab_tokens);
  if (status) status = read_tensors(in, expected_tensors(summary.hparams), &summary);
  if (!status) return status.take_error();
  TensorType weights = TensorType::kF32;
  weight_type_of(summary.hparams.ftype % kQuantVersionFactor, &weights);
  summary.weight_type = tensor_type_name(static_cast<std::int32_t>(weights));
  summary.multilingual = summary.hparams.n_vocab != kVocabEnglish;
  return summary;
}

}  // namespace remotemedia::whisper
