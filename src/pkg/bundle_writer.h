// Writing a .rmpkg bundle: adds meta/checksums.json (SHA-256 of every other file) and, given a
// secret key, meta/signature; entries get a fixed timestamp and mode so the bytes depend only on
// the contents.
#pragma once

#include <map>
#include <string>

#include "remotemedia/status.h"

namespace remotemedia::pkg {

// What may already be at a bundle's output path.
enum class ExistingOutput {
  kRefuse,              // nothing may be there (pack without --force)
  kReplaceRegularFile,  // a regular file is replaced (pack --force); anything else is refused
};

// bundle_write_failed unless `path` may be written under `existing`: it does not exist, or it is
// a regular file (not a link to one) and kReplaceRegularFile allows replacing it. A directory,
// device, FIFO, socket or symbolic link is never replaced.
Status check_output_path(const std::string& path, ExistingOutput existing);

// `files` maps entry names (validated with validate_entry_name) to contents; it must not contain
// meta/checksums.json or meta/signature. `secret_key` is raw (64 bytes) or empty for unsigned.
// Checks `path` with check_output_path first. The archive is written beside `path` and renamed
// over it when complete (libzip), so a failure leaves whatever was there untouched.
Status write_bundle(const std::string& path, const std::map<std::string, std::string>& files,
                    const std::string& secret_key, ExistingOutput existing);

// Versions of the libraries the format relies on, for meta/provenance.json.
std::string libzip_version();
std::string libsodium_version();

}  // namespace remotemedia::pkg
