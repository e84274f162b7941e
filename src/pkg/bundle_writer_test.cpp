#include "pkg/bundle_writer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
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
  ASSERT_TRUE(write_bundle(a, files, "", ExistingOutput::kRefuse).is_ok());
  ASSERT_TRUE(write_bundle(b, files, "", ExistingOutput::kRefuse).is_ok());
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
  ASSERT_TRUE(
      write_bundle(path, {{"manifest.json", kManifest}}, pair.secret_key, ExistingOutput::kRefuse)
          .is_ok());
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
  EXPECT_FALSE(write_bundle(path, {{"../x", "1"}}, "", ExistingOutput::kRefuse).is_ok());
  EXPECT_FALSE(
      write_bundle(path, {{"meta/checksums.json", "1"}}, "", ExistingOutput::kRefuse).is_ok());
}

TEST(BundleWriter, ReplacesOnlyARegularFileAndOnlyWhenAsked) {
  std::map<std::string, std::string> files{{"manifest.json", kManifest}};
  std::string path = temp_path("existing.rmpkg");
  { std::ofstream(path) << "precious"; }
  Status refused = write_bundle(path, files, "", ExistingOutput::kRefuse);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.error().code, "bundle_write_failed");
  EXPECT_NE(refused.error().message.find("--force"), std::string::npos);
  EXPECT_EQ(slurp(path), "precious");
  ASSERT_TRUE(write_bundle(path, files, "", ExistingOutput::kReplaceRegularFile).is_ok());
  EXPECT_TRUE(read_bundle_file(path, {}).is_ok());
  std::remove(path.c_str());

  // A directory, a symbolic link (even to a regular file) and a FIFO are never replaced.
  std::string dir = temp_path("dir.rmpkg");
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  std::string target = temp_path("target");
  { std::ofstream(target) << "kept"; }
  std::string link = temp_path("link.rmpkg");
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  std::string fifo = temp_path("fifo.rmpkg");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& other : {dir, link, fifo}) {
    Status kept = write_bundle(other, files, "", ExistingOutput::kReplaceRegularFile);
    ASSERT_FALSE(kept.is_ok()) << other;
    EXPECT_NE(kept.error().message.find("not a regular file"), std::string::npos);
  }
  struct stat st {};
  EXPECT_EQ(lstat(link.c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  EXPECT_EQ(slurp(target), "kept");
  rmdir(dir.c_str());
  std::remove(link.c_str());
  std::remove(target.c_str());
  std::remove(fifo.c_str());
}

}  // namespace
}  // namespace remotemedia::pkg
