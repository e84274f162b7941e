#include "core/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace remotemedia {
namespace {

std::string encode(const std::string& text) {
  std::string out;
  append_base64(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), out);
  return out;
}

bool decodes_to(const std::string& b64, const std::string& expected) {
  Buffer buffer;
  if (!decode_base64(b64, &buffer)) return false;
  return std::string(reinterpret_cast<const char*>(buffer.data()), buffer.size()) == expected;
}

TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(encode(""), "");
  EXPECT_EQ(encode("f"), "Zg==");
  EXPECT_EQ(encode("fo"), "Zm8=");
  EXPECT_EQ(encode("foo"), "Zm9v");
  EXPECT_EQ(encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(encode("\xff\xfe\xfd"), "//79");
}

TEST(Base64, DecodesWhatItEncodes) {
  for (const char* text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    EXPECT_TRUE(decodes_to(encode(text), text)) << text;
  }
}

TEST(Base64, RejectsNonCanonicalOrDamagedText) {
  Buffer buffer;
  EXPECT_FALSE(decode_base64("Zg=", &buffer));     // length not a multiple of 4
  EXPECT_FALSE(decode_base64("Zh==", &buffer));    // non-zero trailing bits
  EXPECT_FALSE(decode_base64("Zm9v\n", &buffer));  // whitespace
  EXPECT_FALSE(decode_base64("Zm=v", &buffer));    // padding in the middle
  EXPECT_FALSE(decode_base64("====", &buffer));
  EXPECT_FALSE(decode_base64("Zm9*", &buffer));
  EXPECT_FALSE(decode_base64("Zg==Zg==", &buffer));  // padding before the end
}

}  // namespace
}  // namespace remotemedia
