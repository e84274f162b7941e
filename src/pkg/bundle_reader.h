// Reading a .rmpkg bundle (docs/rmpkg.md) without trusting it: every entry name, type, size and
// hash is checked in memory before a single byte is written to disk, and extraction only ever
// creates new files inside a fresh private directory. Every refusal is an invalid-input Error
// (exit 2) with one of the bundle_* codes listed in docs/rmpkg.md, naming the entry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia::pkg {

inline constexpr const char* kManifestName = "manifest.json";
inline constexpr const char* kChecksumsName = "meta/checksums.json";
inline constexpr const char* kSignatureName = "meta/signature";
inline constexpr const char* kProvenanceName = "meta/provenance.json";
inline constexpr const char* kRuntimeModuleName = "modules/remotemedia_runtime.wasm";
inline constexpr const char* kStdlibName = "wasi-deps/usr/lib/python311.zip";

struct ReadLimits {
  std::uint64_t max_bundle_bytes = 256ull << 20;  // the .rmpkg file itself
  std::uint64_t max_total_bytes = 512ull << 20;   // sum of declared uncompressed sizes
  std::uint64_t max_entries = 10000;
  std::uint64_t max_ratio = 200;               // uncompressed / compressed, per entry ...
  std::uint64_t ratio_min_bytes = 1ull << 20;  // ... once the entry is at least this large
};

struct ReadOptions {
  ReadLimits limits;
  // Raw 32-byte Ed25519 public key; when set, a valid meta/signature is required.
  std::string public_key;
  // When set ("native" or "wasm32-wasi"), the manifest's runtime_target must equal it.
  std::string expected_target;
  // When set, called between entries, about every MiB an entry inflates and between file hashes;
  // a failed status ends the read with that error (a caller's deadline or interruption).
  std::function<Status()> keep_going;
};

struct Bundle {
  std::map<std::string, std::string> files;  // every regular file, by entry name
  Value manifest;                            // parsed manifest.json (an object)
  std::string runtime_target;
  bool signed_bundle = false;       // meta/signature present
  bool signature_verified = false;  // ... and checked against ReadOptions::public_key
  // The C ABI version modules/remotemedia_runtime.wasm declares (wasm_module_check.h); 0 when
  // the bundle carries no module or the module declares none.
  int runtime_abi_version = 0;
};

// The longest entry name, and the longest component of one, that every reader can extract
// (NAME_MAX is 255 on every POSIX file system we extract to; the total keeps an extraction path
// well below PATH_MAX).
inline constexpr std::size_t kMaxEntryNameBytes = 512;
inline constexpr std::size_t kMaxEntryComponentBytes = 255;

// The one set of name rules, used by the reader (verify, inspect, run), by extraction and by the
// writer: bundle_entry_escapes unless `name` is a relative path of plain components
// ('/'-separated, no '.', '..', empty components, backslashes, ':' or control characters);
// bundle_name_too_long when it is longer than kMaxEntryNameBytes or a component is longer than
// kMaxEntryComponentBytes.
Status validate_entry_name(std::string_view name);

// Reads and checks a whole bundle held in memory. Touches no file: the one reader of every target
// (the CLI, libremotemedia.so and the wasm reactor's rm_bundle_open).
Result<Bundle> read_bundle(std::string_view bytes, const ReadOptions& options);

}  // namespace remotemedia::pkg
