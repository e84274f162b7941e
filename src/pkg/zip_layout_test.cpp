#include "pkg/zip_layout.h"

#include <gtest/gtest.h>

#include "pkg/entry_inflate.h"
#include "pkg/zip_test_support.h"

namespace remotemedia::pkg {
namespace {

using testing::raw_zip;
using testing::RawZip;
using testing::set32;

std::string code_of(const std::string& bytes) {
  Result<std::vector<ZipEntry>> entries = read_zip_layout(bytes, 100);
  return entries.is_ok() ? "ok" : entries.error().code;
}

RawZip two() {
  return raw_zip({{"a.txt", "alpha alpha alpha"}, {"b.txt", "beta", false}});
}

TEST(ZipLayout, ReadsAWellFormedArchive) {
  RawZip zip = two();
  Result<std::vector<ZipEntry>> entries = read_zip_layout(zip.bytes, 100);
  ASSERT_TRUE(entries.is_ok()) << entries.error().message;
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].name, "a.txt");
  EXPECT_EQ((*entries)[0].method, 8);
  EXPECT_EQ((*entries)[0].size, 17u);
  EXPECT_EQ((*entries)[1].data_offset, zip.local[1] + 30 + 5);
  EXPECT_EQ((*entries)[1].made_by_os, 3);
  EXPECT_EQ(code_of(raw_zip({}).bytes), "ok");
}

TEST(ZipLayout, RefusesWhatIsNotAZip) {
  EXPECT_EQ(code_of(""), "bundle_unreadable");
  EXPECT_EQ(code_of("PK\x03\x04 not really"), "bundle_unreadable");
  RawZip zip = two();
  EXPECT_EQ(code_of(zip.bytes.substr(0, zip.bytes.size() / 2)), "bundle_unreadable");
}

// Item 12: a central directory that lies about compressed sizes or offsets.
TEST(ZipLayout, RefusesADeclaredCompressedSizePastTheFile) {
  RawZip zip = two();
  set32(&zip.bytes, zip.central[0] + 20, 0x7FFFFFF0);
  set32(&zip.bytes, zip.local[0] + 18, 0x7FFFFFF0);
  EXPECT_EQ(code_of(zip.bytes), "bundle_layout_invalid");
  RawZip central_only = two();
  set32(&central_only.bytes, central_only.central[0] + 20, 0x7FFFFFF0);
  EXPECT_EQ(code_of(central_only.bytes), "bundle_layout_invalid");
}

TEST(ZipLayout, RefusesOverlappingEntries) {
  // Two central records pointing at one local header (the overlapping-file zip bomb).
  RawZip zip = raw_zip({{"a", "same data"}, {"a", "same data"}});
  set32(&zip.bytes, zip.central[1] + 42, static_cast<std::uint32_t>(zip.local[0]));
  EXPECT_EQ(code_of(zip.bytes), "bundle_layout_invalid");
  RawZip outside = two();
  set32(&outside.bytes, outside.central[1] + 42, static_cast<std::uint32_t>(outside.central[0]));
  EXPECT_EQ(code_of(outside.bytes), "bundle_layout_invalid");
}

TEST(ZipLayout, RefusesALocalHeaderThatDisagrees) {
  RawZip zip = two();
  zip.bytes[zip.local[1] + 30] = 'c';  // local name "c.txt"
  EXPECT_EQ(code_of(zip.bytes), "bundle_layout_invalid");
  RawZip crc = two();
  crc.bytes[crc.local[0] + 14] ^= 1;
  EXPECT_EQ(code_of(crc.bytes), "bundle_layout_invalid");
}

// Item 13: bytes the central directory does not account for.
TEST(ZipLayout, RefusesTrailingBytesAndComments) {
  RawZip zip = two();
  EXPECT_EQ(code_of(zip.bytes + "trailing"), "bundle_extra_data");
  std::string commented = zip.bytes;
  commented[zip.eocd + 20] = 6;
  commented += "hidden";
  EXPECT_EQ(code_of(commented), "bundle_extra_data");
  EXPECT_EQ(code_of(zip.bytes + raw_zip({{"evil.py", "import os"}}).bytes), "bundle_extra_data");
}

