#include "pkg/stdlib_subset.h"

#include <zip.h>

#include <memory>
#include <vector>

namespace remotemedia::pkg {
namespace {

Error unreadable(const std::string& why) {
  return invalid_input(errc::bundle_unreadable, "stdlib zip: " + why);
}

}  // namespace

std::string module_of_entry(std::string_view entry) {
  constexpr std::string_view kPyc = ".pyc";
  if (entry.size() <= kPyc.size() || entry.substr(entry.size() - kPyc.size()) != kPyc) return "";
  std::string name(entry.substr(0, entry.size() - kPyc.size()));
  constexpr std::string_view kInit = "/__init__";
  if (name.size() > kInit.size() &&
      name.compare(name.size() - kInit.size(), kInit.size(), kInit.data()) == 0) {
    name.resize(name.size() - kInit.size());
  }
  for (char& c : name) {
    if (c == '/') c = '.';
  }
  return name;
}

Result<std::string> subset_stdlib_zip(std::string_view stdlib_zip,
                                      const std::set<std::string>& modules) {
  std::set<std::string> wanted;
  for (const std::string& module : modules) {
    wanted.insert(module);
    for (std::size_t dot = module.find('.'); dot != std::string::npos;
         dot = module.find('.', dot + 1)) {
      wanted.insert(module.substr(0, dot));
    }
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* in_source =
      zip_source_buffer_create(stdlib_zip.data(), stdlib_zip.size(), 0, &error);
  zip_t* in = in_source ? zip_open_from_source(in_source, ZIP_RDONLY, &error) : nullptr;
  if (in == nullptr) {
    if (in_source) zip_source_free(in_source);
    zip_error_fini(&error);
    return unreadable("not a zip");
  }
  std::unique_ptr<zip_t, void (*)(zip_t*)> in_guard(in, [](zip_t* z) { zip_discard(z); });

  zip_source_t* out_source = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* out = out_source ? zip_open_from_source(out_source, ZIP_TRUNCATE, &error) : nullptr;
  if (out == nullptr) {
    if (out_source) zip_source_free(out_source);
    zip_error_fini(&error);
    return unreadable("cannot create the subset");
  }
  zip_error_fini(&error);
  zip_source_keep(out_source);
  std::unique_ptr<zip_source_t, void (*)(zip_source_t*)> out_guard(
      out_source, [](zip_source_t* s) { zip_source_free(s); });

  std::vector<std::unique_ptr<std::string>> kept;  // alive until zip_close
  zip_int64_t count = zip_get_num_entries(in, 0);
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    const char* name = zip_get_name(in, i, ZIP_FL_ENC_RAW);
    if (name == nullptr || wanted.count(module_of_entry(name)) == 0) continue;
    zip_stat_t st;
    zip_file_t* file = zip_fopen_index(in, i, 0);
    if (file == nullptr || zip_stat_index(in, i, 0, &st) != 0) {
      if (file) zip_fclose(file);
      zip_discard(out);
      return unreadable(std::string("cannot read ") + name);
    }
    auto data = std::make_unique<std::string>(static_cast<std::size_t>(st.size), '\0');
    zip_int64_t n = zip_fread(file, data->data(), data->size());
    zip_fclose(file);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
      zip_discard(out);
      return unreadable(std::string("cannot read ") + name);
    }
    zip_source_t* src = zip_source_buffer(out, data->data(), data->size(), 0);
    zip_int64_t index = src ? zip_file_add(out, name, src, ZIP_FL_ENC_RAW) : -1;
    if (index < 0) {
      if (src) zip_source_free(src);
      zip_discard(out);
      return unreadable(std::string("cannot add ") + name);
    }
    zip_file_set_mtime(out, static_cast<zip_uint64_t>(index), st.mtime, 0);
    kept.push_back(std::move(data));
  }
  if (zip_close(out) != 0) {
    zip_discard(out);
    return unreadable("cannot finish the subset");
  }
  zip_stat_t st;
  if (zip_source_stat(out_source, &st) != 0 || zip_source_open(out_source) != 0) {
    return unreadable("cannot read back the subset");
  }
  std::string bytes(static_cast<std::size_t>(st.size), '\0');
  zip_int64_t n = zip_source_read(out_source, bytes.data(), bytes.size());
  zip_source_close(out_source);
  if (n < 0 || static_cast<std::size_t>(n) != bytes.size()) {
    return unreadable("cannot read back the subset");
  }
  return bytes;
}

}  // namespace remotemedia::pkg
