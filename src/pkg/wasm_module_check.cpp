#include "pkg/wasm_module_check.h"

#include <cstdint>
#include <string>

namespace remotemedia::pkg {
namespace {

// Position of each non-custom section id in the order the specification requires (the tag
// section, 13, sits between memory and global; data count, 12, between element and code).
int order_of(unsigned id) {
  static constexpr int kOrder[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};
  return id < sizeof kOrder / sizeof kOrder[0] ? kOrder[id] : -1;
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool done() const { return at_ == bytes_.size(); }
  std::size_t left() const { return bytes_.size() - at_; }
  bool byte(unsigned* out) {
    if (done()) return false;
    *out = static_cast<unsigned char>(bytes_[at_++]);
    return true;
  }
  // An unsigned LEB128 of at most 32 bits (at most 5 bytes, no bits above 32).
  bool u32(std::uint32_t* out) {
    std::uint64_t value = 0;
    for (int i = 0; i < 5; ++i) {
      unsigned b = 0;
      if (!byte(&b)) return false;
      value |= static_cast<std::uint64_t>(b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (value > 0xffffffffu) return false;
        *out = static_cast<std::uint32_t>(value);
        return true;
      }
    }
    return false;
  }
  bool take(std::size_t n, std::string_view* out) {
    if (n > left()) return false;
    *out = bytes_.substr(at_, n);
    at_ += n;
    return true;
  }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
};

Error refuse(std::string_view label, const std::string& what) {
  return invalid_input(errc::invalid_runtime_module,
                       "'" + std::string(label) + "' is not a usable wasm module: " + what);
}

// Finds `rm_abi_version` (a function) and `memory` (a memory) in an export section's contents.
Status check_exports(std::string_view contents, std::string_view label) {
  Reader r(contents);
  std::uint32_t count = 0;
  if (!r.u32(&count)) return refuse(label, "malformed export section");
  bool abi = false;
  bool memory = false;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t length = 0;
    std::string_view name;
    unsigned kind = 0;
    std::uint32_t index = 0;
    if (!r.u32(&length) || !r.take(length, &name) || !r.byte(&kind) || !r.u32(&index)) {
      return refuse(label, "malformed export section");
    }
    if (name == "rm_abi_version" && kind == 0) abi = true;
    if (name == "memory" && kind == 2) memory = true;
  }
  if (!r.done()) return refuse(label, "malformed export section");
  if (!abi) {
    return refuse(label,
                  "it exports no function 'rm_abi_version' (it is not the runtime reactor, "
                  "remotemedia_runtime.wasm)");
  }
  if (!memory) return refuse(label, "it exports no memory 'memory'");
  return Status::ok();
}

// The version in a "remotemedia.abi_version" section's payload (decimal text), or 0.
int abi_version_of(std::string_view text) {
  if (text.empty() || text.size() > 6) return 0;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

Status check_wasm_module(std::string_view module, std::string_view label, int* abi_version) {
  if (abi_version != nullptr) *abi_version = 0;
  Reader r(module);
  std::string_view header;
  if (!r.take(8, &header) || header.substr(0, 4) != std::string_view("\0asm", 4)) {
    return refuse(label, "no wasm magic number");
  }
  if (header.substr(4) != std::string_view("\1\0\0\0", 4)) {
    return refuse(label, "not version 1 of the binary format");
  }
  int last = 0;
  bool exports = false;
  while (!r.done()) {
    unsigned id = 0;
    std::uint32_t length = 0;
    std::string_view contents;
    (void)r.byte(&id);
    if (!r.u32(&length) || !r.take(length, &contents)) {
      return refuse(label, "section " + std::to_string(id) + " runs past the end of the module");
    }
    if (id == 0) {
      Reader custom(contents);
      std::uint32_t name_length = 0;
      std::string_view name;
      if (!custom.u32(&name_length) || !custom.take(name_length, &name)) {
        return refuse(label, "a custom section's name runs past its section");
      }
      std::string_view payload;
      if (abi_version != nullptr && name == "remotemedia.abi_version" &&
          custom.take(custom.left(), &payload)) {
        *abi_version = abi_version_of(payload);
      }
      continue;
    }
    int order = order_of(id);
    if (order < 0) return refuse(label, "unknown section id " + std::to_string(id));
    if (order <= last) {
      return refuse(label, "section " + std::to_string(id) + " is out of order or repeated");
    }
    last = order;
    if (id == 7) {
      RM_RETURN_IF_ERROR(check_exports(contents, label));
      exports = true;
    }
  }
  if (!exports) return refuse(label, "it has no export section");
  return Status::ok();
}

}  // namespace remotemedia::pkg
