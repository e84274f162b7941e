// Ports: what a node type accepts and emits. A node has one or more input ports and one or more
// output ports, each naming the item kinds it carries and, for audio, the format. Connections are
// checked port to port when a pipeline is built (nothing opens before every connection fits), and
// every item is checked against the input port it is delivered to.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "remotemedia/value.h"

namespace remotemedia {

// A set of value kinds. The default set is every kind ("any").
class KindSet {
 public:
  KindSet() = default;
  KindSet(std::initializer_list<ValueKind> kinds);  // NOLINT: implicit, reads as a set literal
  static KindSet any() { return KindSet(); }

  bool contains(ValueKind kind) const { return (bits_ & bit(kind)) != 0; }
  bool is_any() const { return bits_ == kAll; }
  bool intersects(KindSet other) const { return (bits_ & other.bits_) != 0; }
  KindSet common(KindSet other) const {
    KindSet both;
    both.bits_ = bits_ & other.bits_;
    return both;
  }
  // "any", or the kind names joined by " or " in ValueKind order ("audio or tensor").
  std::string describe() const;
  friend bool operator==(KindSet a, KindSet b) { return a.bits_ == b.bits_; }

 private:
  static constexpr std::uint32_t kAll = (1u << 10) - 1;
  static std::uint32_t bit(ValueKind kind) { return 1u << static_cast<unsigned>(kind); }
  std::uint32_t bits_ = kAll;
};

// The audio a port carries; 0 leaves that property open.
struct AudioFormat {
  std::int64_t sample_rate = 0;
  std::int64_t channels = 0;
  // "16000 Hz mono", "any rate, 2 channels", ...; "any format" when both are open.
  std::string describe() const;
  friend bool operator==(const AudioFormat& a, const AudioFormat& b) {
    return a.sample_rate == b.sample_rate && a.channels == b.channels;
  }
};

struct PortSpec {
  std::string name;
  KindSet kinds;
  // Applies to audio items only.
  AudioFormat audio;
  std::string description;

  // Named builders, so a spec reads as what it says:
  //   PortSpec::of("in", {ValueKind::kAudio}).with_audio({16000, 1})
  static PortSpec of(std::string name, KindSet kinds = KindSet::any());
  PortSpec&& with_audio(AudioFormat format) &&;
  PortSpec&& described(std::string text) &&;
};

// A node's ports, in declaration order; port 0 on each side is its default port: pushed items
// arrive at input 0, and a connection naming just a node id uses port 0 of a node that has one
// port on that side.
struct NodePorts {
  std::vector<PortSpec> inputs;
  std::vector<PortSpec> outputs;

  // One input "in" and one output "out", each of any kind: what a node type that declares no
  // ports gets, so every manifest written before ports existed stays valid.
  static NodePorts defaults();
  // Index of the port called `name`, or the side's size when there is none.
  std::size_t input_index(std::string_view name) const;
  std::size_t output_index(std::string_view name) const;
};

// Why what `from` emits can never be accepted by `to` (no kind in common, or audio formats that
// are both fixed and differ), as "the output emits ... but the input accepts ..."; empty when
// some item could pass. Properties a side leaves open are
// checked item by item (item_mismatch) instead.
std::string port_mismatch(const PortSpec& from, const PortSpec& to);

// Why `item` does not fit `port` (its kind, or an audio item's rate or channels); empty when it
// fits.
std::string item_mismatch(const Value& item, const PortSpec& port);

}  // namespace remotemedia
