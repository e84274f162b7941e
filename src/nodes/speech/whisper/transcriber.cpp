#include "nodes/speech/whisper/transcriber.h"

#include <algorithm>
#include <utility>
#if !defined(__wasi__)
#include <thread>
#endif

#include "core/utf8.h"
#include "remotemedia/error_codes.h"
#include "whisper.h"

namespace remotemedia::whisper {
namespace {

// Decoding limits of whisper-cli's defaults for the fallback; disabled (temperature stays 0)
// without it, so that results never depend on the C++ library's random distributions.
constexpr float kFallbackTemperatureStep = 0.2f;

// One item's progress: whisper.cpp's reports (the percent at which each 30 s window starts), then
// 100 when the item is done unless whisper.cpp said so itself.
struct ItemProgress {
  NodeContext* ctx;
  int last;  // whisper.cpp's last report; -1 before the first
};

void on_progress(whisper_context* /*ctx*/, whisper_state* /*state*/, int percent, void* data) {
  auto* progress = static_cast<ItemProgress*>(data);
  progress->last = percent;
  progress->ctx->report_progress(static_cast<std::uint64_t>(percent), 100);
}

bool should_abort(void* data) {
  return static_cast<NodeContext*>(data)->stop_requested();
}

std::string trimmed(const std::string& text) {
  const std::size_t first = text.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

}  // namespace

Transcriber::Transcriber(std::shared_ptr<const WhisperModel> model, TranscribeOptions options,
                         whisper_state* state)
    : model_(std::move(model)), options_(std::move(options)), state_(state) {}

Transcriber::~Transcriber() {
  whisper_free_state(state_);
}

Result<std::unique_ptr<Transcriber>> Transcriber::create(std::shared_ptr<const WhisperModel> model,
                                                         TranscribeOptions options) {
  whisper_state* state = whisper_init_state(model->context());
  if (state == nullptr) {
    return run_failure(errc::out_of_memory, "whisper.cpp could not allocate its work buffers");
  }
#if defined(__wasi__)
  options.threads = 1;  // a wasm32-wasi module has one thread
#else
  if (options.threads == 0) {
    options.threads =
        static_cast<int>(std::min(4u, std::max(1u, std::thread::hardware_concurrency())));
  }
#endif
  return std::unique_ptr<Transcriber>(new Transcriber(std::move(model), std::move(options), state));
}

Result<Value> Transcriber::transcribe(const Audio& audio, NodeContext& ctx) {
  whisper_full_params params = whisper_full_default_params(
      options_.beam_size > 0 ? WHISPER_SAMPLING_BEAM_SEARCH : WHISPER_SAMPLING_GREEDY);
  params.n_threads = options_.threads;
  params.translate = options_.translate;
  params.no_context = true;
  params.no_timestamps = options_.no_timestamps;
  params.print_progress = false;
  params.print_realtime = false;
  params.print_timestamps = false;
  params.audio_ctx = options_.audio_ctx;
  params.initial_prompt =
      options_.initial_prompt.empty() ? nullptr : options_.initial_prompt.c_str();
  params.language = options_.language.c_str();
  params.detect_language = false;
  if (options_.beam_size > 0) params.beam_search.beam_size = options_.beam_size;
  params.temperature_inc = options_.temperature_fallback ? kFallbackTemperatureStep : 0.0f;
  ItemProgress progress{&ctx, -1};
  params.progress_callback = on_progress;
  params.progress_callback_user_data = &progress;
  params.abort_callback = should_abort;
  params.abort_callback_user_data = &ctx;

  whisper_context* context = model_->context();
  const int rc = whisper_full_with_state(context, state_, params, audio.data(),
                                         static_cast<int>(audio.frame_count()));
  if (ctx.stop_requested()) return run_failure(errc::interrupted, "stopped while transcribing");
  if (rc != 0) {
    return run_failure(
        errc::pipeline_failed,
        "whisper.cpp failed to transcribe the audio (whisper_full: " + std::to_string(rc) + ")");
  }
  if (progress.last != 100) ctx.report_progress(100, 100);

  // whisper.cpp's times are in units of 10 ms from the start of the samples it was given; a
  // segment never reaches outside the audio it came from.
  const double origin = audio.start_seconds();
  const double last = audio.end_seconds();
  auto place = [origin, last](std::int64_t centiseconds) {
    return std::min(last,
                    origin + static_cast<double>(std::max<std::int64_t>(0, centiseconds)) / 100.0);
  };
  List segments;
  std::string text;
  const int n_segments = whisper_full_n_segments_from_state(state_);
  for (int s = 0; s < n_segments; ++s) {
    const std::string segment_text =
        valid_utf8(whisper_full_get_segment_text_from_state(state_, s));
    text += segment_text;
    Map segment{{"start", Value(place(whisper_full_get_segment_t0_from_state(state_, s)))},
                {"end", Value(place(whisper_full_get_segment_t1_from_state(state_, s)))},
                {"text", Value(trimmed(segment_text))}};
    if (options_.token_ids) {
      List tokens;
      const int n_tokens = whisper_full_n_tokens_from_state(state_, s);
      for (int t = 0; t < n_tokens; ++t) {
        tokens.emplace_back(
            static_cast<std::int64_t>(whisper_full_get_token_id_from_state(state_, s, t)));
      }
      segment.insert("tokens", Value(std::move(tokens)));
    }
    segments.emplace_back(std::move(segment));
  }
  const char* language = whisper_lang_str(whisper_full_lang_id_from_state(state_));
  return Value(Map{{"text", Value(trimmed(text))},
                   {"language", Value(std::string(language != nullptr ? language : ""))},
                   {"segments", Value(std::move(segments))}});
}

}  // namespace remotemedia::whisper
