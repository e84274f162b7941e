#include "pkg/zip_layout.h"

#include <algorithm>
#include <cstdio>

#include "pkg/refusal.h"

namespace remotemedia::pkg {
namespace {

constexpr std::uint32_t kLocalSignature = 0x04034b50;
constexpr std::uint32_t kCentralSignature = 0x02014b50;
constexpr std::uint32_t kEndSignature = 0x06054b50;
constexpr std::uint32_t kDescriptorSignature = 0x08074b50;
constexpr std::size_t kLocalHeaderBytes = 30;
constexpr std::size_t kCentralHeaderBytes = 46;
constexpr std::size_t kEndBytes = 22;
constexpr std::size_t kZip64LocatorBytes = 20;
constexpr std::uint32_t kZip64Marker32 = 0xFFFFFFFFu;
constexpr std::uint16_t kZip64Marker16 = 0xFFFFu;

// The signatures a reader looks for when it searches for the end of an archive.
constexpr std::string_view kEndSignatures[] = {
    std::string_view("PK\x05\x06", 4),  // end of central directory
    std::string_view("PK\x06\x06", 4),  // ZIP64 end of central directory
    std::string_view("PK\x06\x07", 4),  // ZIP64 end of central directory locator
};

std::uint16_t u16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    static_cast<unsigned char>(b[at + 1]) << 8);
}
std::uint32_t u32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(u16(b, at)) | static_cast<std::uint32_t>(u16(b, at + 2)) << 16;
}

bool holds_end_signature(std::string_view region) {
  for (std::string_view signature : kEndSignatures) {
    if (region.find(signature) != std::string_view::npos) return true;
  }
  return false;
}

// One entry's extent [start, end) within the archive: local header, data, data descriptor.
struct Extent {
  std::uint64_t start;
  std::uint64_t end;
  std::size_t index;  // into the entries vector
};

// Checks the local header at entry.local_offset against the central record and computes the
// entry's extent. `limit` is where the central directory starts.
Status check_local(std::string_view bytes, std::uint64_t limit, std::uint64_t local_offset,
                   ZipEntry* entry, Extent* extent) {
  const std::string& name = entry->name;
  if (local_offset > limit || limit - local_offset < kLocalHeaderBytes) {
    return refuse(errc::bundle_layout_invalid, name,
                  "its local header offset is outside the entries");
  }
  std::size_t at = static_cast<std::size_t>(local_offset);
  if (u32(bytes, at) != kLocalSignature) {
    return refuse(errc::bundle_layout_invalid, name, "no local header at its declared offset");
  }
  std::uint16_t version_needed = u16(bytes, at + 4);
  std::uint16_t flags = u16(bytes, at + 6);
  std::uint16_t method = u16(bytes, at + 8);
  std::uint32_t dos_time = u32(bytes, at + 10);
  std::uint32_t crc = u32(bytes, at + 14);
  std::uint32_t compressed = u32(bytes, at + 18);
  std::uint32_t size = u32(bytes, at + 22);
  std::uint64_t name_len = u16(bytes, at + 26);
  std::uint64_t extra_len = u16(bytes, at + 28);
  std::uint64_t data = local_offset + kLocalHeaderBytes + name_len + extra_len;
  if (data > limit) {
    return refuse(errc::bundle_layout_invalid, name, "its local header runs past the entries");
  }
  std::string_view header = bytes.substr(at, static_cast<std::size_t>(data - local_offset));
  if (header.substr(kLocalHeaderBytes, static_cast<std::size_t>(name_len)) != name) {
    return refuse(errc::bundle_layout_invalid, name,
                  "the local header names a different file than the central directory");
  }
  if (holds_end_signature(header)) {
    return refuse(errc::bundle_extra_data, name, "its local header holds an end-of-archive record");
  }
  // An encrypted entry's extra field (the AES header) is left for the reader to report as
  // encryption.
  if (extra_len != 0 && (flags & kZipFlagEncrypted) == 0) {
    return refuse(errc::bundle_extra_data, name,
                  "its local header has an extra field (data no checksum covers)");
  }
  if (version_needed != entry->version_needed || flags != entry->flags || method != entry->method ||
      dos_time != entry->dos_time) {
    return refuse(errc::bundle_layout_invalid, name,
                  "the local header's version, flags, method or time differ from the central "
                  "directory");
  }
  bool descriptor = (flags & kZipFlagDataDescriptor) != 0;
  bool zeroed = descriptor && crc == 0 && compressed == 0 && size == 0;
  if (!zeroed &&
      (crc != entry->crc32 || compressed != entry->compressed_size || size != entry->size)) {
    return refuse(errc::bundle_layout_invalid, name,
                  "the local header's CRC or sizes differ from the central directory");
  }
  if (entry->compressed_size > limit - data) {
    return refuse(errc::bundle_layout_invalid, name,
                  "its declared compressed size runs past the end of the entries");
  }
  std::uint64_t end = data + entry->compressed_size;
  if (descriptor) {
    // crc, compressed size, size (32-bit each), optionally preceded by a signature.
    std::uint64_t skip = 0;
    if (limit - end >= 4 && u32(bytes, static_cast<std::size_t>(end)) == kDescriptorSignature)
      skip = 4;
    if (limit - end < skip + 12) {
      return refuse(errc::bundle_layout_invalid, name, "its data descriptor runs past the entries");
    }
    std::size_t d = static_cast<std::size_t>(end + skip);
    if (u32(bytes, d) != entry->crc32 || u32(bytes, d + 4) != entry->compressed_size ||
        u32(bytes, d + 8) != entry->size) {
      return refuse(errc::bundle_layout_invalid, name,
                    "its data descriptor differs from the central directory");
    }
    end += skip + 12;
  }
  entry->data_offset = data;
  extent->start = local_offset;
  extent->end = end;
  return Status::ok();
}

}  // namespace

