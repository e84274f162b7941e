#include "entry/read_input.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace remotemedia {
namespace {

std::string temp_dir() {
  char pattern[] = "/tmp/read_input_test_XXXXXX";
  const char* dir = mkdtemp(pattern);
  return dir == nullptr ? std::string() : std::string(dir);
}

void write_file(const std::string& path, const std::string& text) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fwrite(text.data(), 1, text.size(), file);
  std::fclose(file);
}

TEST(ReadInputTest, ReadsAFileUpToTheCap) {
  std::string dir = temp_dir();
  write_file(dir + "/doc.json", "0123456789");
  Result<std::string> text = read_input(dir + "/doc.json", 10);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, "0123456789");
  unlink((dir + "/doc.json").c_str());
  rmdir(dir.c_str());
}

TEST(ReadInputTest, OneByteOverTheCapIsInputTooLarge) {
  std::string dir = temp_dir();
  write_file(dir + "/doc.json", "0123456789");
  Result<std::string> text = read_input(dir + "/doc.json", 9);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, "input_too_large");
  EXPECT_EQ(text.error().category, ErrorCategory::kInvalidInput);
  EXPECT_EQ(text.error().message, "'" + dir +
                                      "/doc.json' is larger than 9 bytes (raise the limit with "
                                      "--max-input-bytes)");
  unlink((dir + "/doc.json").c_str());
  rmdir(dir.c_str());
}

TEST(ReadInputTest, AnEndlessDeviceEndsAtTheCap) {
  Result<std::string> text = read_input("/dev/zero", 1000);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, "input_too_large");
}

TEST(ReadInputTest, ADirectoryIsNamedAsOne) {
  std::string dir = temp_dir();
  Result<std::string> text = read_input(dir);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, "io_error");
  EXPECT_EQ(text.error().message, "'" + dir + "' is a directory");
  rmdir(dir.c_str());
}

TEST(ReadInputTest, KeyFilesHaveASmallFixedCap) {
  Result<std::string> text = read_key_file("/dev/zero");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, "input_too_large");
  EXPECT_EQ(text.error().message, "'/dev/zero' is larger than 65536 bytes");
}

}  // namespace
}  // namespace remotemedia
