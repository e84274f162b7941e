// Writing a .rmpkg bundle: adds meta/checksums.json (SHA-256 of every other file) and, given a
// secret key, meta/signature; entries get a fixed timestamp and mode so the bytes depend only on
// the contents.
#pragma once

#include <map>
#include <string>

#include "remotemedia/status.h"

namespace remotemedia::pkg {

// `files` maps entry names (validated with validate_entry_name) to contents; it must not contain
// meta/checksums.json or meta/signature. `secret_key` is raw (64 bytes) or empty for unsigned.
Status write_bundle(const std::string& path, const std::map<std::string, std::string>& files,
                    const std::string& secret_key);

// Versions of the libraries the format relies on, for meta/provenance.json.
std::string libzip_version();
std::string libsodium_version();

}  // namespace remotemedia::pkg
