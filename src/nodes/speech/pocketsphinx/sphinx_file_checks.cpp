#include "nodes/speech/pocketsphinx/sphinx_file_checks.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace remotemedia::sphinx {
namespace {

constexpr std::uint32_t kS3ByteOrder = 0x11223344;
constexpr std::uint32_t kMdefMagic = 0x46444d42;  // "BMDF", little-endian
constexpr std::uint64_t kMaxModelFile = std::uint64_t{1} << 31;

// The whole file, or false when it cannot be read or is larger than any model file.
bool read_file(const std::string& path, std::vector<unsigned char>* bytes) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return false;
  bool ok = std::fseek(file, 0, SEEK_END) == 0;
  const long size = ok ? std::ftell(file) : -1;
  ok = ok && size >= 0 && static_cast<std::uint64_t>(size) <= kMaxModelFile &&
       std::fseek(file, 0, SEEK_SET) == 0;
  if (ok) {
    bytes->resize(static_cast<std::size_t>(size));
    ok = std::fread(bytes->data(), 1, bytes->size(), file) == bytes->size();
  }
  std::fclose(file);
  return ok;
}

// Little- or big-endian 32-bit words at byte offsets of a file, bounds-checked.
class Words {
 public:
  Words(const std::vector<unsigned char>& bytes, bool swap) : bytes_(bytes), swap_(swap) {}
  bool has(std::uint64_t offset, std::uint64_t count) const {
    return offset <= bytes_.size() && count <= (bytes_.size() - offset) / 4;
  }
  std::uint32_t at(std::uint64_t offset) const {
    std::uint32_t value = 0;
    std::memcpy(&value, bytes_.data() + offset, 4);
    if (swap_) value = __builtin_bswap32(value);
    return value;
  }
  std::int64_t count_at(std::uint64_t offset) const {
    return static_cast<std::int32_t>(at(offset));
  }

 private:
  const std::vector<unsigned char>& bytes_;
  bool swap_;
};

}  // namespace

std::string check_s3_file(const std::string& path, S3Layout layout, ModelFacts* facts) {
  std::vector<unsigned char> bytes;
  if (!read_file(path, &bytes)) return "cannot be read";
  const std::string text(bytes.begin(), bytes.begin() + std::min<std::size_t>(bytes.size(), 4096));
  if (text.compare(0, 3, "s3\n") != 0) return "has no s3 header";
  const std::size_t end = text.find("endhdr\n");
  if (end == std::string::npos) return "has no end of header ('endhdr') in its first 4096 bytes";
  const bool checksum = text.substr(0, end).find("\nchksum0 ") != std::string::npos;
  std::uint64_t at = end + 7;
  Words native(bytes, false);
  if (!native.has(at, 1)) return "ends inside its header";
  const std::uint32_t mark = native.at(at);
  if (mark != kS3ByteOrder && mark != __builtin_bswap32(kS3ByteOrder)) {
    return "has no byte-order mark after its header";
  }
  Words words(bytes, mark != kS3ByteOrder);
  at += 4;

  // The dimensions, whose product the stored count must equal.
  std::vector<std::int64_t> dims;
  const std::size_t fixed = 3;
  if (!words.has(at, fixed)) return "ends before its dimensions";
  for (std::size_t i = 0; i < fixed; ++i) dims.push_back(words.count_at(at + 4 * i));
  at += 4 * fixed;
  if (layout == S3Layout::kGaussians) {
    const std::int64_t streams = dims[1];
    if (streams < 1 || streams > 64 || !words.has(at, static_cast<std::uint64_t>(streams))) {
      return "has an impossible number of feature streams";
    }
    std::int64_t width = 0;
    for (std::int64_t i = 0; i < streams; ++i) {
      const std::int64_t length = words.count_at(at + 4 * static_cast<std::uint64_t>(i));
      if (length < 1 || length > 4096) return "has an impossible feature length";
      width += length;
    }
    at += 4 * static_cast<std::uint64_t>(streams);
    if (facts != nullptr) {
      facts->streams = streams;
      facts->densities = dims[2];
    }
    dims = {dims[0], dims[2], width};
  }
  std::uint64_t product = 1;
  for (std::int64_t dim : dims) {
    if (dim < 1 || dim > (std::int64_t{1} << 24)) return "has an impossible dimension";
    product *= static_cast<std::uint64_t>(dim);
    if (product > kMaxModelFile) return "declares more values than any model has";
  }
  if (!words.has(at, 1) || static_cast<std::uint64_t>(words.count_at(at)) != product) {
    return "declares a value count that is not the product of its dimensions";
  }
  at += 4;
  const std::uint64_t expected = at + 4 * product + (checksum ? 4 : 0);
  if (bytes.size() != expected) {
    return "is " + std::to_string(bytes.size()) + " bytes where its header and counts make " +
           std::to_string(expected) + " (truncated or damaged)";
  }
  return "";
}

