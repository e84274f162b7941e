#include "remotemedia/ports.h"

#include <utility>

namespace remotemedia {
namespace {

constexpr ValueKind kEveryKind[] = {
    ValueKind::kNull,  ValueKind::kBool, ValueKind::kInt, ValueKind::kFloat, ValueKind::kString,
    ValueKind::kBytes, ValueKind::kList, ValueKind::kMap, ValueKind::kAudio, ValueKind::kTensor};

std::string channels_text(std::int64_t channels) {
  if (channels == 1) return "mono";
  if (channels == 2) return "stereo";
  return std::to_string(channels) + " channels";
}

template <typename Ports>
std::size_t index_in(const Ports& ports, std::string_view name) {
  for (std::size_t i = 0; i < ports.size(); ++i) {
    if (ports[i].name == name) return i;
  }
  return ports.size();
}

}  // namespace

KindSet::KindSet(std::initializer_list<ValueKind> kinds) : bits_(0) {
  for (ValueKind kind : kinds) bits_ |= bit(kind);
}

std::string KindSet::describe() const {
  if (is_any()) return "any";
  std::string text;
  for (ValueKind kind : kEveryKind) {
    if (!contains(kind)) continue;
    if (!text.empty()) text += " or ";
    text += value_kind_name(kind);
  }
  return text.empty() ? "nothing" : text;
}

std::string AudioFormat::describe() const {
  if (sample_rate == 0 && channels == 0) return "any format";
  std::string rate = sample_rate == 0 ? "any rate" : std::to_string(sample_rate) + " Hz";
  return channels == 0 ? rate : rate + " " + channels_text(channels);
}

PortSpec PortSpec::of(std::string name, KindSet kinds) {
  PortSpec port;
  port.name = std::move(name);
  port.kinds = kinds;
  return port;
}

PortSpec&& PortSpec::with_audio(AudioFormat format) && {
  audio = format;
  return std::move(*this);
}

PortSpec&& PortSpec::described(std::string text) && {
  description = std::move(text);
  return std::move(*this);
}

NodePorts NodePorts::defaults() {
  return NodePorts{{PortSpec::of("in")}, {PortSpec::of("out")}};
}

std::size_t NodePorts::input_index(std::string_view name) const {
  return index_in(inputs, name);
}

std::size_t NodePorts::output_index(std::string_view name) const {
  return index_in(outputs, name);
}

std::string port_mismatch(const PortSpec& from, const PortSpec& to) {
  if (!from.kinds.intersects(to.kinds)) {
    return "the output emits " + from.kinds.describe() + " but the input accepts " +
           to.kinds.describe();
  }
  // When audio is all the two sides have in common, every item that passes is audio: its formats
  // must agree where both sides fix them.
  if (!(from.kinds.common(to.kinds) == KindSet{ValueKind::kAudio})) return "";
  bool rates_differ = from.audio.sample_rate != 0 && to.audio.sample_rate != 0 &&
                      from.audio.sample_rate != to.audio.sample_rate;
  bool channels_differ = from.audio.channels != 0 && to.audio.channels != 0 &&
                         from.audio.channels != to.audio.channels;
  if (rates_differ || channels_differ) {
    return "the output emits audio of " + from.audio.describe() +
           " but the input accepts audio of " + to.audio.describe();
  }
  return "";
}

std::string item_mismatch(const Value& item, const PortSpec& port) {
  if (!port.kinds.contains(item.kind())) {
    return std::string("a ") + item.kind_name() + " arrived where " + port.kinds.describe() +
           " is accepted";
  }
  const Audio* audio = item.as_audio();
  if (audio == nullptr) return "";
  bool rate_off = port.audio.sample_rate != 0 && audio->sample_rate != port.audio.sample_rate;
  bool channels_off = port.audio.channels != 0 && audio->channels != port.audio.channels;
  if (rate_off || channels_off) {
    AudioFormat got{audio->sample_rate, audio->channels};
    return "audio of " + got.describe() + " arrived where audio of " + port.audio.describe() +
           " is accepted";
  }
  return "";
}

}  // namespace remotemedia
