#include "pkg/checksums.h"

#include <gtest/gtest.h>

namespace remotemedia::pkg {
namespace {

TEST(Checksums, Sha256OfKnownInput) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Checksums, RoundTripIsSortedAndDeterministic) {
  std::map<std::string, std::string> in{{"b", sha256_hex("b")}, {"a", sha256_hex("a")}};
  std::string text = checksums_json(in);
  EXPECT_LT(text.find("\"a\""), text.find("\"b\""));
  Result<std::map<std::string, std::string>> out = parse_checksums(text);
  ASSERT_TRUE(out.is_ok());
  EXPECT_EQ(*out, in);
}

TEST(Checksums, RejectsMalformed) {
  for (const char* text : {"", "[]", "{\"algorithm\": \"md5\", \"files\": {}}",
                           "{\"algorithm\": \"sha256\", \"files\": {\"a\": \"00\"}}"}) {
    Result<std::map<std::string, std::string>> out = parse_checksums(text);
    ASSERT_FALSE(out.is_ok()) << text;
    EXPECT_EQ(out.error().code, "bundle_checksum_mismatch");
  }
}

}  // namespace
}  // namespace remotemedia::pkg
