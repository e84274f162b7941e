#include "pkg/stdlib_subset.h"

#include <gtest/gtest.h>
#include <zip.h>

#include "pkg/bundle_reader.h"

namespace remotemedia::pkg {
namespace {

TEST(StdlibSubset, ModuleNames) {
  EXPECT_EQ(module_of_entry("re/__init__.pyc"), "re");
  EXPECT_EQ(module_of_entry("re/_parser.pyc"), "re._parser");
  EXPECT_EQ(module_of_entry("abc.pyc"), "abc");
  EXPECT_EQ(module_of_entry("README"), "");
  EXPECT_EQ(module_of_entry(".pyc"), "");
}

std::string make_zip(const std::vector<std::string>& names) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  zip_source_keep(src);
  for (const std::string& name : names) {
    zip_file_add(za, name.c_str(), zip_source_buffer(za, name.data(), name.size(), 0), 0);
  }
  zip_close(za);
  zip_stat_t st;
  zip_source_stat(src, &st);
  zip_source_open(src);
  std::string bytes(st.size, '\0');
  zip_source_read(src, bytes.data(), bytes.size());
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&error);
  return bytes;
}

TEST(StdlibSubset, KeepsWantedModulesAndTheirPackages) {
  std::string full = make_zip({"abc.pyc", "re/__init__.pyc", "re/_parser.pyc", "json/__init__.pyc",
                               "encodings/__init__.pyc", "encodings/utf_8.pyc"});
  Result<std::string> subset = subset_stdlib_zip(full, {"re._parser", "encodings.utf_8"});
  ASSERT_TRUE(subset.is_ok()) << subset.error().message;
  zip_error_t error;
  zip_source_t* src = zip_source_buffer_create(subset->data(), subset->size(), 0, &error);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &error);
  ASSERT_NE(za, nullptr);
  std::set<std::string> names;
  for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i) {
    names.insert(zip_get_name(za, static_cast<zip_uint64_t>(i), 0));
  }
  zip_discard(za);
  EXPECT_EQ(names, (std::set<std::string>{"re/__init__.pyc", "re/_parser.pyc",
                                          "encodings/__init__.pyc", "encodings/utf_8.pyc"}));
  EXPECT_FALSE(subset_stdlib_zip("nope", {}).is_ok());
}

}  // namespace
}  // namespace remotemedia::pkg
