#include "remotemedia/resources.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace remotemedia {
namespace {

class ResourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = ::testing::TempDir() + "/resources-XXXXXX";
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    root_ = templ;
    ASSERT_EQ(mkdir((root_ + "/pipeline").c_str(), 0700), 0);
    ASSERT_EQ(mkdir((root_ + "/pipeline/models").c_str(), 0700), 0);
    ASSERT_EQ(mkdir((root_ + "/models").c_str(), 0700), 0);
    write(root_ + "/pipeline/models/vocab.txt", "a b c");
    write(root_ + "/models/tiny.bin", "TINY");
    write(root_ + "/secret", "no");
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }
  static void write(const std::string& path, const std::string& text) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  ResourceLoader loader() {
    return ResourceLoader(&cache_, root_ + "/pipeline", {{"/models", root_ + "/models"}});
  }
  std::string text_of(const Result<Buffer>& bytes) {
    EXPECT_TRUE(bytes.is_ok()) << (bytes ? "" : bytes.error().message);
    if (!bytes) return "";
    return std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  }
  std::string code_of(std::string_view ref) {
    Result<Buffer> bytes = loader().bytes(ref, "$.nodes[0].params.model", "asr");
    if (bytes) return "ok";
    EXPECT_EQ(bytes.error().path, "$.nodes[0].params.model");
    EXPECT_EQ(bytes.error().node_id, "asr");
    EXPECT_EQ(bytes.error().category, ErrorCategory::kInvalidInput);
    return bytes.error().code;
  }

  std::string root_;
  ResourceCache cache_;
};

TEST_F(ResourcesTest, ReadsPipelineFilesMountedFilesAndRegisteredBytes) {
  EXPECT_EQ(text_of(loader().bytes("models/vocab.txt", "$", "n")), "a b c");
  EXPECT_EQ(text_of(loader().bytes("/models/tiny.bin", "$", "n")), "TINY");
  Buffer page = Buffer::copy_of("PAGE", 4);
  ASSERT_TRUE(cache_.add("tiny.en", page).is_ok());
  Result<Buffer> named = loader().bytes("resource:tiny.en", "$", "n");
  EXPECT_EQ(text_of(named), "PAGE");
  EXPECT_EQ(named->data(), page.data()) << "registered bytes are handed out without a copy";
}

TEST_F(ResourcesTest, RefusesWhatIsMissingOrOutsideWithThePathAndNode) {
  EXPECT_EQ(code_of("models/nope.bin"), "resource_not_found");
  EXPECT_EQ(code_of("models"), "resource_not_found") << "a directory is not a resource";
  EXPECT_EQ(code_of(""), "resource_not_found");
  EXPECT_EQ(code_of("resource:never-added"), "resource_not_found");
  EXPECT_EQ(code_of("../secret"), "resource_outside");
  EXPECT_EQ(code_of("/etc/passwd"), "resource_outside");
  EXPECT_EQ(code_of("/models/../secret"), "resource_outside");
  EXPECT_EQ(code_of("/models"), "resource_outside") << "a mount itself names no file";
  ASSERT_EQ(symlink((root_ + "/secret").c_str(), (root_ + "/models/link.bin").c_str()), 0);
  EXPECT_EQ(code_of("/models/link.bin"), "resource_outside");
  EXPECT_FALSE(cache_.add("bad/name", Buffer()).is_ok());
  EXPECT_FALSE(cache_.add("", Buffer()).is_ok());
}

TEST_F(ResourcesTest, PathsOfFilesAndDirectoriesAreContainedAndOfTheKindAsked) {
  using Kind = ResourceLoader::PathKind;
  auto path_of = [this](std::string_view ref, Kind kind) -> std::string {
    Result<std::string> path = loader().path(ref, kind, "$.nodes[0].params.hmm", "asr");
    if (path) return *path;
    EXPECT_EQ(path.error().path, "$.nodes[0].params.hmm");
    EXPECT_EQ(path.error().node_id, "asr");
    return path.error().code;
  };
  EXPECT_EQ(path_of("/models/tiny.bin", Kind::kFile), root_ + "/models/tiny.bin");
  EXPECT_EQ(path_of("models", Kind::kDirectory), root_ + "/pipeline/models");
  EXPECT_EQ(path_of("models/./vocab.txt", Kind::kFile), root_ + "/pipeline/models/vocab.txt");
  EXPECT_EQ(path_of("models", Kind::kFile), "resource_not_found") << "not a file";
  EXPECT_EQ(path_of("/models/tiny.bin", Kind::kDirectory), "resource_not_found");
  EXPECT_EQ(path_of("/models/none", Kind::kDirectory), "resource_not_found");
  ASSERT_TRUE(cache_.add("tiny", Buffer::copy_of("T", 1)).is_ok());
  EXPECT_EQ(path_of("resource:tiny", Kind::kFile), "resource_not_found") << "bytes have no path";
  EXPECT_EQ(path_of("..", Kind::kDirectory), "resource_outside");
  EXPECT_EQ(path_of("/etc", Kind::kDirectory), "resource_outside");
  ASSERT_EQ(symlink(root_.c_str(), (root_ + "/models/up").c_str()), 0);
  EXPECT_EQ(path_of("/models/up", Kind::kDirectory), "resource_outside");
  EXPECT_EQ(path_of("/models/up/secret", Kind::kFile), "resource_outside");
}

