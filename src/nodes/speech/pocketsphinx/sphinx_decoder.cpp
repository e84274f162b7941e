#include "nodes/speech/pocketsphinx/sphinx_decoder.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "core/utf8.h"
#include "pocketsphinx.h"
#include "remotemedia/error_codes.h"
#include "sphinxbase/err.h"

namespace remotemedia::sphinx {
namespace {

// The error lines of the load or decode in progress (null when none is): sphinxbase reports
// through one process-wide callback, and the runtime is single-threaded.
std::string* g_errors = nullptr;

constexpr std::size_t kMaxErrorText = 1024;

__attribute__((format(printf, 3, 4))) void on_sphinx_log(void* /*user_data*/, err_lvl_t level,
                                                         const char* format, ...) {
  if (level != ERR_ERROR && level != ERR_FATAL) return;
  char line[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  std::string text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (level == ERR_FATAL) {
    // sphinxbase calls exit() right after this: say why, where the user will look.
    std::fprintf(stderr, "remotemedia: pocketsphinx stopped the process: %s\n", text.c_str());
    std::fflush(stderr);
  }
  if (g_errors != nullptr && g_errors->size() < kMaxErrorText) {
    if (!g_errors->empty()) *g_errors += "; ";
    *g_errors += text.substr(0, kMaxErrorText - g_errors->size());
  }
}

// Collects the error lines sphinxbase reports while it lives.
class CapturedErrors {
 public:
  CapturedErrors() { g_errors = &text_; }
  ~CapturedErrors() { g_errors = nullptr; }
  CapturedErrors(const CapturedErrors&) = delete;
  CapturedErrors& operator=(const CapturedErrors&) = delete;
  std::string said() const { return text_.empty() ? std::string("no reason given") : text_; }

 private:
  std::string text_;
};

// The decoder's configuration as command-line arguments (pocketsphinx's only way to take it).
std::vector<std::string> arguments(const DecoderSetup& setup) {
  // -mmap no: files are read with checked reads (a mapped sendump is indexed unchecked), and
  // wasm32-wasi has no real mapping anyway.
  std::vector<std::string> args = {"-hmm", setup.hmm, "-dict", setup.dict, "-mmap", "no"};
  args.insert(args.end(), setup.hmm_args.begin(), setup.hmm_args.end());
  if (!setup.lm.empty()) {
    args.insert(args.end(), {"-lm", setup.lm});
  } else if (!setup.jsgf.empty()) {
    args.insert(args.end(), {"-jsgf", setup.jsgf});
  } else {
    args.insert(args.end(), {"-keyphrase", setup.keyphrase, "-kws_threshold",
                             argument_text(setup.kws_threshold)});
  }
  return args;
}

// A filler the decoder puts between words (<s>, </s>, <sil>, [NOISE], ++UH++), not a word.
bool is_filler(const std::string& word) {
  if (word.size() < 2) return false;
  const char first = word.front();
  const char last = word.back();
  return (first == '<' && last == '>') || (first == '[' && last == ']') ||
         (first == '+' && last == '+');
}

// "read(2)" -> "read": the dictionary's mark of an alternative pronunciation.
std::string without_variant(std::string word) {
  const std::size_t open = word.rfind('(');
  if (open != std::string::npos && open > 0 && word.back() == ')') word.erase(open);
  return word;
}

// The samples as the decoder takes them: 16-bit, rounded half away from zero, clipped.
std::vector<std::int16_t> to_pcm16(const Audio& audio) {
  std::vector<std::int16_t> pcm(audio.sample_count());
  const float* samples = audio.data();
  for (std::size_t i = 0; i < pcm.size(); ++i) {
    const float clipped = std::clamp(samples[i], -1.0f, 1.0f);
    pcm[i] = static_cast<std::int16_t>(std::lround(clipped * 32767.0f));
  }
  return pcm;
}

}  // namespace

std::string argument_text(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

void route_sphinx_logs() {
  err_set_callback(on_sphinx_log, nullptr);
  err_set_logfp(nullptr);  // and no configuration dump from ps_init
}

SphinxDecoder::SphinxDecoder(ps_decoder_s* decoder) : decoder_(decoder), frame_rate_(100) {
  const int rate = cmd_ln_int32_r(ps_get_config(decoder_), "-frate");
  if (rate > 0) frame_rate_ = rate;
}

SphinxDecoder::~SphinxDecoder() {
  ps_free(decoder_);
}

Result<std::shared_ptr<const SphinxDecoder>> SphinxDecoder::load(const DecoderSetup& setup) {
  route_sphinx_logs();
  CapturedErrors errors;
  std::vector<std::string> args = arguments(setup);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  cmd_ln_t* config =
      cmd_ln_parse_r(nullptr, ps_args(), static_cast<int32>(argv.size()), argv.data(), TRUE);
  if (config == nullptr) {
    return invalid_input(errc::invalid_model,
                         "pocketsphinx refused its configuration: " + errors.said());
  }
  ps_decoder_t* decoder = ps_init(config);
  cmd_ln_free_r(config);  // the decoder keeps its own reference
  if (decoder == nullptr) {
    return invalid_input(errc::invalid_model,
                         "pocketsphinx could not load the model: " + errors.said());
  }
  // The node's port takes 16 kHz audio; a model made for another rate (feat.params' -samprate)
  // would decode it as noise.
  const double rate = cmd_ln_float_r(ps_get_config(decoder), "-samprate");
  if (rate != 16000.0) {
    ps_free(decoder);
    return invalid_input(errc::invalid_model,
                         "the acoustic model is made for " +
                             std::to_string(static_cast<int>(rate)) +
                             " Hz audio; PocketSphinxNode takes 16 kHz models");
  }
  return std::shared_ptr<const SphinxDecoder>(new SphinxDecoder(decoder));
}

Result<Value> SphinxDecoder::decode(const Audio& audio) const {
  CapturedErrors errors;
  const std::vector<std::int16_t> pcm = to_pcm16(audio);
  auto failed = [&errors](const char* step) {
    return run_failure(
        errc::pipeline_failed,
        std::string("pocketsphinx failed to decode the audio (") + step + "): " + errors.said());
  };
  // Each item is a stream of its own: the front end's noise estimate and sample count start
  // afresh, so a decode never depends on what the shared decoder heard before.
  ps_start_stream(decoder_);
  if (ps_start_utt(decoder_) < 0) return failed("ps_start_utt");
  // One call with the whole utterance: pocketsphinx then normalises the features over all of it
  // (batch CMN), which recognises better than the live estimate of chunked input.
  if (ps_process_raw(decoder_, pcm.data(), pcm.size(), FALSE, TRUE) < 0) {
    ps_end_utt(decoder_);
    return failed("ps_process_raw");
  }
  if (ps_end_utt(decoder_) < 0) return failed("ps_end_utt");

  // A time is one division of whole numbers (so 813 centiseconds print as 8.13), and never
  // past the audio's end.
  const std::int64_t sample_rate = audio.sample_rate;
  const std::int64_t first = audio.start_frame;
  const std::int64_t frames = static_cast<std::int64_t>(audio.frame_count());
  const std::int64_t per_second = frame_rate_;
  auto place = [=](int frame) {
    const std::int64_t offset = std::min<std::int64_t>(
        std::max(0, frame) * sample_rate, frames * per_second);  // in 1/(rate*per_second) s
    return static_cast<double>(first * per_second + offset) /
           static_cast<double>(sample_rate * per_second);
  };
  List segments;
  for (ps_seg_t* seg = ps_seg_iter(decoder_); seg != nullptr; seg = ps_seg_next(seg)) {
    const char* raw = ps_seg_word(seg);
    const std::string word = raw != nullptr ? without_variant(valid_utf8(raw)) : std::string();
    if (word.empty() || is_filler(word)) continue;
    int start_frame = 0;
    int end_frame = 0;
    ps_seg_frames(seg, &start_frame, &end_frame);
    segments.emplace_back(Map{{"start", Value(place(start_frame))},
                              {"end", Value(place(end_frame + 1))},
                              {"word", Value(word)}});
  }
  const char* hyp = ps_get_hyp(decoder_, nullptr);
  return Value(Map{{"text", Value(valid_utf8(hyp != nullptr ? hyp : ""))},
                   {"segments", Value(std::move(segments))}});
}

}  // namespace remotemedia::sphinx
