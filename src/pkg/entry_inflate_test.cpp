#include "pkg/entry_inflate.h"

#include <gtest/gtest.h>

#include "pkg/zip_test_support.h"

namespace remotemedia::pkg {
namespace {

using testing::raw_zip;
using testing::RawEntry;
using testing::RawZip;

std::string code_of(const RawEntry& raw, std::string* data = nullptr) {
  RawZip zip = raw_zip({raw});
  Result<std::vector<ZipEntry>> entries = read_zip_layout(zip.bytes, 10);
  EXPECT_TRUE(entries.is_ok()) << entries.error().message;
  if (!entries) return "layout";
  std::string out;
  Status status = inflate_entry(zip.bytes, (*entries)[0], InflateBounds{}, &out);
  if (data != nullptr) *data = out;
  return status.is_ok() ? "ok" : status.error().code;
}

TEST(EntryInflate, InflatesStoredAndDeflated) {
  std::string data;
  EXPECT_EQ(code_of({"a", "hello, deflate"}, &data), "ok");
  EXPECT_EQ(data, "hello, deflate");
  EXPECT_EQ(code_of({"b", "stored", false}, &data), "ok");
  EXPECT_EQ(data, "stored");
  EXPECT_EQ(code_of({"c", std::string(512u << 10, 'x')}, &data), "ok");  // ~1000:1, < 1 MiB
}

// Item 12: the declared compressed size is honest (the bytes exist) but padded after the end of
// the deflate stream, so that declared sizes look like 100:1 while the stream is ~1000:1.
TEST(EntryInflate, BoundsTheRatioByTheBytesActuallyConsumed) {
  std::string zeros(8u << 20, '\0');
  RawEntry padded{"bomb", zeros, true, std::string(100u << 10, 'p')};
  EXPECT_EQ(code_of(padded), "bundle_ratio_exceeded");
}

TEST(EntryInflate, RefusesBytesAfterTheCompressedStream) {
  EXPECT_EQ(code_of({"a", "small", true, "trailing"}), "bundle_layout_invalid");
}

TEST(EntryInflate, RefusesMoreOrLessDataThanDeclared) {
  RawZip zip = raw_zip({{"a", "0123456789"}});
  Result<std::vector<ZipEntry>> entries = read_zip_layout(zip.bytes, 10);
  ASSERT_TRUE(entries.is_ok());
  ZipEntry entry = (*entries)[0];
  std::string out;
  entry.size = 4;
  EXPECT_EQ(inflate_entry(zip.bytes, entry, {}, &out).error().code, "bundle_too_large");
  EXPECT_LE(out.size(), 4u);
  entry.size = 20;
  EXPECT_EQ(inflate_entry(zip.bytes, entry, {}, &out).error().code, "bundle_unreadable");
  entry.size = 10;
  entry.crc32 ^= 1;
  EXPECT_EQ(inflate_entry(zip.bytes, entry, {}, &out).error().code, "bundle_crc_mismatch");
}

TEST(EntryInflate, RefusesCorruptAndTruncatedStreams) {
  RawZip zip = raw_zip({{"a", std::string(1000, 'q') + "tail"}});
  Result<std::vector<ZipEntry>> entries = read_zip_layout(zip.bytes, 10);
  ASSERT_TRUE(entries.is_ok());
  ZipEntry entry = (*entries)[0];
  std::string out;
  ZipEntry cut = entry;
  cut.compressed_size -= 3;
  EXPECT_EQ(inflate_entry(zip.bytes, cut, {}, &out).error().code, "bundle_unreadable");
  std::string corrupt = zip.bytes;
  corrupt[entry.data_offset] = static_cast<char>(0xff);  // reserved block type
  EXPECT_EQ(inflate_entry(corrupt, entry, {}, &out).error().code, "bundle_unreadable");
  ZipEntry odd = entry;
  odd.method = 12;
  EXPECT_EQ(inflate_entry(zip.bytes, odd, {}, &out).error().code, "bundle_unreadable");
}

}  // namespace
}  // namespace remotemedia::pkg
