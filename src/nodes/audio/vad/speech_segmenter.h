// Finds speech in a stream of mono audio with WebRTC's voice activity detector and cuts it into
// segments (docs/nodes.md#vadnode). Streaming: the audio may come in pieces of any sizes; the
// segments are the same as for one piece holding all of it, since frames are classified in
// stream order by one detector whose state carries over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "remotemedia/status.h"

namespace remotemedia {

struct SegmenterSettings {
  int aggressiveness = 2;  // WebRTC's mode, 0 (least) to 3 (most eager to call audio non-speech)
  int frame_ms = 30;       // 10, 20 or 30
  int hangover_ms = 300;   // silence shorter than this does not end a segment
  int padding_ms = 150;    // kept around the speech on each side (after it: at most the hangover)
  int min_speech_ms = 90;  // shorter segments (first to last speech frame) are dropped
  // Longer speech is cut here (the next segment starts where this one ends), which also bounds
  // what the segmenter holds.
  int max_segment_ms = 30000;
};

struct SpeechSegment {
  std::int64_t start_frame = 0;  // on the stream's timeline, at its rate
  std::vector<float> samples;    // mono
};

class SpeechSegmenter {
 public:
  // For audio at `rate` (8000, 16000, 32000 or 48000 Hz) whose first frame is `start_frame` on
  // its timeline. Errors: `invalid_audio` (another rate).
  static Result<std::unique_ptr<SpeechSegmenter>> create(std::int64_t rate,
                                                         const SegmenterSettings& settings,
                                                         std::int64_t start_frame);
  ~SpeechSegmenter();
  SpeechSegmenter(const SpeechSegmenter&) = delete;
  SpeechSegmenter& operator=(const SpeechSegmenter&) = delete;

  // Appends `frames` samples of the stream; appends the segments they complete to `out`.
  void push(const float* samples, std::size_t frames, std::vector<SpeechSegment>* out);
  // Ends the stream: appends the segment still open, if any. Afterwards only destruction.
  void finish(std::vector<SpeechSegment>* out);

  // The timeline frame just past the audio pushed so far.
  std::int64_t end_frame() const {
    return buffer_start_ + static_cast<std::int64_t>(buffer_.size());
  }

 private:
  struct Detector;
  SpeechSegmenter(Detector* detector, std::int64_t rate, const SegmenterSettings& settings,
                  std::int64_t start_frame);
  void classify_ready_frames(std::vector<SpeechSegment>* out);
  // Emits [seg_start_ - padding, last_speech_end_ + after) as a segment, if long enough.
  void end_segment(std::int64_t after, std::vector<SpeechSegment>* out);
  // Drops buffered audio no segment can still need.
  void trim();

  Detector* detector_;
  std::int64_t rate_;
  std::int64_t frame_len_;
  std::int64_t hangover_;
  std::int64_t padding_;
  std::int64_t min_speech_;
  std::int64_t max_segment_;
  std::vector<float> buffer_;  // audio from timeline frame buffer_start_ on
  std::int64_t buffer_start_;
  std::int64_t next_frame_;    // first frame not yet classified
  std::int64_t previous_end_;  // where the last emitted segment ended (or the stream start)
  bool in_segment_ = false;
  std::int64_t seg_start_ = 0;  // first speech frame of the open segment
  std::int64_t last_speech_end_ = 0;
  std::int64_t silence_ = 0;       // non-speech frames since last_speech_end_
  std::vector<std::int16_t> pcm_;  // one frame, for the detector
};

}  // namespace remotemedia
