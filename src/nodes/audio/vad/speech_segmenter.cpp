#include "nodes/audio/vad/speech_segmenter.h"

#include <algorithm>
#include <string>

#include "webrtc/common_audio/vad/include/webrtc_vad.h"

namespace remotemedia {

struct SpeechSegmenter::Detector {
  VadInst* vad;
};

namespace {

// float32 in [-1, 1] to the detector's int16, the same way on every target: scale, clamp,
// truncate toward zero.
std::int16_t to_pcm16(float sample) {
  float scaled = sample * 32768.0f;
  if (!(scaled > -32768.0f)) return -32768;  // also NaN
  if (scaled > 32767.0f) return 32767;
  return static_cast<std::int16_t>(scaled);
}

}  // namespace

Result<std::unique_ptr<SpeechSegmenter>> SpeechSegmenter::create(std::int64_t rate,
                                                                 const SegmenterSettings& settings,
                                                                 std::int64_t start_frame) {
  const bool rate_ok = rate == 8000 || rate == 16000 || rate == 32000 || rate == 48000;
  if (!rate_ok ||
      WebRtcVad_ValidRateAndFrameLength(
          static_cast<int>(rate), static_cast<std::size_t>(rate * settings.frame_ms / 1000)) != 0) {
    return run_failure(errc::invalid_audio,
                       "voice activity detection takes 8000, 16000, 32000 or 48000 Hz audio, not " +
                           std::to_string(rate) + " Hz (resample it first with ResampleNode)");
  }
  VadInst* vad = WebRtcVad_Create();
  if (vad == nullptr || WebRtcVad_Init(vad) != 0 ||
      WebRtcVad_set_mode(vad, settings.aggressiveness) != 0) {
    if (vad != nullptr) WebRtcVad_Free(vad);
    return run_failure(errc::invalid_audio, "the voice activity detector refused its settings");
  }
  return std::unique_ptr<SpeechSegmenter>(
      new SpeechSegmenter(new Detector{vad}, rate, settings, start_frame));
}

SpeechSegmenter::SpeechSegmenter(Detector* detector, std::int64_t rate,
                                 const SegmenterSettings& settings, std::int64_t start_frame)
    : detector_(detector),
      rate_(rate),
      frame_len_(rate * settings.frame_ms / 1000),
      hangover_(rate * settings.hangover_ms / 1000),
      padding_(rate * settings.padding_ms / 1000),
      min_speech_(rate * settings.min_speech_ms / 1000),
      max_segment_(rate * settings.max_segment_ms / 1000),
      buffer_start_(start_frame),
      next_frame_(start_frame),
      previous_end_(start_frame),
      pcm_(static_cast<std::size_t>(frame_len_)) {}

SpeechSegmenter::~SpeechSegmenter() {
  WebRtcVad_Free(detector_->vad);
  delete detector_;
}

void SpeechSegmenter::push(const float* samples, std::size_t frames,
                           std::vector<SpeechSegment>* out) {
  buffer_.insert(buffer_.end(), samples, samples + frames);
  classify_ready_frames(out);
  trim();
}

void SpeechSegmenter::classify_ready_frames(std::vector<SpeechSegment>* out) {
  while (end_frame() - next_frame_ >= frame_len_) {
    const float* frame = buffer_.data() + (next_frame_ - buffer_start_);
    for (std::int64_t i = 0; i < frame_len_; ++i)
      pcm_[static_cast<std::size_t>(i)] = to_pcm16(frame[i]);
    const bool speech = WebRtcVad_Process(detector_->vad, static_cast<int>(rate_), pcm_.data(),
                                          static_cast<std::size_t>(frame_len_)) == 1;
    const std::int64_t frame_end = next_frame_ + frame_len_;
    if (speech) {
      // Speech that would pass max_segment_ ends the segment before this frame; this frame
      // starts the next one.
      if (in_segment_ && frame_end - seg_start_ > max_segment_) end_segment(0, out);
      if (!in_segment_) {
        in_segment_ = true;
        seg_start_ = next_frame_;
      }
      last_speech_end_ = frame_end;
      silence_ = 0;
    } else if (in_segment_) {
      silence_ += frame_len_;
      if (silence_ >= hangover_) end_segment(std::min(padding_, silence_), out);
    }
    next_frame_ = frame_end;
  }
}

void SpeechSegmenter::end_segment(std::int64_t after, std::vector<SpeechSegment>* out) {
  in_segment_ = false;
  silence_ = 0;
  const std::int64_t end = last_speech_end_ + after;
  if (last_speech_end_ - seg_start_ >= min_speech_) {
    const std::int64_t start = std::max(seg_start_ - padding_, previous_end_);
    SpeechSegment segment;
    segment.start_frame = start;
    segment.samples.assign(buffer_.begin() + (start - buffer_start_),
                           buffer_.begin() + (end - buffer_start_));
    out->push_back(std::move(segment));
    previous_end_ = end;
  }
}

void SpeechSegmenter::finish(std::vector<SpeechSegment>* out) {
  if (in_segment_) end_segment(std::min(padding_, end_frame() - last_speech_end_), out);
}

void SpeechSegmenter::trim() {
  // What a segment may still need: from the open segment's padded start, or else from the
  // padding before the next frame to classify (never before the last segment's end).
  std::int64_t keep = in_segment_ ? seg_start_ - padding_ : next_frame_ - padding_;
  keep = std::max(keep, previous_end_);
  const std::int64_t drop = keep - buffer_start_;
  // Erase in large steps only, so that trimming stays linear in the stream's length.
  if (drop > 0 && static_cast<std::size_t>(drop) * 2 >= buffer_.size()) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + drop);
    buffer_start_ = keep;
  }
}

}  // namespace remotemedia
