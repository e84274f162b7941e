// rm_bundle_* (include/remotemedia/c_api.h): the .rmpkg reader of src/pkg behind the C ABI, so that
// every host - the JS package in a page included - checks bundles with the same code as the CLI.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "capi/capi_errors.h"
#include "core/json_writer.h"
#include "core/options_document.h"
#include "pkg/bundle_reader.h"
#include "pkg/signing.h"
#include "remotemedia/c_api.h"

using remotemedia::Error;
using remotemedia::List;
using remotemedia::Map;
using remotemedia::Result;
using remotemedia::Status;
using remotemedia::Value;
using remotemedia::capi::bad_argument;
using remotemedia::capi::fail;
namespace errc = remotemedia::errc;
namespace pkg = remotemedia::pkg;

struct rm_bundle {
  pkg::Bundle bundle;
  std::string info_json;
  std::vector<const std::string*> file_bytes;  // into bundle.files, in the order of "files"
};

namespace {

Result<pkg::ReadOptions> parse_bundle_options(std::string_view text) {
  pkg::ReadOptions options;
  Result<Value> parsed = remotemedia::parse_options_document(text, "bundle options");
  if (!parsed) return parsed.take_error();
  const Map* map = parsed->as_map();
  for (const Map::Entry& entry : *map) {
    const std::string& key = entry.first;
    const std::string* text_value = entry.second.as_string();
    if (key == "public_key") {
      if (text_value == nullptr)
        return remotemedia::option_key_error(key, "public_key must be a key file's text");
      Result<std::string> key_bytes = pkg::parse_public_key(*text_value);
      if (!key_bytes) return key_bytes.error();
      options.public_key = std::move(*key_bytes);
    } else if (key == "expected_target") {
      if (text_value == nullptr || (*text_value != "native" && *text_value != "wasm32-wasi")) {
        return remotemedia::option_key_error(
            key, "expected_target must be \"native\" or \"wasm32-wasi\"");
      }
      options.expected_target = *text_value;
    } else if (key == "max_bundle_bytes") {
      const std::int64_t* max = entry.second.as_int();
      if (max == nullptr || *max < 0) {
        return remotemedia::option_key_error(
            key, "max_bundle_bytes must be a whole number of bytes, at least 0");
      }
      // Lowers the limit only: the default is the most any reader accepts.
      options.limits.max_bundle_bytes =
          std::min(options.limits.max_bundle_bytes, static_cast<std::uint64_t>(*max));
    } else {
      return remotemedia::option_key_error(
          key, "unknown bundle option '" + key +
                   "' (known: public_key, expected_target, max_bundle_bytes)");
    }
  }
  return options;
}

std::string info_json(const pkg::Bundle& bundle) {
  List files;
  for (const auto& [name, data] : bundle.files) {
    files.push_back(
        Value(Map{{"name", Value(name)}, {"size", Value(static_cast<std::int64_t>(data.size()))}}));
  }
  const Value* pipeline = bundle.manifest.as_map()->find("pipeline");  // checked by the reader
  return remotemedia::to_json(Value(
      Map{{"runtime_target", Value(bundle.runtime_target)},
          {"signed", Value(bundle.signed_bundle)},
          {"signature_verified", Value(bundle.signature_verified)},
          {"runtime_abi_version", Value(static_cast<std::int64_t>(bundle.runtime_abi_version))},
          {"manifest", bundle.manifest},
          {"pipeline", Value(remotemedia::to_json(*pipeline))},
          {"files", Value(std::move(files))}}));
}

}  // namespace

extern "C" {

rm_status rm_bundle_open(const char* options_json, size_t options_len, void* data, size_t len,
                         rm_bundle** out_bundle) {
  std::unique_ptr<void, void (*)(void*)> archive(data, rm_free);
  if (out_bundle == nullptr) return bad_argument("out_bundle must not be null");
  if (Status block = remotemedia::capi::check_block(data, len, "data"); !block.is_ok()) {
    return fail(std::move(block));
  }
  Result<std::string_view> options_text =
      remotemedia::capi::text_of(options_json, options_len, "options_json");
  if (!options_text) return fail(options_text.error());
  Result<pkg::ReadOptions> options = parse_bundle_options(*options_text);
  if (!options) return fail(options.error());
  std::string_view bytes(static_cast<const char*>(data), data == nullptr ? 0 : len);
  Result<pkg::Bundle> read = pkg::read_bundle(bytes, *options);
  archive.reset();
  if (!read) return fail(read.error());
  std::unique_ptr<rm_bundle> bundle(new (std::nothrow) rm_bundle());
  if (!bundle) return remotemedia::capi::out_of_memory("a bundle");
  bundle->bundle = std::move(*read);
  bundle->info_json = info_json(bundle->bundle);
  for (const auto& file : bundle->bundle.files) bundle->file_bytes.push_back(&file.second);
  *out_bundle = bundle.release();
  return RM_OK;
}

const char* rm_bundle_info(const rm_bundle* bundle) {
  return bundle == nullptr ? "" : bundle->info_json.c_str();
}

size_t rm_bundle_info_len(const rm_bundle* bundle) {
  return bundle == nullptr ? 0 : bundle->info_json.size();
}

const void* rm_bundle_file_data(const rm_bundle* bundle, size_t index) {
  if (bundle == nullptr || index >= bundle->file_bytes.size()) return nullptr;
  return bundle->file_bytes[index]->data();
}

size_t rm_bundle_file_len(const rm_bundle* bundle, size_t index) {
  if (bundle == nullptr || index >= bundle->file_bytes.size()) return 0;
  return bundle->file_bytes[index]->size();
}

void rm_bundle_free(rm_bundle* bundle) {
  delete bundle;
}

}  // extern "C"
