#include "pkg/bundle_files.h"
#include "pkg/tree_removal.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "pkg/checksums.h"

namespace remotemedia::pkg {
namespace {

const char* kManifest =
    R"({"format": "rmpkg/1", "runtime_target": "native", "pipeline": {"manifest": {}}})";

struct Entry {
  std::string name;
  std::string data;
  unsigned mode = 0;  // 0: a file's mode, or a directory's for a name ending in '/'
  bool encrypt = false;
};

// Crafts a ZIP with libzip; `checksummed` adds a correct meta/checksums.json for all entries.
std::string craft(std::vector<Entry> entries, bool checksummed = true) {
  if (checksummed) {
    std::map<std::string, std::string> digests;
    for (const Entry& e : entries) {
      if (e.name.back() != '/') digests[e.name] = sha256_hex(e.data);
    }
    entries.push_back({"meta/checksums.json", checksums_json(digests)});
  }
  std::string path = ::testing::TempDir() + "/craft" + std::to_string(getpid()) + ".zip";
  std::remove(path.c_str());
  int err = 0;
  zip_t* za = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  EXPECT_NE(za, nullptr);
  for (const Entry& e : entries) {
    zip_source_t* src = zip_source_buffer(za, e.data.data(), e.data.size(), 0);
    zip_int64_t i = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_RAW);
    EXPECT_GE(i, 0) << e.name;
    auto index = static_cast<zip_uint64_t>(i);
    unsigned mode = e.mode != 0 ? e.mode : e.name.back() == '/' ? S_IFDIR | 0755 : S_IFREG | 0644;
    zip_file_set_external_attributes(za, index, 0, ZIP_OPSYS_UNIX,
                                     static_cast<zip_uint32_t>(mode) << 16);
    if (e.encrypt) zip_file_set_encryption(za, index, ZIP_EM_AES_256, "secret");
  }
  EXPECT_EQ(zip_close(za), 0);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::remove(path.c_str());
  return ss.str();
}

std::string code_of(const std::string& bytes, const ReadOptions& options = {}) {
  Result<Bundle> bundle = read_bundle(bytes, options);
  return bundle.is_ok() ? "ok" : bundle.error().code;
}

TEST(BundleReader, AcceptsAMinimalBundle) {
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}, {"nodes/", ""}})), "ok");
}

TEST(BundleReader, EntryNames) {
  for (const char* bad : {"../x", "a/../../x", "/etc/x", "C:/x", "a\\..\\x", "./x", "a//b", ""}) {
    Status status = validate_entry_name(bad);
    ASSERT_FALSE(status.is_ok()) << bad;
    EXPECT_EQ(status.error().code, "bundle_entry_escapes");
  }
  EXPECT_TRUE(validate_entry_name("nodes/a.py").is_ok());
  EXPECT_TRUE(validate_entry_name("nodes/").is_ok());
  EXPECT_TRUE(validate_entry_name("..a/b..").is_ok());
}

TEST(BundleReader, RefusesEscapingEntries) {
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}, {"../evil", "x"}})),
            "bundle_entry_escapes");
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}, {"/tmp/evil", "x"}})),
            "bundle_entry_escapes");
}

TEST(BundleReader, RefusesSymlinksDuplicatesAndEncryption) {
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}, {"link", "/etc/passwd", S_IFLNK | 0777}})),
            "bundle_symlink");
  // libzip will not write a duplicate name: write two, then rename one in the raw bytes.
  std::string twins = craft({{"manifest.json", kManifest}, {"dup1", "1"}, {"dup2", "2"}});
  for (std::size_t at = twins.find("dup2"); at != std::string::npos; at = twins.find("dup2", at))
    twins[at + 3] = '1';
  EXPECT_EQ(code_of(twins), "bundle_duplicate_entry");
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}, {"a", "1"}, {"a/b", "2"}})),
            "bundle_duplicate_entry");
  Entry secret{"a", "1"};
  secret.encrypt = true;
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}, secret})), "bundle_encrypted");
}

TEST(BundleReader, RefusesBombs) {
  std::string zeros(8u << 20, '\0');
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}, {"zeros", zeros}})),
            "bundle_ratio_exceeded");
  ReadOptions small;
  small.limits.max_total_bytes = 1000;
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}, {"big", std::string(2000, 'x')}}), small),
            "bundle_too_large");
}

