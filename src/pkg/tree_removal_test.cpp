#include "pkg/tree_removal.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <string>

namespace remotemedia::pkg {
namespace {

bool exists(const std::string& path) {
  struct stat info {};
  return lstat(path.c_str(), &info) == 0;
}

std::string temp_dir() {
  char pattern[] = "/tmp/tree_removal_test_XXXXXX";
  const char* dir = mkdtemp(pattern);
  return dir == nullptr ? std::string() : std::string(dir);
}

TEST(TreeRemovalTest, RemovesATreeDeeperThanPathMax) {
  std::string root = temp_dir();
  ASSERT_FALSE(root.empty());
  std::string name(200, 'd');
  int fd = open(root.c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  std::size_t depth = 2 * PATH_MAX / name.size();
  for (std::size_t i = 0; i < depth; ++i) {
    ASSERT_EQ(mkdirat(fd, name.c_str(), 0700), 0);
    int sub = openat(fd, name.c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(sub, 0);
    close(fd);
    fd = sub;
  }
  int file = openat(fd, "f", O_WRONLY | O_CREAT, 0600);
  ASSERT_GE(file, 0);
  close(file);
  fchmod(fd, 0500);  // a node may take its own write permission away
  close(fd);
  Status removed = remove_tree(root);
  EXPECT_TRUE(removed.is_ok()) << removed.error().message;
  EXPECT_FALSE(exists(root));
}

TEST(TreeRemovalTest, RemovesSymlinksNotTheirTargets) {
  std::string outside = temp_dir();
  std::string root = temp_dir();
  ASSERT_EQ(close(open((outside + "/keep").c_str(), O_WRONLY | O_CREAT, 0600)), 0);
  ASSERT_EQ(symlink(outside.c_str(), (root + "/link").c_str()), 0);
  ASSERT_EQ(mkdir((root + "/sub").c_str(), 0700), 0);
  ASSERT_EQ(symlink((outside + "/keep").c_str(), (root + "/sub/filelink").c_str()), 0);
  EXPECT_TRUE(remove_tree(root).is_ok());
  EXPECT_FALSE(exists(root));
  EXPECT_TRUE(exists(outside + "/keep"));
  unlink((outside + "/keep").c_str());
  rmdir(outside.c_str());
}

TEST(TreeRemovalTest, AMissingRootIsNotAnError) {
  EXPECT_TRUE(remove_tree("/tmp/tree_removal_test_does_not_exist").is_ok());
}

}  // namespace
}  // namespace remotemedia::pkg
