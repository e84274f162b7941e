// Test helper: a minimal ZIP writer with every field under the test's control (stored or raw
// deflate data, no extra fields), for crafting archives libzip would refuse to write.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace remotemedia::pkg::testing {

struct RawEntry {
  RawEntry(std::string n, std::string d, bool deflated = true, std::string pad = {})
      : name(std::move(n)), data(std::move(d)), deflate(deflated), padding(std::move(pad)) {}
  std::string name;
  std::string data;     // uncompressed
  bool deflate = true;  // else stored
  std::string padding;  // appended after the compressed stream, counted in its compressed size
};

inline void put16(std::string* out, std::uint32_t v) {
  out->push_back(static_cast<char>(v & 0xff));
  out->push_back(static_cast<char>((v >> 8) & 0xff));
}
inline void put32(std::string* out, std::uint32_t v) {
  put16(out, v & 0xffff);
  put16(out, v >> 16);
}
inline void set32(std::string* bytes, std::size_t at, std::uint32_t v) {
  std::string four;
  put32(&four, v);
  bytes->replace(at, 4, four);
}

inline std::uint32_t get32(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

inline std::string raw_deflate(const std::string& data) {
  z_stream s{};
  deflateInit2(&s, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&s, data.size()), '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = static_cast<uInt>(data.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  deflate(&s, Z_FINISH);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

// The archive, plus where each local header and central record starts.
struct RawZip {
  std::string bytes;
  std::vector<std::size_t> local;
  std::vector<std::size_t> central;
  std::size_t eocd = 0;
};

inline RawZip raw_zip(const std::vector<RawEntry>& entries) {
  RawZip zip;
  std::string central;
  for (const RawEntry& e : entries) {
    std::string data = (e.deflate ? raw_deflate(e.data) : e.data) + e.padding;
    std::uint32_t crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size())));
    std::uint32_t offset = static_cast<std::uint32_t>(zip.bytes.size());
    zip.local.push_back(offset);
    std::string* out = &zip.bytes;
    put32(out, 0x04034b50);
    put16(out, 20);
    put16(out, 0);
    put16(out, e.deflate ? 8 : 0);
    put32(out, 0);
    put32(out, crc);
    put32(out, static_cast<std::uint32_t>(data.size()));
    put32(out, static_cast<std::uint32_t>(e.data.size()));
    put16(out, static_cast<std::uint32_t>(e.name.size()));
    put16(out, 0);
    *out += e.name;
    *out += data;
    zip.central.push_back(central.size());
    put32(&central, 0x02014b50);
    put16(&central, 0x0300 | 20);  // made by Unix
    put16(&central, 20);
    put16(&central, 0);
    put16(&central, e.deflate ? 8 : 0);
    put32(&central, 0);
    put32(&central, crc);
    put32(&central, static_cast<std::uint32_t>(data.size()));
    put32(&central, static_cast<std::uint32_t>(e.data.size()));
    put16(&central, static_cast<std::uint32_t>(e.name.size()));
    put16(&central, 0);
    put16(&central, 0);
    put16(&central, 0);
    put16(&central, 0);
    put32(&central, 0100644u << 16);
    put32(&central, offset);
    central += e.name;
  }
  std::uint32_t cd_offset = static_cast<std::uint32_t>(zip.bytes.size());
  for (std::size_t& at : zip.central) at += cd_offset;
  zip.bytes += central;
  zip.eocd = zip.bytes.size();
  put32(&zip.bytes, 0x06054b50);
  put16(&zip.bytes, 0);
  put16(&zip.bytes, 0);
  put16(&zip.bytes, static_cast<std::uint32_t>(entries.size()));
  put16(&zip.bytes, static_cast<std::uint32_t>(entries.size()));
  put32(&zip.bytes, static_cast<std::uint32_t>(central.size()));
  put32(&zip.bytes, cd_offset);
  put16(&zip.bytes, 0);
  return zip;
}

}  // namespace remotemedia::pkg::testing
