#include "pkg/checksums.h"

#include <sodium.h>

#include "core/json_reader.h"
#include "core/json_writer.h"

namespace remotemedia::pkg {

std::string sha256_hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(sizeof digest * 2);
  for (unsigned char byte : digest) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xf]);
  }
  return out;
}

std::string checksums_json(const std::map<std::string, std::string>& name_to_hex) {
  Map files;
  for (const auto& [name, hex] : name_to_hex) files.set(name, Value(hex));
  return to_json(Map{{"algorithm", Value("sha256")}, {"files", Value(std::move(files))}}) + "\n";
}

Result<std::map<std::string, std::string>> parse_checksums(std::string_view text) {
  auto bad = [](const std::string& why) {
    return invalid_input(errc::bundle_checksum_mismatch, "meta/checksums.json is invalid: " + why);
  };
  Result<Value> doc = parse_json(text);
  if (!doc) return bad(doc.error().message);
  const Map* top = doc->as_map();
  if (top == nullptr) return bad("not a JSON object");
  const Value* algorithm = top->find("algorithm");
  if (algorithm == nullptr || algorithm->as_string() == nullptr ||
      *algorithm->as_string() != "sha256") {
    return bad("\"algorithm\" must be \"sha256\"");
  }
  const Value* files = top->find("files");
  if (files == nullptr || files->as_map() == nullptr) return bad("\"files\" must be an object");
  std::map<std::string, std::string> out;
  for (const Map::Entry& entry : *files->as_map()) {
    const std::string* hex = entry.second.as_string();
    if (hex == nullptr || hex->size() != 64) return bad("bad digest for '" + entry.first + "'");
    out[entry.first] = *hex;
  }
  return out;
}

}  // namespace remotemedia::pkg
