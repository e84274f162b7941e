// Transcribes audio items with a shared WhisperModel: one whisper_state (whisper.cpp's work
// buffers, about 100 MB for tiny) per Transcriber, so each WhisperNode has its own and the model
// is shared. Every item is decoded on its own: no text carries over from one item to the next.
#pragma once

#include <memory>
#include <string>

#include "nodes/speech/whisper/whisper_model.h"
#include "remotemedia/node.h"
#include "remotemedia/status.h"
#include "remotemedia/value.h"

struct whisper_state;

namespace remotemedia::whisper {

// The sample rate and channels whisper.cpp takes.
inline constexpr std::int64_t kWhisperRate = 16000;

struct TranscribeOptions {
  std::string language = "en";  // a code whisper.cpp knows, or "auto" (multilingual models)
  bool translate = false;       // into English (multilingual models)
  int beam_size = 0;            // 0: greedy decoding; otherwise beam search of this width
  int threads = 0;              // 0: up to 4, as many as the machine has; 1 in wasm32-wasi
  int audio_ctx = 0;            // encoder frames per 30 s window; 0: the model's 1500
  std::string initial_prompt;
  bool no_timestamps = false;
  bool token_ids = false;             // add each segment's token ids
  bool temperature_fallback = false;  // whisper-cli's retries at rising temperatures
};

class Transcriber {
 public:
  // A state for `model`. Fails (`out_of_memory`) when whisper.cpp cannot allocate it.
  static Result<std::unique_ptr<Transcriber>> create(std::shared_ptr<const WhisperModel> model,
                                                     TranscribeOptions options);
  ~Transcriber();
  Transcriber(const Transcriber&) = delete;
  Transcriber& operator=(const Transcriber&) = delete;

  // {"text", "language", "segments": [{"start", "end", "text", "tokens"?}]} for `audio` (16 kHz
  // mono), times in seconds on the audio's timeline; text is valid UTF-8 (an ill-formed byte
  // becomes U+FFFD). Reports progress in percent through `ctx` and stops early when it asks.
  Result<Value> transcribe(const Audio& audio, NodeContext& ctx);

 private:
  Transcriber(std::shared_ptr<const WhisperModel> model, TranscribeOptions options,
              whisper_state* state);
  std::shared_ptr<const WhisperModel> model_;
  TranscribeOptions options_;
  whisper_state* state_;  // owned
};

}  // namespace remotemedia::whisper
