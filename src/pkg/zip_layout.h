// The byte layout of a ZIP archive, parsed and checked without trusting a single field
// (docs/rmpkg.md, "The reader"). I/O-free: takes the archive's bytes, returns its entries.
//
// An archive is accepted only when every byte is accounted for, so that every ZIP reader
// (libzip, unzip, Python's zipfile, a streaming reader that walks local headers) sees the same
// entries with the same data:
//   - the end-of-central-directory record (EOCD) is the last 22 bytes: no archive comment, no
//     trailing bytes, no ZIP64 record or locator, single disk;
//   - the central directory ends exactly where the EOCD starts and holds exactly the EOCD's
//     entry count, each record without a comment and without ZIP64 markers (0xFFFFFFFF);
//   - each local header agrees with its central record (name, flags, method, CRC, sizes);
//   - the entries (local header, data, optional data descriptor) tile the bytes before the
//     central directory: the first starts at offset 0, each starts where the previous ends (no
//     leading bytes, no gaps, no overlaps), the last ends where the central directory starts;
//   - no end-of-central-directory signature (classic or ZIP64, or a ZIP64 locator) occurs in
//     any header outside the final record.
// A declared compressed size is therefore always the number of bytes the entry really occupies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "remotemedia/status.h"

namespace remotemedia::pkg {

struct ZipEntry {
  std::string name;  // raw bytes, as stored
  std::uint16_t version_needed = 0;
  std::uint16_t flags = 0;
  std::uint16_t method = 0;    // 0 stored, 8 deflated; anything else is for the caller to refuse
  std::uint32_t dos_time = 0;  // MS-DOS modification time (low half) and date (high half)
  std::uint32_t crc32 = 0;
  std::uint64_t compressed_size = 0;
  std::uint64_t size = 0;         // declared uncompressed size
  std::uint64_t data_offset = 0;  // first byte of the compressed data within the archive
  std::uint8_t made_by_os = 0;    // high byte of "version made by" (3 = Unix)
  std::uint32_t external_attributes = 0;
};

inline constexpr std::uint16_t kZipFlagEncrypted = 0x0001;
inline constexpr std::uint16_t kZipFlagDataDescriptor = 0x0008;
inline constexpr std::uint16_t kZipFlagStrongEncryption = 0x0040;

// The entries in central-directory order, or an invalid-input Error:
//   bundle_unreadable       not a ZIP (no EOCD), a record cut short, ZIP64 sizes, several disks;
//   bundle_extra_data       bytes no entry accounts for: before the first entry, between entries,
//                           between the entries and the central directory or after it, an
//                           archive or entry comment, a second (or ZIP64) end record;
//   bundle_layout_invalid   declared offsets or compressed sizes that do not fit the archive,
//                           overlapping entries, a local header that disagrees with the central
//                           directory;
//   bundle_too_large        more than `max_entries` entries.
Result<std::vector<ZipEntry>> read_zip_layout(std::string_view bytes, std::uint64_t max_entries);

}  // namespace remotemedia::pkg
