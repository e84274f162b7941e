#include "nodes/speech/whisper/whisper_model.h"

#include <utility>

#include "ggml.h"
#include "remotemedia/error_codes.h"
#include "whisper.h"

namespace remotemedia::whisper {
namespace {

void discard_log(enum ggml_log_level /*level*/, const char* /*text*/, void* /*user_data*/) {}

}  // namespace

void silence_whisper_logs() {
  whisper_log_set(discard_log, nullptr);
  ggml_log_set(discard_log, nullptr);
}

WhisperModel::WhisperModel(whisper_context* context, ModelSummary summary)
    : context_(context), summary_(std::move(summary)) {}

WhisperModel::~WhisperModel() {
  whisper_free(context_);
}

Result<std::shared_ptr<const WhisperModel>> WhisperModel::load(const Buffer& bytes,
                                                               const ModelSummary& summary) {
  silence_whisper_logs();
  whisper_context_params params = whisper_context_default_params();
  params.use_gpu = false;
  // ggml's flash attention divides its work by the thread count, which changes the floats (and at
  // a near-tie, a token): without it a transcript is the same for any `threads`, and the same
  // natively (several threads) as in wasm (one).
  params.flash_attn = false;
  // whisper.cpp only reads the buffer; its API is not const-correct.
  void* data = const_cast<std::uint8_t*>(bytes.data());
  whisper_context* context =
      whisper_init_from_buffer_with_params_no_state(data, bytes.size(), params);
  if (context == nullptr) {
    return run_failure(errc::out_of_memory,
                       "whisper.cpp could not load a model that passed every check (out of memory "
                       "for its " +
                           std::to_string(summary.weight_bytes) + " bytes of weights?)");
  }
  return std::shared_ptr<const WhisperModel>(new WhisperModel(context, summary));
}

}  // namespace remotemedia::whisper
