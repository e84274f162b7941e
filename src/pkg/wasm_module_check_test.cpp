#include "pkg/wasm_module_check.h"

#include <gtest/gtest.h>

#include <string>

namespace remotemedia::pkg {
namespace {

std::string section(unsigned id, const std::string& contents) {
  std::string out(1, static_cast<char>(id));
  out.push_back(static_cast<char>(contents.size()));  // tests keep sections < 128 bytes
  return out + contents;
}

std::string export_entry(const std::string& name, unsigned kind) {
  return std::string(1, static_cast<char>(name.size())) + name + static_cast<char>(kind) + '\0';
}

const std::string kHeader("\0asm\1\0\0\0", 8);
const std::string kExports = section(
    7, std::string(1, '\2') + export_entry("memory", 2) + export_entry("rm_abi_version", 0));

std::string code_of(const std::string& module) {
  Status status = check_wasm_module(module, "m.wasm");
  return status.is_ok() ? "ok" : status.error().code;
}

TEST(WasmModuleCheck, AcceptsTheReactorShape) {
  EXPECT_EQ(code_of(kHeader + section(1, std::string(1, '\0')) + section(0, "\4name") + kExports +
                    section(10, std::string(1, '\0'))),
            "ok");
}

TEST(WasmModuleCheck, RefusesWhatIsNotAModule) {
  EXPECT_EQ(code_of(""), "invalid_runtime_module");  // /dev/null
  EXPECT_EQ(code_of(std::string("\0asm", 4)), "invalid_runtime_module");
  EXPECT_EQ(code_of(std::string("\0asm\2\0\0\0", 8) + kExports), "invalid_runtime_module");
  EXPECT_EQ(code_of("PK\3\4 not wasm at all"), "invalid_runtime_module");
  Status status = check_wasm_module("", "m.wasm");
  EXPECT_EQ(status.error().category, ErrorCategory::kInvalidInput);
  EXPECT_NE(status.error().message.find("m.wasm"), std::string::npos);
}

TEST(WasmModuleCheck, RefusesBadSections) {
  std::string truncated = kHeader + kExports + section(10, "abc");
  truncated.resize(truncated.size() - 2);
  EXPECT_EQ(code_of(truncated), "invalid_runtime_module");
  EXPECT_EQ(code_of(kHeader + kExports + section(14, "")), "invalid_runtime_module");
  EXPECT_EQ(code_of(kHeader + section(10, "") + kExports), "invalid_runtime_module");
  EXPECT_EQ(code_of(kHeader + section(1, "") + section(1, "") + kExports),
            "invalid_runtime_module");
  EXPECT_EQ(code_of(kHeader + section(0, "\7ab") + kExports), "invalid_runtime_module");
  // A section length whose LEB128 never ends.
  EXPECT_EQ(code_of(kHeader + kExports + std::string("\1\xff\xff\xff\xff\xff", 6)),
            "invalid_runtime_module");
}

TEST(WasmModuleCheck, RequiresAbiVersionAndMemoryExports) {
  EXPECT_EQ(code_of(kHeader), "invalid_runtime_module");
  EXPECT_EQ(code_of(kHeader + section(7, std::string(1, '\1') + export_entry("memory", 2))),
            "invalid_runtime_module");
  EXPECT_EQ(code_of(kHeader + section(7, std::string(1, '\1') + export_entry("rm_abi_version", 0))),
            "invalid_runtime_module");
  EXPECT_EQ(code_of(kHeader + section(7, std::string(1, '\2') + export_entry("memory", 0) +
                                             export_entry("rm_abi_version", 0))),
            "invalid_runtime_module");
  EXPECT_EQ(code_of(kHeader + section(7, std::string(1, '\3') + export_entry("memory", 2) +
                                             export_entry("rm_abi_version", 0))),
            "invalid_runtime_module");
}

TEST(WasmModuleCheck, RefusesACommandModule) {
  Status status = check_wasm_module(
      kHeader +
          section(7, std::string(1, '\2') + export_entry("memory", 2) + export_entry("_start", 0)),
      "m.wasm");
  ASSERT_FALSE(status.is_ok());
  EXPECT_NE(status.error().message.find("rm_abi_version"), std::string::npos);
}

TEST(WasmModuleCheck, ReadsTheDeclaredAbiVersion) {
  auto version_of = [](const std::string& module) {
    int version = -1;
    EXPECT_TRUE(check_wasm_module(module, "m.wasm", &version).is_ok());
    return version;
  };
  const std::string name("\x17remotemedia.abi_version", 24);
  EXPECT_EQ(version_of(kHeader + kExports + section(0, name + "2")), 2);
  EXPECT_EQ(version_of(kHeader + kExports + section(0, name + "17")), 17);
  EXPECT_EQ(version_of(kHeader + kExports), 0);
  EXPECT_EQ(version_of(kHeader + kExports + section(0, name + "x2")), 0);
  EXPECT_EQ(version_of(kHeader + kExports + section(0, name)), 0);
}

TEST(WasmModuleCheck, EveryTruncationIsRefused) {
  std::string module = kHeader + section(1, std::string(1, '\0')) + kExports;
  ASSERT_EQ(code_of(module), "ok");
  for (std::size_t n = 0; n < module.size(); ++n) {
    EXPECT_EQ(code_of(module.substr(0, n)), "invalid_runtime_module") << n;
  }
}

}  // namespace
}  // namespace remotemedia::pkg
