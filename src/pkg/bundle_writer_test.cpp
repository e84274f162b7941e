#include "pkg/bundle_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "pkg/bundle_files.h"
#include "pkg/signing.h"

namespace remotemedia::pkg {
namespace {

const char* kManifest =
    R"({"format": "rmpkg/1", "runtime_target": "native", "pipeline": {"manifest": {}}})";

std::string temp_path(const char* name) {
  return ::testing::TempDir() + "/" + name + std::to_string(getpid());
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(BundleWriter, WritesAReadableDeterministicBundle) {
  std::map<std::string, std::string> files{{"manifest.json", kManifest},
                                           {"nodes/a.py", "print(1)\n"}};
  std::string a = temp_path("a.rmpkg");
  std::string b = temp_path("b.rmpkg");
  ASSERT_TRUE(write_bundle(a, files, "").is_ok());
  ASSERT_TRUE(write_bundle(b, files, "").is_ok());
  EXPECT_EQ(slurp(a), slurp(b));
  Result<Bundle> bundle = read_bundle_file(a, {});
  ASSERT_TRUE(bundle.is_ok()) << bundle.error().message;
  EXPECT_EQ(bundle->files.at("nodes/a.py"), "print(1)\n");
  EXPECT_EQ(bundle->runtime_target, "native");
  EXPECT_FALSE(bundle->signed_bundle);
  std::remove(a.c_str());
  std::remove(b.c_str());
}

TEST(BundleWriter, SignedBundleVerifiesWithItsKeyOnly) {
  KeyPair pair = generate_keypair();
  std::string path = temp_path("s.rmpkg");
  ASSERT_TRUE(write_bundle(path, {{"manifest.json", kManifest}}, pair.secret_key).is_ok());
  ReadOptions options;
  options.public_key = pair.public_key;
  Result<Bundle> ok = read_bundle_file(path, options);
  ASSERT_TRUE(ok.is_ok()) << ok.error().message;
  EXPECT_TRUE(ok->signature_verified);
  options.public_key = generate_keypair().public_key;
  Result<Bundle> bad = read_bundle_file(path, options);
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.error().code, "bundle_signature_invalid");
  std::remove(path.c_str());
}

TEST(BundleWriter, RefusesBadNamesAndReservedFiles) {
  std::string path = temp_path("x.rmpkg");
  EXPECT_FALSE(write_bundle(path, {{"../x", "1"}}, "").is_ok());
  EXPECT_FALSE(write_bundle(path, {{"meta/checksums.json", "1"}}, "").is_ok());
}

}  // namespace
}  // namespace remotemedia::pkg