std::string check_mdef_file(const std::string& path, ModelFacts* facts) {
  std::vector<unsigned char> bytes;
  if (!read_file(path, &bytes)) return "cannot be read";
  if (bytes.size() >= 3 && std::memcmp(bytes.data(), "0.3", 3) == 0) return "";  // text mdef
  Words native(bytes, false);
  if (!native.has(0, 3)) return "is not a model definition (binary or text)";
  const std::uint32_t magic = native.at(0);
  if (magic != kMdefMagic && magic != __builtin_bswap32(kMdefMagic)) {
    return "is not a model definition (binary or text)";
  }
  Words words(bytes, magic != kMdefMagic);
  const std::int64_t header = words.count_at(8);
  if (header < 0 || !words.has(12 + static_cast<std::uint64_t>(header), 10)) {
    return "ends inside its header";
  }
  std::uint64_t at = 12 + static_cast<std::uint64_t>(header);
  std::int64_t count[10];
  for (int i = 0; i < 10; ++i) count[i] = words.count_at(at + 4 * static_cast<std::uint64_t>(i));
  const std::int64_t n_ciphone = count[0], n_phone = count[1], n_emit_state = count[2],
                     n_sen = count[4], n_tmat = count[5], n_sseq = count[6], n_cd_tree = count[8];
  for (std::int64_t n : count) {
    if (n < 0 || n > (std::int64_t{1} << 24)) return "has an impossible count in its header";
  }
  if (n_ciphone < 1 || n_ciphone > 255 || n_phone < n_ciphone || n_sseq < 1 || n_sen < 1 ||
      n_tmat < 1) {
    return "has an impossible count in its header";
  }
  at += 40;
  const std::uint64_t names = at;
  for (std::int64_t i = 0; i < n_ciphone; ++i) {
    while (at < bytes.size() && bytes[at] != 0) ++at;
    if (at >= bytes.size()) return "ends inside its phone names";
    ++at;
  }
  at = names + ((at - names + 3) & ~std::uint64_t{3});
  at += 8 * static_cast<std::uint64_t>(n_cd_tree);
  const std::uint64_t phones = at;
  at += 12 * static_cast<std::uint64_t>(n_phone);
  if (!words.has(at, 1)) return "ends before its senone sequences";
  const std::int64_t sseq_size = words.count_at(at);
  at += 4;
  const std::uint64_t sseq = at;
  if (sseq_size < 0 || at + 2 * static_cast<std::uint64_t>(sseq_size) > bytes.size()) {
    return "ends inside its senone sequences (truncated or damaged)";
  }
  if (n_emit_state > 0
          ? sseq_size < n_sseq * n_emit_state
          : at + 2 * static_cast<std::uint64_t>(sseq_size) + static_cast<std::uint64_t>(n_sseq) >
                bytes.size()) {
    return "has fewer senone sequence entries than its sequences need";
  }
  for (std::int64_t i = 0; i < n_phone; ++i) {
    const std::uint64_t entry = phones + 12 * static_cast<std::uint64_t>(i);
    const std::int64_t ssid = words.count_at(entry);
    const std::int64_t tmat = words.count_at(entry + 4);
    if (ssid < 0 || ssid >= n_sseq || tmat < 0 || tmat >= n_tmat) {
      return "has a phone that names a missing senone sequence or transition matrix";
    }
  }
  const bool swap = magic != kMdefMagic;
  for (std::int64_t i = 0; i < sseq_size; ++i) {
    std::uint16_t senone = 0;
    std::memcpy(&senone, bytes.data() + sseq + 2 * static_cast<std::uint64_t>(i), 2);
    if (swap) senone = static_cast<std::uint16_t>((senone >> 8) | (senone << 8));
    if (senone >= n_sen) return "has a senone sequence that names a missing senone";
  }
  if (facts != nullptr) facts->senones = n_sen;
  return "";
}