TEST(BundleReader, RefusesContentProblems) {
  EXPECT_EQ(code_of("not a zip"), "bundle_unreadable");
  EXPECT_EQ(code_of(craft({{"nodes/a.py", "x"}})), "bundle_missing_manifest");
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}}, false)), "bundle_checksum_mismatch");
  std::string manifest_only =
      std::string("{\"algorithm\": \"sha256\", \"files\": {\"manifest.json\": \"") +
      sha256_hex(kManifest) + "\"}}";
  EXPECT_EQ(
      code_of(craft(
          {{"manifest.json", kManifest}, {"meta/checksums.json", manifest_only}, {"extra", "x"}},
          false)),
      "bundle_unlisted_file");
  std::string wrong = std::string("{\"algorithm\": \"sha256\", \"files\": {\"manifest.json\": \"") +
                      sha256_hex("other") + "\"}}";
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}, {"meta/checksums.json", wrong}}, false)),
            "bundle_checksum_mismatch");
  EXPECT_EQ(code_of(craft({{"manifest.json", R"({"runtime_target": "x86", "pipeline": {}})"}})),
            "bundle_wrong_target");
  ReadOptions wasm;
  wasm.expected_target = "wasm32-wasi";
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}}), wasm), "bundle_wrong_target");
  ReadOptions keyed;
  keyed.public_key = std::string(32, 'k');
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}}), keyed), "bundle_signature_missing");
}

TEST(BundleReader, RefusesCrcMismatch) {
  std::string payload(64, 'A');
  std::string bytes = craft({{"manifest.json", kManifest}, {"data", payload}});
  // Deflated 'A'*64 is tiny; flip the stored CRC instead, in the central record and the local
  // header alike (a local header that disagrees is a layout defect of its own).
  for (std::size_t at = bytes.find("PK\x01\x02"); at != std::string::npos;
       at = bytes.find("PK\x01\x02", at + 4)) {
    if (bytes.compare(at + 46, 4, "data") == 0) {
      bytes[at + 16] = static_cast<char>(bytes[at + 16] ^ 0x55);
    }
  }
  for (std::size_t at = bytes.find("PK\x03\x04"); at != std::string::npos;
       at = bytes.find("PK\x03\x04", at + 4)) {
    if (bytes.compare(at + 30, 4, "data") == 0) {
      bytes[at + 14] = static_cast<char>(bytes[at + 14] ^ 0x55);
    }
  }
  EXPECT_EQ(code_of(bytes), "bundle_crc_mismatch");
}

// Item 15: verify refuses, with the same rules and code as extraction, what cannot be extracted.
TEST(BundleReader, NameLengthRules) {
  std::string component(255, 'c');
  EXPECT_TRUE(validate_entry_name("nodes/" + component).is_ok());
  EXPECT_EQ(validate_entry_name("nodes/" + component + "c").error().code, "bundle_name_too_long");
  std::string long_name;
  while (long_name.size() + 100 <= kMaxEntryNameBytes) long_name += std::string(99, 'd') + "/";
  long_name += std::string(kMaxEntryNameBytes - long_name.size(), 'e');
  EXPECT_TRUE(validate_entry_name(long_name).is_ok());
  EXPECT_EQ(validate_entry_name(long_name + "e").error().code, "bundle_name_too_long");
  std::string name_1010;
  for (int i = 0; i < 10; ++i) name_1010 += std::string(100, 'f') + "/";
  name_1010 += "g.py";
  ASSERT_EQ(name_1010.size(), 1014u);
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}, {name_1010, "x"}})),
            "bundle_name_too_long");
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}, {"nodes/" + component + "c", "x"}})),
            "bundle_name_too_long");
}

// Item 13: the archive must be exactly what every ZIP reader sees.
TEST(BundleReader, RefusesAppendedAndPrependedData) {
  std::string bundle = craft({{"manifest.json", kManifest}});
  ASSERT_EQ(code_of(bundle), "ok");
  std::string second = craft({{"manifest.json", kManifest}, {"nodes/evil.py", "import os"}});
  EXPECT_EQ(code_of(bundle + second), "bundle_extra_data");
  EXPECT_EQ(code_of("#!/bin/sh\n" + bundle), "bundle_extra_data");
  EXPECT_EQ(code_of(bundle + "\n"), "bundle_extra_data");
}