TEST(ZipLayout, RefusesPrependedBytes) {
  RawZip zip = two();
  EXPECT_EQ(code_of("#!/bin/sh\nexit 0\n" + zip.bytes), "bundle_extra_data");
  // ... also with every offset adjusted (what `zip -A` does).
  std::string stub = "#!/bin/sh\n";
  std::string adjusted = stub + zip.bytes;
  for (std::size_t at : zip.central) {
    std::size_t field = stub.size() + at + 42;
    set32(&adjusted, field,
          testing::get32(adjusted, field) + static_cast<std::uint32_t>(stub.size()));
  }
  std::size_t cd_field = stub.size() + zip.eocd + 16;
  set32(&adjusted, cd_field,
        testing::get32(adjusted, cd_field) + static_cast<std::uint32_t>(stub.size()));
  EXPECT_EQ(code_of(adjusted), "bundle_extra_data");
}

TEST(ZipLayout, RefusesGapsBetweenEntries) {
  RawZip zip = two();
  std::string gap = zip.bytes.substr(0, zip.local[1]) + "HIDDEN" + zip.bytes.substr(zip.local[1]);
  set32(&gap, zip.central[1] + 6 + 42, static_cast<std::uint32_t>(zip.local[1] + 6));
  set32(&gap, zip.eocd + 6 + 16, static_cast<std::uint32_t>(zip.central[0] + 6));
  EXPECT_EQ(code_of(gap), "bundle_extra_data");
}

TEST(ZipLayout, RefusesAZip64EndRecord) {
  RawZip zip = two();
  // A ZIP64 end record and locator between the central directory and the end record.
  std::string zip64 = std::string("PK\x06\x06", 4) + std::string(52, '\0') +
                      std::string("PK\x06\x07", 4) + std::string(16, '\0');
  std::string bytes = zip.bytes.substr(0, zip.eocd) + zip64 + zip.bytes.substr(zip.eocd);
  EXPECT_EQ(code_of(bytes), "bundle_extra_data");
  // The same signatures hidden inside a central record's comment.
  RawZip commented = raw_zip({{"a", "x"}});
  std::string c = commented.bytes;
  c[commented.central[0] + 32] = 4;
  c.insert(commented.eocd, "PK\x06\x07", 4);
  set32(&c, commented.eocd + 4 + 12,
        static_cast<std::uint32_t>(commented.eocd + 4 - commented.central[0]));
  EXPECT_EQ(code_of(c), "bundle_extra_data");
}

TEST(ZipLayout, RefusesTooManyEntries) {
  RawZip zip = two();
  EXPECT_EQ(read_zip_layout(zip.bytes, 1).error().code, "bundle_too_large");
}

TEST(ZipLayout, RefusesZip64Markers) {
  RawZip zip = two();
  set32(&zip.bytes, zip.central[0] + 24, 0xFFFFFFFF);
  EXPECT_EQ(code_of(zip.bytes), "bundle_unreadable");
}

}  // namespace
}  // namespace remotemedia::pkg

namespace remotemedia::pkg {
namespace {

// Every single-byte change and every truncation of a small archive is either refused or yields
// entries whose data lies inside the archive (and inflates without reading outside it).
TEST(ZipLayout, SurvivesEverySingleByteMutationAndTruncation) {
  std::string original = two().bytes;
  auto probe = [](const std::string& bytes) {
    Result<std::vector<ZipEntry>> entries = read_zip_layout(bytes, 100);
    if (!entries) return;
    for (const ZipEntry& e : *entries) {
      ASSERT_LE(e.data_offset + e.compressed_size, bytes.size());
      std::string out;
      (void)inflate_entry(bytes, e, InflateBounds{}, &out);
      ASSERT_LE(out.size(), e.size);
    }
  };
  for (std::size_t at = 0; at < original.size(); ++at) {
    for (unsigned char value : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
      std::string mutated = original;
      mutated[at] = static_cast<char>(value);
      probe(mutated);
    }
    probe(original.substr(0, at));
  }
}

}  // namespace
}  // namespace remotemedia::pkg