std::string check_sendump_file(const std::string& path, const ModelFacts& facts) {
  std::vector<unsigned char> bytes;
  if (!read_file(path, &bytes)) return "cannot be read";
  Words words(bytes, false);
  std::uint64_t at = 0;
  // A title and a header (NUL-terminated), then "name value" strings up to an empty one: each a
  // length (pocketsphinx reads them into 1000 bytes) and that many bytes.
  std::int64_t streams = facts.streams;
  std::int64_t clusters = 0;
  std::int64_t bits = 8;
  for (int i = 0;; ++i) {
    if (i > 256) return "is not a senone dump (its header does not end)";
    if (!words.has(at, 1)) return "ends inside its header";
    const std::int64_t length = words.count_at(at);
    at += 4;
    if (i >= 2 && length == 0) break;
    if (length < 1 || length > 999 || at + static_cast<std::uint64_t>(length) > bytes.size() ||
        (i < 2 && bytes[at + static_cast<std::uint64_t>(length) - 1] != 0)) {
      return "is not a senone dump (its header strings are malformed)";
    }
    const std::string line(reinterpret_cast<const char*>(bytes.data() + at),
                           static_cast<std::size_t>(length));
    auto value_of = [&line](const char* name) {
      return std::atoll(line.c_str() + std::strlen(name));
    };
    if (line.rfind("feature_count ", 0) == 0) streams = value_of("feature_count ");
    if (line.rfind("cluster_count ", 0) == 0) clusters = value_of("cluster_count ");
    if (line.rfind("cluster_bits ", 0) == 0) bits = value_of("cluster_bits ");
    at += static_cast<std::uint64_t>(length);
  }
  // The table is rows (densities) x columns (senones) per stream, sized from the model unless
  // the file gives its own size; pocketsphinx reads it into a table of the model's size.
  std::int64_t rows = facts.densities;
  std::int64_t columns = facts.senones;
  if (clusters == 0) {
    if (!words.has(at, 2)) return "ends before its table size";
    rows = words.count_at(at);
    columns = words.count_at(at + 4);
    at += 8;
  }
  if (clusters != 0 && clusters != 15 && clusters != 16) {
    return "has a cluster count other than 0, 15 or 16";
  }
  if (bits != 8 && bits != 4) return "has cluster bits other than 4 or 8";
  if (streams != facts.streams) return "has a number of feature streams other than the means'";
  if (rows != facts.densities) return "has a number of densities other than the means'";
  if (facts.senones != 0 && columns != facts.senones) {
    return "has a number of senones other than the model definition's";
  }
  if (columns < 1 || columns > (std::int64_t{1} << 24)) {
    return "has an impossible number of senones";
  }
  const std::uint64_t codebook = clusters == 0 ? 0 : 16;
  const std::uint64_t step = bits == 4 ? (static_cast<std::uint64_t>(columns) + 1) / 2
                                       : static_cast<std::uint64_t>(columns);
  const std::uint64_t needed =
      at + codebook + static_cast<std::uint64_t>(streams) * static_cast<std::uint64_t>(rows) * step;
  if (bytes.size() < needed) {
    return "is " + std::to_string(bytes.size()) + " bytes where its header makes " +
           std::to_string(needed) + " (truncated or damaged)";
  }
  return "";
}

}  // namespace remotemedia::sphinx
