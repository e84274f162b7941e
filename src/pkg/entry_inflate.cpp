#include "pkg/entry_inflate.h"

#include <zlib.h>

#include <algorithm>

#include "pkg/refusal.h"

namespace remotemedia::pkg {
namespace {

struct InflateEnd {
  z_stream* stream;
  ~InflateEnd() { inflateEnd(stream); }
};

Status inflate_raw(std::string_view data, const ZipEntry& entry, const InflateBounds& bounds,
                   std::string* out) {
  const std::string& name = entry.name;
  z_stream stream{};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) {
    return refuse(errc::bundle_unreadable, name, "cannot start the decompressor");
  }
  InflateEnd end{&stream};
  // zlib's counters are uLong (32-bit on wasm32): feed at most 1 GiB, far above any bound.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(std::min<std::size_t>(data.size(), 1u << 30));
  unsigned char buffer[65536];
  std::uint64_t consumed = 0;
  for (unsigned step = 1;; ++step) {
    if (bounds.keep_going != nullptr && *bounds.keep_going && step % 16 == 0) {
      RM_RETURN_IF_ERROR((*bounds.keep_going)());
    }
    stream.next_out = buffer;
    stream.avail_out = sizeof buffer;
    uInt before_in = stream.avail_in;
    int rc = inflate(&stream, Z_NO_FLUSH);
    consumed += before_in - stream.avail_in;
    std::size_t produced = sizeof buffer - stream.avail_out;
    if (rc != Z_OK && rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && produced > 0)) {
      return refuse(errc::bundle_unreadable, name,
                    rc == Z_BUF_ERROR ? "its compressed data is truncated"
                                      : "its compressed data is corrupt");
    }
    if (out->size() + produced > entry.size) {
      return refuse(errc::bundle_too_large, name, "holds more data than its declared size");
    }
    out->append(reinterpret_cast<const char*>(buffer), produced);
    std::uint64_t total = out->size();
    if (total >= bounds.ratio_min_bytes && total / bounds.max_ratio > consumed) {
      return refuse(errc::bundle_ratio_exceeded, name,
                    "inflates more than " + std::to_string(bounds.max_ratio) +
                        ":1 from the compressed bytes it consumed (a zip bomb)");
    }
    if (rc == Z_STREAM_END) break;
  }
  if (consumed != data.size()) {
    return refuse(errc::bundle_layout_invalid, name,
                  "its compressed stream ends before its declared compressed size");
  }
  return Status::ok();
}

}  // namespace

Status inflate_entry(std::string_view archive, const ZipEntry& entry, const InflateBounds& bounds,
                     std::string* out) {
  out->clear();
  std::string_view data = archive.substr(static_cast<std::size_t>(entry.data_offset),
                                         static_cast<std::size_t>(entry.compressed_size));
  if (entry.method == 0) {
    if (entry.compressed_size != entry.size) {
      return refuse(errc::bundle_layout_invalid, entry.name,
                    "a stored entry whose compressed and uncompressed sizes differ");
    }
    out->assign(data);
  } else if (entry.method == 8) {
    RM_RETURN_IF_ERROR(inflate_raw(data, entry, bounds, out));
  } else {
    return refuse(errc::bundle_unreadable, entry.name,
                  "unsupported compression method " + std::to_string(entry.method));
  }
  if (out->size() != entry.size) {
    return refuse(errc::bundle_unreadable, entry.name, "holds less data than its declared size");
  }
  uLong crc = crc32(0L, Z_NULL, 0);
  for (std::size_t at = 0; at < out->size(); at += 1u << 30) {
    std::size_t n = std::min<std::size_t>(out->size() - at, 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(out->data() + at), static_cast<uInt>(n));
  }
  if (static_cast<std::uint32_t>(crc) != entry.crc32) {
    return refuse(errc::bundle_crc_mismatch, entry.name, "CRC-32 of the data does not match");
  }
  return Status::ok();
}

}  // namespace remotemedia::pkg
