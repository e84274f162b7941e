#include "pkg/bundle_reader.h"

#include <set>
#include <vector>

#include "core/json_reader.h"
#include "pkg/checksums.h"
#include "pkg/entry_inflate.h"
#include "pkg/refusal.h"
#include "pkg/signing.h"
#include "pkg/wasm_module_check.h"
#include "pkg/zip_layout.h"

namespace remotemedia::pkg {
namespace {

constexpr std::uint8_t kZipOpsysUnix = 3;
// The Unix file type bits a ZIP's external attributes carry (<< 16): the traditional values,
// whatever the reading host's <sys/stat.h> says.
constexpr unsigned kUnixTypeMask = 0170000;
constexpr unsigned kUnixSymlink = 0120000;
constexpr unsigned kUnixRegular = 0100000;
constexpr unsigned kUnixDirectory = 0040000;
constexpr std::uint32_t kDosDirectoryAttribute = 0x10;
constexpr std::uint16_t kZipMethodAes = 99;

Status check_manifest(Bundle* bundle, const ReadOptions& options) {
  const std::string& text = bundle->files[kManifestName];
  Result<Value> doc = parse_json(text);
  if (!doc || doc->as_map() == nullptr) {
    return refuse(errc::bundle_manifest_invalid, kManifestName,
                  doc ? "not a JSON object" : doc.error().message);
  }
  bundle->manifest = std::move(*doc);
  const Map& top = *bundle->manifest.as_map();
  const Value* target = top.find("runtime_target");
  const std::string* name = target ? target->as_string() : nullptr;
  if (name == nullptr || (*name != "native" && *name != "wasm32-wasi")) {
    return refuse(errc::bundle_wrong_target, kManifestName,
                  "\"runtime_target\" must be \"native\" or \"wasm32-wasi\"");
  }
  bundle->runtime_target = *name;
  if (!options.expected_target.empty() && *name != options.expected_target) {
    return refuse(errc::bundle_wrong_target, kManifestName,
                  "the bundle is built for '" + *name + "', not '" + options.expected_target + "'");
  }
  const Value* pipeline = top.find("pipeline");
  if (pipeline == nullptr || pipeline->as_map() == nullptr) {
    return refuse(errc::bundle_manifest_invalid, kManifestName, "\"pipeline\" must be an object");
  }
  return Status::ok();
}

}  // namespace

Status validate_entry_name(std::string_view name) {
  std::string shown = printable(name);
  if (name.empty()) return refuse(errc::bundle_entry_escapes, shown, "empty name");
  if (name.size() > kMaxEntryNameBytes) {
    return refuse(errc::bundle_name_too_long, shown,
                  "name longer than " + std::to_string(kMaxEntryNameBytes) + " bytes");
  }
  if (name.front() == '/') return refuse(errc::bundle_entry_escapes, shown, "absolute path");
  for (unsigned char c : name) {
    if (c == '\\') return refuse(errc::bundle_entry_escapes, shown, "backslash in name");
    if (c == ':') return refuse(errc::bundle_entry_escapes, shown, "drive letter or ':' in name");
    if (c < 0x20 || c == 0x7f) {
      return refuse(errc::bundle_entry_escapes, shown, "control character in name");
    }
  }
  std::string_view rest = name;
  if (rest.back() == '/') rest.remove_suffix(1);  // a directory entry
  while (true) {
    std::size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    if (part.empty() || part == "." || part == "..") {
      return refuse(errc::bundle_entry_escapes, shown, "'.', '..' or empty path component");
    }
    if (part.size() > kMaxEntryComponentBytes) {
      return refuse(
          errc::bundle_name_too_long, shown,
          "a path component longer than " + std::to_string(kMaxEntryComponentBytes) + " bytes");
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return Status::ok();
}

Result<Bundle> read_bundle(std::string_view bytes, const ReadOptions& options) {
  const ReadLimits& limits = options.limits;
  if (bytes.size() > limits.max_bundle_bytes) {
    return refuse(errc::bundle_too_large, "", "the bundle is larger than the limit");
  }
  // Pass 1: the layout (every byte accounted for, declared sizes real), then names, types and
  // declared sizes of every entry, before any data is inflated.
  Result<std::vector<ZipEntry>> layout = read_zip_layout(bytes, limits.max_entries);
  if (!layout) return layout.take_error();
  std::vector<const ZipEntry*> entries;
  std::set<std::string> seen;
  std::uint64_t total = 0;
  for (const ZipEntry& entry : *layout) {
    const std::string& raw = entry.name;
    RM_RETURN_IF_ERROR(validate_entry_name(raw));
    bool is_dir = raw.back() == '/';
    std::string key = is_dir ? raw.substr(0, raw.size() - 1) : raw;
    if (!seen.insert(key).second) {
      return refuse(errc::bundle_duplicate_entry, raw, "appears more than once");
    }
    if (entry.made_by_os == kZipOpsysUnix) {
      unsigned mode = (entry.external_attributes >> 16) & kUnixTypeMask;
      if (mode == kUnixSymlink) return refuse(errc::bundle_symlink, raw, "is a symbolic link");
      if (mode != 0 && mode != kUnixRegular && mode != kUnixDirectory) {
        return refuse(errc::bundle_symlink, raw, "is not a regular file or directory");
      }
      // Directory-ness is the name's ('/' at the end) and the mode's alike.
      if (mode != 0 && (mode == kUnixDirectory) != is_dir) {
        return refuse(errc::bundle_layout_invalid, raw,
                      is_dir ? "is named as a directory but its mode is a file's"
                             : "its mode is a directory's but its name does not end in '/'");
      }
    }
    // The MS-DOS directory attribute, which every host sets for directories.
    if ((entry.external_attributes & kDosDirectoryAttribute) != 0 && !is_dir) {
      return refuse(errc::bundle_layout_invalid, raw,
                    "its attributes are a directory's but its name does not end in '/'");
    }
    if ((entry.flags & (kZipFlagEncrypted | kZipFlagStrongEncryption)) != 0 ||
        entry.method == kZipMethodAes) {
      return refuse(errc::bundle_encrypted, raw, "is encrypted");
    }
    if (entry.method != 0 && entry.method != 8) {
      return refuse(errc::bundle_unreadable, raw,
                    "unsupported compression method " + std::to_string(entry.method));
    }
    total += entry.size;
    if (entry.size > limits.max_total_bytes || total > limits.max_total_bytes) {
      return refuse(errc::bundle_too_large, raw,
                    "total uncompressed size exceeds " +
                        std::to_string(limits.max_total_bytes >> 20) + " MiB");
    }
    if (entry.size >= limits.ratio_min_bytes &&
        entry.size / limits.max_ratio > entry.compressed_size) {
      return refuse(errc::bundle_ratio_exceeded, raw,
                    "compression ratio exceeds " + std::to_string(limits.max_ratio) + ":1");
    }
    // The whole archive as well: many entries each under ratio_min_bytes could otherwise inflate
    // to max_total_bytes from a few hundred KB. Declared sizes bound what inflation produces.
    if (total > limits.ratio_min_bytes && total / limits.max_ratio > bytes.size()) {
      return refuse(errc::bundle_ratio_exceeded, raw,
                    "the archive's entries inflate to more than " +
                        std::to_string(limits.max_ratio) + " times its " +
                        std::to_string(bytes.size()) + " bytes");
    }
    if (is_dir) {
      if (entry.size != 0) return refuse(errc::bundle_unreadable, raw, "directory entry with data");
      continue;
    }
    entries.push_back(&entry);
  }
  // A file may not also be a directory prefix of another entry ("a" and "a/b").
  std::set<std::string> file_names;
  for (const ZipEntry* e : entries) file_names.insert(e->name);
  for (const std::string& name : seen) {
    for (std::size_t slash = name.find('/'); slash != std::string::npos;
         slash = name.find('/', slash + 1)) {
      std::string parent = name.substr(0, slash);
      if (file_names.count(parent) != 0) {
        return refuse(errc::bundle_duplicate_entry, name, "its parent '" + parent + "' is a file");
      }
    }
  }

  // Pass 2: inflate, streaming, bounded by the declared size and the ratio actually achieved;
  // CRC-checked.
  Bundle bundle;
  InflateBounds bounds{limits.max_ratio, limits.ratio_min_bytes, &options.keep_going};
  auto keep_going = [&options]() {
    return options.keep_going ? options.keep_going() : Status::ok();
  };
  for (const ZipEntry* e : entries) {
    RM_RETURN_IF_ERROR(keep_going());
    std::string data;
    RM_RETURN_IF_ERROR(inflate_entry(bytes, *e, bounds, &data));
    bundle.files.emplace(e->name, std::move(data));
  }

  if (bundle.files.count(kManifestName) == 0) {
    return refuse(errc::bundle_missing_manifest, kManifestName, "the bundle has no manifest.json");
  }
  auto checksums_file = bundle.files.find(kChecksumsName);
  if (checksums_file == bundle.files.end()) {
    return refuse(errc::bundle_checksum_mismatch, kChecksumsName, "the bundle has no checksums");
  }
  Result<std::map<std::string, std::string>> checksums = parse_checksums(checksums_file->second);
  if (!checksums) return checksums.take_error();
  // The two meta files are the only ones outside the list: one is the list, the other signs it.
  for (const char* meta : {kChecksumsName, kSignatureName}) {
    if (checksums->count(meta) != 0) {
      return refuse(errc::bundle_checksum_mismatch, meta,
                    "is listed in meta/checksums.json, which cannot cover it");
    }
  }
  for (const auto& [name, data] : bundle.files) {
    if (name == kChecksumsName || name == kSignatureName) continue;
    RM_RETURN_IF_ERROR(keep_going());
    auto listed = checksums->find(name);
    if (listed == checksums->end()) {
      return refuse(errc::bundle_unlisted_file, name, "is not listed in meta/checksums.json");
    }
    if (sha256_hex(data) != listed->second) {
      return refuse(errc::bundle_checksum_mismatch, name,
                    "SHA-256 does not match meta/checksums.json");
    }
  }
  for (const auto& [name, hex] : *checksums) {
    if (bundle.files.count(name) == 0) {
      return refuse(errc::bundle_checksum_mismatch, name,
                    "is listed in meta/checksums.json but missing");
    }
  }

  auto signature = bundle.files.find(kSignatureName);
  bundle.signed_bundle = signature != bundle.files.end();
  if (!options.public_key.empty()) {
    if (!bundle.signed_bundle) {
      return refuse(errc::bundle_signature_missing, kSignatureName,
                    "a public key was given but the bundle is not signed");
    }
    Status verified =
        verify_signature(checksums_file->second, signature->second, options.public_key);
    if (!verified)
      return refuse(errc::bundle_signature_invalid, kSignatureName, verified.error().message);
    bundle.signature_verified = true;
  }

  RM_RETURN_IF_ERROR(check_manifest(&bundle, options));
  if (auto module = bundle.files.find(kRuntimeModuleName); module != bundle.files.end()) {
    Status usable =
        check_wasm_module(module->second, kRuntimeModuleName, &bundle.runtime_abi_version);
    if (!usable) {
      Error error = usable.take_error();
      error.details.set("entry", Value(kRuntimeModuleName));
      return error;
    }
  }
  return bundle;
}

}  // namespace remotemedia::pkg
