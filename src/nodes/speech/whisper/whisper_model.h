// A Whisper model loaded into whisper.cpp: the weights (a whisper_context without a state), built
// once per runtime from checked bytes and shared by every node that names the same model
// (ResourceLoader::object). Each node brings its own Transcriber (whisper_state) for the work
// buffers, so nodes never share mutable state through it.
#pragma once

#include <memory>

#include "nodes/speech/whisper/whisper_model_file.h"
#include "remotemedia/status.h"
#include "remotemedia/value.h"

struct whisper_context;

namespace remotemedia::whisper {

class WhisperModel {
 public:
  // Loads `bytes`, which check_whisper_model() accepted as `summary`. whisper.cpp copies the
  // weights out: `bytes` need not outlive the model. Fails (`out_of_memory`) only when whisper.cpp
  // cannot allocate them.
  static Result<std::shared_ptr<const WhisperModel>> load(const Buffer& bytes,
                                                          const ModelSummary& summary);

  ~WhisperModel();
  WhisperModel(const WhisperModel&) = delete;
  WhisperModel& operator=(const WhisperModel&) = delete;

  // The context, owned by the model. whisper.cpp's API takes it non-const; the runtime is
  // single-threaded, and transcribing reads it only (work happens in a whisper_state).
  whisper_context* context() const { return context_; }
  const ModelSummary& summary() const { return summary_; }

 private:
  WhisperModel(whisper_context* context, ModelSummary summary);
  whisper_context* context_;
  ModelSummary summary_;
};

// Routes whisper.cpp's and ggml's log lines to nowhere (they would interleave with the result
// and with the runtime's own messages on stderr). Idempotent; called before the first load.
void silence_whisper_logs();

}  // namespace remotemedia::whisper
