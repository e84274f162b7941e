#include "core/utf8.h"

#include <gtest/gtest.h>

namespace remotemedia {
namespace {

TEST(Utf8, KeepsWellFormedTextAndReplacesEachIllFormedByte) {
  EXPECT_EQ(valid_utf8("plain"), "plain");
  EXPECT_EQ(valid_utf8("caf\xc3\xa9 \xf0\x9f\x8e\xb5"), "caf\xc3\xa9 \xf0\x9f\x8e\xb5");
  // A character cut in half (whisper.cpp's byte-level tokens can end mid-character).
  EXPECT_EQ(valid_utf8("a\xe2\x82"), "a\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(valid_utf8("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd") << "overlong";
  EXPECT_EQ(valid_utf8("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd") << "surrogate";
  EXPECT_EQ(valid_utf8(std::string_view("\0x", 2)), std::string("\0x", 2));
}

TEST(Utf8, SequenceLength) {
  EXPECT_EQ(utf8_sequence_length("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_length("\xc3\xa9", 0), 2u);
  EXPECT_EQ(utf8_sequence_length("\xf4\x90\x80\x80", 0), 0u) << "above U+10FFFF";
}

}  // namespace
}  // namespace remotemedia