// Item 11 (bundle side): a bundled runtime module is checked like the host's.
TEST(BundleReader, ChecksABundledRuntimeModule) {
  std::string corrupt("\0asm\1\0\0\0\x07\x7f", 10);
  Result<Bundle> bundle =
      read_bundle(craft({{"manifest.json", kManifest}, {kRuntimeModuleName, corrupt}}), {});
  ASSERT_FALSE(bundle.is_ok());
  EXPECT_EQ(bundle.error().code, "invalid_runtime_module");
  EXPECT_EQ(bundle.error().category, ErrorCategory::kInvalidInput);
  const char kModule[] = "\0asm\1\0\0\0\x07\x1b\x02\x06memory\x02\x00\x0erm_abi_version\x00\x00";
  std::string module(kModule, sizeof kModule - 1);
  EXPECT_EQ(code_of(craft({{"manifest.json", kManifest}, {kRuntimeModuleName, module}})), "ok");
}

TEST(BundleReader, ExtractsIntoAFreshPrivateDirectory) {
  Result<Bundle> bundle =
      read_bundle(craft({{"manifest.json", kManifest}, {"nodes/deep/a.py", "x = 1\n"}}), {});
  ASSERT_TRUE(bundle.is_ok()) << bundle.error().message;
  Result<std::string> root = extract_bundle(*bundle);
  ASSERT_TRUE(root.is_ok()) << root.error().message;
  struct stat st;
  ASSERT_EQ(stat(root->c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  std::ifstream in(*root + "/nodes/deep/a.py");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "x = 1");
  EXPECT_TRUE(remove_tree(*root).is_ok());
  EXPECT_NE(stat(root->c_str(), &st), 0);
}

TEST(BundleReader, StopsWhenTheCallerSaysSo) {
  // 4 MiB of zeros inflates in 64 steps of 64 KiB: the check runs inside that entry (about every
  // MiB), not only between the three entries and before the two hashes.
  std::string bytes =
      craft({{"manifest.json", kManifest}, {"models/zeros.bin", std::string(4 << 20, '\0')}});
  int calls = 0;
  ReadOptions options;
  options.limits.max_ratio = 10000;
  options.keep_going = [&calls]() -> Status {
    ++calls;
    return Status::ok();
  };
  ASSERT_TRUE(read_bundle(bytes, options).is_ok());
  EXPECT_GE(calls, 3 + 2 + 4);

  const int stop_at = calls / 2;
  calls = 0;
  options.keep_going = [&calls, stop_at]() -> Status {
    return ++calls == stop_at ? Status(run_failure(errc::timeout, "deadline")) : Status::ok();
  };
  Result<Bundle> bundle = read_bundle(bytes, options);
  ASSERT_FALSE(bundle.is_ok());
  EXPECT_EQ(bundle.error().code, "timeout");
  EXPECT_EQ(calls, stop_at);
}

TEST(BundleReader, AStoppedExtractionLeavesNothing) {
  Result<Bundle> bundle =
      read_bundle(craft({{"manifest.json", kManifest}, {"nodes/a.py", "x = 1\n"}}), {});
  ASSERT_TRUE(bundle.is_ok()) << bundle.error().message;
  std::string tmp = ::testing::TempDir() + "/stopped" + std::to_string(getpid());
  ASSERT_EQ(mkdir(tmp.c_str(), 0700), 0);
  const char* saved = std::getenv("TMPDIR");
  std::string saved_value = saved != nullptr ? saved : "";
  setenv("TMPDIR", tmp.c_str(), 1);
  int calls = 0;
  Result<std::string> root = extract_bundle(*bundle, [&calls]() -> Status {
    return ++calls > 1 ? Status(run_failure(errc::interrupted, "stop")) : Status::ok();
  });
  if (saved != nullptr) {
    setenv("TMPDIR", saved_value.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  ASSERT_FALSE(root.is_ok());
  EXPECT_EQ(root.error().code, "interrupted");
  EXPECT_EQ(rmdir(tmp.c_str()), 0) << "the extraction directory was left behind";
}

}  // namespace
}  // namespace remotemedia::pkg
