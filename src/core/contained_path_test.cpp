#include "core/contained_path.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace remotemedia {
namespace {

class ContainedPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = ::testing::TempDir() + "/contained-XXXXXX";
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    root_ = templ;
    base_ = root_ + "/proj";
    ASSERT_EQ(mkdir(base_.c_str(), 0700), 0);
    ASSERT_EQ(mkdir((base_ + "/nodes").c_str(), 0700), 0);
    ASSERT_EQ(mkdir((root_ + "/outside").c_str(), 0700), 0);
    touch(base_ + "/nodes/good.py");
    touch(root_ + "/outside/evil.py");
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }
  static void touch(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fclose(f);
  }
  void link(const std::string& target, const std::string& at) {
    ASSERT_EQ(symlink(target.c_str(), (base_ + "/" + at).c_str()), 0);
  }
  Containment state(const std::string& relative) {
    return resolve_contained(base_, relative).state;
  }
  std::string root_;
  std::string base_;
};

TEST_F(ContainedPathTest, PlainPathsInsideResolve) {
  ContainedPath found = resolve_contained(base_, "nodes/./good.py");
  EXPECT_EQ(found.state, Containment::kInside);
  EXPECT_EQ(found.path, base_ + "/nodes/good.py");
  EXPECT_EQ(state("nodes/../nodes/good.py"), Containment::kInside);
  EXPECT_EQ(state("nodes/missing.py"), Containment::kMissing);
  EXPECT_EQ(state("nodes/good.py/x"), Containment::kMissing);
}

TEST_F(ContainedPathTest, LexicalEscapesAreOutside) {
  EXPECT_EQ(state("../outside/evil.py"), Containment::kOutside);
  EXPECT_EQ(state("nodes/../../outside/evil.py"), Containment::kOutside);
  EXPECT_EQ(state("missing/../../outside/evil.py"), Containment::kOutside);
  EXPECT_EQ(state(root_ + "/outside/evil.py"), Containment::kOutside);
  EXPECT_EQ(state(""), Containment::kOutside);
  EXPECT_EQ(state("."), Containment::kOutside);
}

TEST_F(ContainedPathTest, SymlinkedDirectoryOutIsOutside) {
  link(root_ + "/outside", "linkdir");
  link("../outside", "rellink");
  EXPECT_EQ(state("linkdir/evil.py"), Containment::kOutside);
  EXPECT_EQ(state("rellink/evil.py"), Containment::kOutside);
}

TEST_F(ContainedPathTest, SymlinkedFileOutIsOutside) {
  link(root_ + "/outside/evil.py", "nodes/evil.py");
  link("../../outside/evil.py", "nodes/evil2.py");
  EXPECT_EQ(state("nodes/evil.py"), Containment::kOutside);
  EXPECT_EQ(state("nodes/evil2.py"), Containment::kOutside);
}

TEST_F(ContainedPathTest, SymlinksThatStayInsideResolve) {
  link("nodes", "alias");
  link("good.py", "nodes/same.py");
  char* real = realpath(base_.c_str(), nullptr);
  ASSERT_NE(real, nullptr);
  link(std::string(real) + "/nodes/good.py", "absolute.py");
  std::free(real);
  ContainedPath found = resolve_contained(base_, "alias/same.py");
  EXPECT_EQ(found.state, Containment::kInside);
  EXPECT_EQ(found.path, base_ + "/nodes/good.py");
  EXPECT_EQ(resolve_contained(base_, "absolute.py").path, base_ + "/nodes/good.py");
}

TEST_F(ContainedPathTest, LinkLoopsAreMissing) {
  link("loop", "loop");
  EXPECT_EQ(state("loop/x.py"), Containment::kMissing);
}

}  // namespace
}  // namespace remotemedia