Result<std::vector<ZipEntry>> read_zip_layout(std::string_view bytes, std::uint64_t max_entries) {
  const std::uint64_t total = bytes.size();
  if (total < kEndBytes || u32(bytes, bytes.size() - kEndBytes) != kEndSignature) {
    // An end record further back means a comment or bytes appended after the archive.
    std::size_t from = bytes.size() > kEndBytes ? bytes.size() - kEndBytes : 0;
    std::size_t found = bytes.rfind(kEndSignatures[0], from);
    if (found != std::string_view::npos && bytes.size() - found >= kEndBytes) {
      return refuse(errc::bundle_extra_data, "",
                    "bytes follow the end-of-central-directory record (an archive comment or "
                    "appended data)");
    }
    return refuse(errc::bundle_unreadable, "", "not a ZIP archive (no end-of-central-directory)");
  }
  const std::size_t eocd = bytes.size() - kEndBytes;
  std::uint16_t disk = u16(bytes, eocd + 4);
  std::uint16_t cd_disk = u16(bytes, eocd + 6);
  std::uint16_t disk_entries = u16(bytes, eocd + 8);
  std::uint16_t count = u16(bytes, eocd + 10);
  std::uint32_t cd_size = u32(bytes, eocd + 12);
  std::uint32_t cd_offset = u32(bytes, eocd + 16);
  if (u16(bytes, eocd + 20) != 0) {
    // The record is the archive's last 22 bytes: the comment it claims is not there.
    return refuse(errc::bundle_layout_invalid, "",
                  "the end-of-central-directory record claims an archive comment it does not "
                  "hold");
  }
  if (count == kZip64Marker16 || cd_size == kZip64Marker32 || cd_offset == kZip64Marker32) {
    return refuse(errc::bundle_unreadable, "", "ZIP64 archives are not supported");
  }
  if (disk != 0 || cd_disk != 0 || disk_entries != count) {
    return refuse(errc::bundle_unreadable, "", "multi-disk archives are not supported");
  }
  if (eocd >= kZip64LocatorBytes &&
      bytes.substr(eocd - kZip64LocatorBytes, 4) == kEndSignatures[2]) {
    return refuse(errc::bundle_extra_data, "",
                  "the archive has a ZIP64 end record besides its own");
  }
  if (count > max_entries) return refuse(errc::bundle_too_large, "", "too many entries");
  std::uint64_t cd_end = std::uint64_t{cd_offset} + cd_size;
  if (cd_end > eocd) {
    return refuse(errc::bundle_layout_invalid, "",
                  "the central directory's declared offset and size run past its end record");
  }
  if (cd_end < eocd) {
    return refuse(errc::bundle_extra_data, "",
                  "bytes lie between the central directory and its end record (prepended data, "
                  "a second archive or a ZIP64 record)");
  }

  std::vector<ZipEntry> entries;
  entries.reserve(count);
  std::uint64_t at = cd_offset;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (cd_end - at < kCentralHeaderBytes ||
        u32(bytes, static_cast<std::size_t>(at)) != kCentralSignature) {
      return refuse(errc::bundle_unreadable, "",
                    "central directory record #" + std::to_string(i) + " is missing or cut short");
    }
    std::size_t r = static_cast<std::size_t>(at);
    std::uint64_t name_len = u16(bytes, r + 28);
    std::uint64_t extra_len = u16(bytes, r + 30);
    std::uint64_t comment_len = u16(bytes, r + 32);
    std::uint64_t record = kCentralHeaderBytes + name_len + extra_len + comment_len;
    if (cd_end - at < record) {
      return refuse(errc::bundle_unreadable, "",
                    "central directory record #" + std::to_string(i) + " is cut short");
    }
    ZipEntry entry;
    entry.name.assign(bytes.substr(r + kCentralHeaderBytes, static_cast<std::size_t>(name_len)));
    entry.made_by_os = static_cast<std::uint8_t>(u16(bytes, r + 4) >> 8);
    entry.version_needed = u16(bytes, r + 6);
    entry.flags = u16(bytes, r + 8);
    entry.method = u16(bytes, r + 10);
    entry.dos_time = u32(bytes, r + 12);
    entry.crc32 = u32(bytes, r + 16);
    std::uint32_t compressed = u32(bytes, r + 20);
    std::uint32_t size = u32(bytes, r + 24);
    std::uint16_t start_disk = u16(bytes, r + 34);
    entry.external_attributes = u32(bytes, r + 38);
    std::uint32_t local_offset = u32(bytes, r + 42);
    if (compressed == kZip64Marker32 || size == kZip64Marker32 || local_offset == kZip64Marker32 ||
        start_disk == kZip64Marker16) {
      return refuse(errc::bundle_unreadable, entry.name, "ZIP64 entries are not supported");
    }
    if (start_disk != 0) {
      return refuse(errc::bundle_unreadable, entry.name, "multi-disk archives are not supported");
    }
    if (comment_len != 0) {
      return refuse(errc::bundle_extra_data, entry.name, "has a comment (data no checksum covers)");
    }
    if (extra_len != 0 && (entry.flags & kZipFlagEncrypted) == 0) {
      return refuse(errc::bundle_extra_data, entry.name,
                    "its central record has an extra field (data no checksum covers)");
    }
    if (holds_end_signature(bytes.substr(r, static_cast<std::size_t>(record)))) {
      return refuse(errc::bundle_extra_data, entry.name,
                    "its central record holds an end-of-archive record");
    }
    entry.compressed_size = compressed;
    entry.size = size;
    // Stash the local offset in data_offset until check_local replaces it.
    entry.data_offset = local_offset;
    entries.push_back(std::move(entry));
    at += record;
  }
  if (at != cd_end) {
    return refuse(errc::bundle_extra_data, "",
                  "the central directory holds bytes beyond its declared entries");
  }

  std::vector<Extent> extents(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    extents[i].index = i;
    RM_RETURN_IF_ERROR(
        check_local(bytes, cd_offset, entries[i].data_offset, &entries[i], &extents[i]));
  }
  std::sort(extents.begin(), extents.end(),
            [](const Extent& a, const Extent& b) { return a.start < b.start; });
  std::uint64_t expected = 0;
  for (const Extent& extent : extents) {
    const std::string& name = entries[extent.index].name;
    if (extent.start < expected) {
      return refuse(errc::bundle_layout_invalid, name, "overlaps another entry");
    }
    if (extent.start > expected) {
      return refuse(errc::bundle_extra_data, name,
                    expected == 0 ? "bytes precede the first entry (prepended data)"
                                  : "bytes no entry accounts for precede it");
    }
    expected = extent.end;
  }
  if (expected != cd_offset) {
    return refuse(errc::bundle_extra_data, "",
                  "bytes no entry accounts for precede the central directory");
  }
  return entries;
}

}  // namespace remotemedia::pkg