TEST_F(ResourcesTest, MountedFilesAreReadOnceUntilTheyChangeAndPipelineFilesEveryTime) {
  Result<Buffer> first = loader().bytes("/models/tiny.bin", "$", "n");
  Result<Buffer> again = loader().bytes("/models/tiny.bin", "$", "n");
  ASSERT_TRUE(first.is_ok() && again.is_ok());
  EXPECT_EQ(first->data(), again->data()) << "one copy per runtime";
  write(root_ + "/models/tiny.bin", "TINY v2");
  EXPECT_EQ(text_of(loader().bytes("/models/tiny.bin", "$", "n")), "TINY v2");
  EXPECT_EQ(text_of(first), "TINY") << "a holder keeps what it loaded";

  Result<Buffer> a = loader().bytes("models/vocab.txt", "$", "n");
  write(root_ + "/pipeline/models/vocab.txt", "x y z");
  EXPECT_EQ(text_of(loader().bytes("models/vocab.txt", "$", "n")), "x y z");
  EXPECT_EQ(text_of(a), "a b c");
}

TEST_F(ResourcesTest, BytesToBuildAnObjectFromAreNotKeptButUseAKeptCopy) {
  Result<Buffer> built_from = loader().bytes_to_build("/models/tiny.bin", "$", "n");
  Result<Buffer> kept = loader().bytes("/models/tiny.bin", "$", "n");
  ASSERT_TRUE(built_from.is_ok() && kept.is_ok());
  EXPECT_EQ(text_of(built_from), "TINY");
  EXPECT_NE(built_from->data(), kept->data()) << "bytes_to_build kept nothing for bytes to find";
  Result<Buffer> again = loader().bytes_to_build("/models/tiny.bin", "$", "n");
  EXPECT_EQ(again->data(), kept->data()) << "a copy already kept is not read again";
  EXPECT_EQ(code_of("/models/nope.bin"), "resource_not_found");
  EXPECT_EQ(loader().bytes_to_build("../secret", "$.x", "n").error().code, "resource_outside");
}

TEST_F(ResourcesTest, ObjectsAreBuiltOncePerRuntimeAndKeyedByTheContent) {
  int builds = 0;
  auto make = [&]() -> Result<std::shared_ptr<const std::string>> {
    ++builds;
    return std::make_shared<const std::string>("model");
  };
  ResourceLoader one = loader();
  ResourceLoader other(&cache_, root_, {{"/models", root_ + "/models"}});
  Result<std::string> id = one.identity("/models/tiny.bin", "$", "n");
  ASSERT_TRUE(id.is_ok());
  EXPECT_EQ(*other.identity("/models/tiny.bin", "$", "n"), *id);
  Result<std::shared_ptr<const std::string>> a = one.object<std::string>("m:" + *id, make);
  Result<std::shared_ptr<const std::string>> b = other.object<std::string>("m:" + *id, make);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_EQ(a->get(), b->get());
  EXPECT_EQ(builds, 1);

  Buffer v1 = Buffer::copy_of("1", 1);
  ASSERT_TRUE(cache_.add("m", v1).is_ok());
  Result<std::string> first = one.identity("resource:m", "$", "n");
  ASSERT_TRUE(cache_.add("m", Buffer::copy_of("2", 1)).is_ok());
  EXPECT_NE(*one.identity("resource:m", "$", "n"), *first) << "a new registration, a new key";

  auto failing = []() -> Result<std::shared_ptr<const std::string>> {
    return invalid_input("bad_model", "not a model");
  };
  EXPECT_EQ(one.object<std::string>("f", failing).error().code, "bad_model");
  EXPECT_TRUE(one.object<std::string>("f", make).is_ok()) << "a failure is not cached";
}

}  // namespace
}  // namespace remotemedia
