// meta/checksums.json: the SHA-256 of every other file in a .rmpkg bundle (docs/rmpkg.md).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "remotemedia/status.h"

namespace remotemedia::pkg {

// Lower-case hex SHA-256 of `data` (libsodium).
std::string sha256_hex(std::string_view data);

// {"algorithm": "sha256", "files": {"name": "hex", ...}} with names sorted; deterministic bytes.
std::string checksums_json(const std::map<std::string, std::string>& name_to_hex);

// Parses checksums_json()'s format; fails with bundle_checksum_mismatch on anything else.
Result<std::map<std::string, std::string>> parse_checksums(std::string_view text);

}  // namespace remotemedia::pkg
