#include "pkg/signing.h"

#include <gtest/gtest.h>

namespace remotemedia::pkg {
namespace {

TEST(Signing, KeyFilesRoundTrip) {
  KeyPair pair = generate_keypair();
  ASSERT_EQ(pair.public_key.size(), 32u);
  ASSERT_EQ(pair.secret_key.size(), 64u);
  Result<std::string> pub = parse_public_key(format_public_key(pair.public_key));
  Result<std::string> sec = parse_secret_key(format_secret_key(pair.secret_key));
  ASSERT_TRUE(pub.is_ok());
  ASSERT_TRUE(sec.is_ok());
  EXPECT_EQ(*pub, pair.public_key);
  EXPECT_EQ(*sec, pair.secret_key);
  EXPECT_FALSE(parse_public_key(format_secret_key(pair.secret_key)).is_ok());
  EXPECT_FALSE(parse_secret_key("rmpkg-ed25519-secret AAAA\n").is_ok());
}

TEST(Signing, VerifiesOnlyTheSignedMessageWithTheRightKey) {
  KeyPair pair = generate_keypair();
  KeyPair other = generate_keypair();
  std::string sig = sign("checksums", pair.secret_key);
  EXPECT_TRUE(verify_signature("checksums", sig, pair.public_key).is_ok());
  Status tampered = verify_signature("checksumz", sig, pair.public_key);
  ASSERT_FALSE(tampered.is_ok());
  EXPECT_EQ(tampered.error().code, "bundle_signature_invalid");
  EXPECT_FALSE(verify_signature("checksums", sig, other.public_key).is_ok());
  EXPECT_FALSE(verify_signature("checksums", "not base64!", pair.public_key).is_ok());
}

}  // namespace
}  // namespace remotemedia::pkg
