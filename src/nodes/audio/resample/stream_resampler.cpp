#include "nodes/audio/resample/stream_resampler.h"

#include <limits>
#include <string>

#include "speex_resampler.h"

namespace remotemedia {

struct StreamResampler::State {
  SpeexResamplerState* speex;
};

Result<std::unique_ptr<StreamResampler>> StreamResampler::create(std::int64_t channels,
                                                                 std::int64_t in_rate,
                                                                 std::int64_t out_rate,
                                                                 int quality) {
  if (channels < 1 || channels > 32 || in_rate < 1 || in_rate > 768000 || out_rate < 1 ||
      out_rate > 768000) {
    return run_failure(errc::invalid_audio, "cannot resample " + std::to_string(channels) +
                                                " channels from " + std::to_string(in_rate) +
                                                " Hz to " + std::to_string(out_rate) + " Hz");
  }
  int err = RESAMPLER_ERR_SUCCESS;
  SpeexResamplerState* speex =
      speex_resampler_init(static_cast<spx_uint32_t>(channels), static_cast<spx_uint32_t>(in_rate),
                           static_cast<spx_uint32_t>(out_rate), quality, &err);
  if (speex == nullptr || err != RESAMPLER_ERR_SUCCESS) {
    if (speex != nullptr) speex_resampler_destroy(speex);
    return run_failure(errc::invalid_audio, std::string("the resampler refused its settings: ") +
                                                speex_resampler_strerror(err));
  }
  speex_resampler_skip_zeros(speex);
  return std::unique_ptr<StreamResampler>(
      new StreamResampler(new State{speex}, channels, in_rate, out_rate));
}

StreamResampler::StreamResampler(State* state, std::int64_t channels, std::int64_t in_rate,
                                 std::int64_t out_rate)
    : state_(state),
      channels_(static_cast<std::size_t>(channels)),
      in_rate_(static_cast<std::uint64_t>(in_rate)),
      out_rate_(static_cast<std::uint64_t>(out_rate)) {}

StreamResampler::~StreamResampler() {
  speex_resampler_destroy(state_->speex);
  delete state_;
}

void StreamResampler::run(const float* samples, std::size_t frames, std::uint64_t limit,
                          std::vector<float>* out) {
  constexpr std::size_t kChunk = 1 << 16;  // frames per call, well inside spx_uint32_t
  while (frames > 0) {
    spx_uint32_t in_len = static_cast<spx_uint32_t>(frames < kChunk ? frames : kChunk);
    // Room for everything this chunk can produce.
    spx_uint32_t out_room =
        static_cast<spx_uint32_t>(static_cast<std::uint64_t>(in_len) * out_rate_ / in_rate_ + 2);
    const std::size_t at = out->size();
    out->resize(at + out_room * channels_);
    spx_uint32_t out_len = out_room;
    speex_resampler_process_interleaved_float(state_->speex, samples, &in_len, out->data() + at,
                                              &out_len);
    std::uint64_t keep = out_len < limit ? out_len : limit;
    out->resize(at + static_cast<std::size_t>(keep) * channels_);
    limit -= keep;
    frames_out_ += keep;
    frames -= in_len;
    if (samples != nullptr) samples += static_cast<std::size_t>(in_len) * channels_;
  }
}

void StreamResampler::push(const float* samples, std::size_t frames, std::vector<float>* out) {
  frames_in_ += frames;
  run(samples, frames, std::numeric_limits<std::uint64_t>::max(), out);
}

void StreamResampler::finish(std::vector<float>* out) {
  // ceil(frames_in x out_rate / in_rate): rates <= 768000 (< 2^20) leave 2^44 frames of room.
  const std::uint64_t total = (frames_in_ * out_rate_ + in_rate_ - 1) / in_rate_;
  const std::size_t latency =
      static_cast<std::size_t>(speex_resampler_get_input_latency(state_->speex));
  // Zeros push the filter's delay out; each round adds at least one output frame.
  while (frames_out_ < total) run(nullptr, latency + 1, total - frames_out_, out);
}

}  // namespace remotemedia
