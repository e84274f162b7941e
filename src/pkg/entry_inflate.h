// Decompressing one ZIP entry with every bound checked while it streams (docs/rmpkg.md, "The
// reader"). I/O-free: the archive's bytes in, the entry's data out.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "pkg/zip_layout.h"
#include "remotemedia/status.h"

namespace remotemedia::pkg {

struct InflateBounds {
  std::uint64_t max_ratio = 200;               // produced / consumed bytes ...
  std::uint64_t ratio_min_bytes = 1ull << 20;  // ... once at least this much is produced
  // ReadOptions::keep_going, called about every MiB produced; null: never. Not owned.
  const std::function<Status()>* keep_going = nullptr;
};

// Decompresses `entry` (stored, or raw deflate) from `archive` into *out. Inflation stops at
// the first 64 KiB step that breaks a bound, so memory never exceeds the entry's declared size
// (itself bounded by the caller) nor ratio x the compressed bytes actually consumed:
//   bundle_too_large        more data than the declared size;
//   bundle_ratio_exceeded   produced > max_ratio x consumed, once produced >= ratio_min_bytes;
//   bundle_layout_invalid   the compressed stream ends before its declared compressed size (the
//                           rest would be bytes no reader decompresses), or a stored entry whose
//                           sizes differ;
//   bundle_unreadable       corrupt or truncated compressed data, less data than declared, an
//                           unsupported method;
//   bundle_crc_mismatch     the data does not match the entry's CRC-32;
// or the error bounds.keep_going returned.
// Precondition: `entry` came from read_zip_layout(archive, ...).
Status inflate_entry(std::string_view archive, const ZipEntry& entry, const InflateBounds& bounds,
                     std::string* out);

}  // namespace remotemedia::pkg
