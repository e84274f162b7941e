// A PocketSphinx decoder with its models loaded (acoustic model, dictionary and one search: an
// n-gram language model, a JSGF grammar or a keyphrase), built once per runtime and shared by
// every PocketSphinxNode whose files and search are the same (ResourceLoader::object).
//
// Sharing a mutable decoder is sound because the runtime is single-threaded and decode() runs
// one utterance from start to end within one call: no two utterances ever interleave in it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "remotemedia/status.h"
#include "remotemedia/value.h"

struct ps_decoder_s;

namespace remotemedia::sphinx {

// Host paths, already resolved and contained (sphinx_model_files.h), and the search to run.
struct DecoderSetup {
  std::string hmm;                    // the acoustic model's directory
  std::vector<std::string> hmm_args;  // "-mdef", path, "-mean", path, ...: its files, explicit
  std::string dict;                   // the pronunciation dictionary
  std::string lm;                     // exactly one of lm, jsgf and keyphrase is set
  std::string jsgf;
  std::string keyphrase;
  double kws_threshold = 1.0;
};

// `value` as pocketsphinx's argument text, exactly (17 significant digits).
std::string argument_text(double value);

class SphinxDecoder {
 public:
  // Loads the models. Fails with `invalid_model` carrying pocketsphinx's own error lines when it
  // refuses a file. The caller sets the error's path and node.
  static Result<std::shared_ptr<const SphinxDecoder>> load(const DecoderSetup& setup);

  ~SphinxDecoder();
  SphinxDecoder(const SphinxDecoder&) = delete;
  SphinxDecoder& operator=(const SphinxDecoder&) = delete;

  // Decodes `audio` (16 kHz mono) as one utterance: {"text", "segments": [{"start", "end",
  // "word"}]}, times in seconds on the audio's timeline. Const for sharing (see above): it
  // changes only the decoder's per-utterance state, which the next call starts afresh.
  Result<Value> decode(const Audio& audio) const;

 private:
  explicit SphinxDecoder(ps_decoder_s* decoder);
  ps_decoder_s* decoder_;  // owned
  int frame_rate_;         // feature frames per second (-frate), for segment times
};

// Routes sphinxbase's log lines away from stderr (they would interleave with the result and the
// runtime's messages): errors are kept for the load that caused them, a fatal error (after which
// sphinxbase ends the process) is written to stderr first. Idempotent.
void route_sphinx_logs();

}  // namespace remotemedia::sphinx
