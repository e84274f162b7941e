#include "pkg/bundle_writer.h"

#include <sodium.h>
#include <sys/stat.h>
#include <zip.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "pkg/bundle_reader.h"
#include "pkg/checksums.h"
#include "pkg/signing.h"

namespace remotemedia::pkg {
namespace {

constexpr time_t kFixedMtime = 946684800;  // 2000-01-01T00:00:00Z

Error write_error(const std::string& path, const std::string& why) {
  return invalid_input(errc::bundle_write_failed, "cannot write '" + path + "': " + why);
}

}  // namespace

Status check_output_path(const std::string& path, ExistingOutput existing) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::ok();
    return write_error(path, std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return write_error(path, "it exists and is not a regular file; pack never replaces one");
  }
  if (existing == ExistingOutput::kRefuse) {
    return write_error(path, "it already exists (pass --force to replace it)");
  }
  return Status::ok();
}

Status write_bundle(const std::string& path, const std::map<std::string, std::string>& files,
                    const std::string& secret_key, ExistingOutput existing) {
  RM_RETURN_IF_ERROR(check_output_path(path, existing));
  std::map<std::string, std::string> all;
  std::map<std::string, std::string> digests;
  for (const auto& [name, data] : files) {
    RM_RETURN_IF_ERROR(validate_entry_name(name));
    if (name == kChecksumsName || name == kSignatureName) {
      return write_error(path, "'" + name + "' is written by the packer");
    }
    digests[name] = sha256_hex(data);
    all[name] = data;
  }
  all[kChecksumsName] = checksums_json(digests);
  if (!secret_key.empty()) all[kSignatureName] = sign(all[kChecksumsName], secret_key);

  int error_code = 0;
  zip_t* za = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error_code);
  if (za == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, error_code);
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return write_error(path, why);
  }
  for (const auto& [name, data] : all) {  // `all` outlives zip_close: buffers are not copied
    zip_source_t* source = zip_source_buffer(za, data.data(), data.size(), 0);
    zip_int64_t index = source ? zip_file_add(za, name.c_str(), source, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (source) zip_source_free(source);
      std::string why = zip_strerror(za);
      zip_discard(za);
      return write_error(path, why);
    }
    auto i = static_cast<zip_uint64_t>(index);
    // Already-compressed payloads (the stdlib zip, wasm is fine to deflate) stay deflated too:
    // deflate never expands much and keeps the reader's ratio check meaningful.
    zip_set_file_compression(za, i, ZIP_CM_DEFLATE, 9);
    zip_file_set_mtime(za, i, kFixedMtime, 0);
    zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX,
                                     static_cast<zip_uint32_t>(S_IFREG | 0644) << 16);
  }
  if (zip_close(za) != 0) {
    std::string why = zip_strerror(za);
    zip_discard(za);
    return write_error(path, why);
  }
  return Status::ok();
}

std::string libzip_version() {
  return zip_libzip_version();
}

std::string libsodium_version() {
  return sodium_version_string();
}

}  // namespace remotemedia::pkg
