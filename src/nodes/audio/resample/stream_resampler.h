// A stream resampler over speexdsp's (floating point, compiled from Debian's source on every
// target): audio pushed in chunks of any sizes comes out as the same samples as when pushed as one
// buffer, aligned with its input (the filter's delay is skipped at the start and flushed at the
// end), and a finished stream of N input frames is exactly ceil(N x out_rate / in_rate) frames.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "remotemedia/status.h"

namespace remotemedia {

class StreamResampler {
 public:
  // Quality 0 (fastest) to 10 (best), speexdsp's scale. Rates 1..768000 Hz, channels 1..32.
  // Errors are `invalid_audio` (what speexdsp refuses).
  static Result<std::unique_ptr<StreamResampler>> create(std::int64_t channels,
                                                         std::int64_t in_rate,
                                                         std::int64_t out_rate, int quality);
  ~StreamResampler();
  StreamResampler(const StreamResampler&) = delete;
  StreamResampler& operator=(const StreamResampler&) = delete;

  // Resamples `frames` interleaved frames, appending what is ready to `out`. Precondition: not
  // finished.
  void push(const float* samples, std::size_t frames, std::vector<float>* out);
  // Appends the rest of the stream to `out`; afterwards push() and finish() may not be called.
  void finish(std::vector<float>* out);

  std::uint64_t frames_in() const { return frames_in_; }
  std::uint64_t frames_out() const { return frames_out_; }

 private:
  struct State;
  StreamResampler(State* state, std::int64_t channels, std::int64_t in_rate, std::int64_t out_rate);
  // Runs `frames` frames (zeros when `samples` is null) through, appending at most `limit` output
  // frames to `out`.
  void run(const float* samples, std::size_t frames, std::uint64_t limit, std::vector<float>* out);

  State* state_;
  std::size_t channels_;
  std::uint64_t in_rate_;
  std::uint64_t out_rate_;
  std::uint64_t frames_in_ = 0;
  std::uint64_t frames_out_ = 0;
};

}  // namespace remotemedia
