#include "cli/encode_command.h"

#include <cstdint>

#include "cli/command_support.h"
#include "core/json_writer.h"
#include "entry/read_input.h"
#include "entry/report_output.h"
#include "entry/run_flags.h"
#include "nodes/audio/decode/audio_decoder.h"
#include "remotemedia/error_codes.h"

namespace remotemedia {
namespace {

// The value of `key` in the .npy header's dict literal ("{'descr': '<f4', ...}"), as written.
std::string header_value(std::string_view header, std::string_view key) {
  const std::string quoted = "'" + std::string(key) + "':";
  std::size_t at = header.find(quoted);
  if (at == std::string_view::npos) return "";
  at += quoted.size();
  while (at < header.size() && header[at] == ' ') ++at;
  std::size_t end = at;
  if (end < header.size() && header[end] == '(') {
    end = header.find(')', end);
    return end == std::string_view::npos ? "" : std::string(header.substr(at, end - at + 1));
  }
  while (end < header.size() && header[end] != ',' && header[end] != '}') ++end;
  return std::string(header.substr(at, end - at));
}

bool dtype_of(std::string descr, DType* dtype) {
  if (descr.size() < 4 || descr.front() != '\'' || descr.back() != '\'') return false;
  descr = descr.substr(1, descr.size() - 2);
  const char order = descr[0];
  const std::string kind = descr.substr(1);
  static const struct {
    const char* code;
    DType dtype;
  } kTypes[] = {{"f4", DType::kFloat32}, {"f8", DType::kFloat64}, {"i1", DType::kInt8},
                {"i2", DType::kInt16},   {"i4", DType::kInt32},   {"i8", DType::kInt64},
                {"u1", DType::kUint8},   {"u2", DType::kUint16},  {"u4", DType::kUint32},
                {"u8", DType::kUint64}};
  for (const auto& type : kTypes) {
    if (kind != type.code) continue;
    // Little-endian, or a one-byte type whose order NumPy writes as '|'.
    if (order == '<' || (order == '|' && dtype_size(type.dtype) == 1)) {
      *dtype = type.dtype;
      return true;
    }
  }
  return false;
}

Result<Value> encode_file(const std::string& path) {
  Result<std::string> bytes = read_input(path, kDefaultMaxInputBytes, "the input limit");
  if (!bytes) return bytes.take_error();
  if (ends_with(path, ".npy")) {
    Result<Tensor> tensor = read_npy(*bytes, path);
    if (!tensor) return tensor.take_error();
    return Value(std::move(*tensor));
  }
  Result<Audio> audio = decode_audio(reinterpret_cast<const std::uint8_t*>(bytes->data()),
                                     bytes->size(), DecodeLimits{});
  if (!audio) {
    Error error = audio.take_error();
    return invalid_input(error.code, "'" + path + "': " + error.message);
  }
  return Value(std::move(*audio));
}

}  // namespace

Result<Tensor> read_npy(std::string_view bytes, const std::string& name) {
  auto bad = [&name](const std::string& why) {
    return invalid_input(errc::invalid_argument,
                         "'" + name + "' is not a .npy file encode takes: " + why);
  };
  if (bytes.size() < 10 || bytes.substr(0, 6) != std::string_view("\x93NUMPY", 6)) {
    return bad("no NumPy magic");
  }
  const unsigned major = static_cast<unsigned char>(bytes[6]);
  std::size_t header_length = 0;
  std::size_t header_start = 10;
  if (major == 1) {
    header_length = static_cast<unsigned char>(bytes[8]) |
                    (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8);
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) return bad("it ends inside its header");
    header_length = 0;
    for (int i = 3; i >= 0; --i) {
      header_length = (header_length << 8) | static_cast<unsigned char>(bytes[8 + i]);
    }
    header_start = 12;
  } else {
    return bad("format version " + std::to_string(major));
  }
  if (header_length > bytes.size() - header_start) return bad("it ends inside its header");
  const std::string_view header = bytes.substr(header_start, header_length);
  Tensor tensor;
  if (!dtype_of(header_value(header, "descr"), &tensor.dtype)) {
    return bad("dtype " + header_value(header, "descr") +
               " (takes little-endian float32/64, int8-64 and uint8-64)");
  }
  if (header_value(header, "fortran_order") != "False") return bad("Fortran order");
  const std::string shape = header_value(header, "shape");
  if (shape.size() < 2 || shape.front() != '(' || shape.back() != ')') return bad("no shape");
  std::size_t at = 1;
  while (at + 1 < shape.size()) {
    while (at < shape.size() && (shape[at] == ' ' || shape[at] == ',')) ++at;
    if (at + 1 >= shape.size()) break;
    std::int64_t dim = 0;
    std::size_t digits = 0;
    while (at < shape.size() && shape[at] >= '0' && shape[at] <= '9' && digits < 12) {
      dim = dim * 10 + (shape[at] - '0');
      ++at;
      ++digits;
    }
    if (digits == 0 || digits >= 12) return bad("shape " + shape);
    tensor.shape.push_back(dim);
    if (tensor.shape.size() > kMaxTensorDims) return bad("more than 64 dimensions");
  }
  std::uint64_t size = 0;
  const std::string problem = tensor_shape_problem(tensor.dtype, tensor.shape, &size);
  if (!problem.empty()) return invalid_input(errc::value_too_large, "'" + name + "': " + problem);
  const std::string_view data = bytes.substr(header_start + header_length);
  if (data.size() != size) {
    return bad("its data is " + std::to_string(data.size()) + " bytes where its shape makes " +
               std::to_string(size));
  }
  tensor.data = Buffer::copy_of(data.data(), data.size());
  return tensor;
}

int encode_command(const std::vector<std::string>& args) {
  if (args.empty()) return command_usage_error("encode needs at least one file");
  List items;
  for (const std::string& path : args) {
    if (path.size() > 1 && path[0] == '-') {
      return command_usage_error("unknown option '" + path + "'");
    }
    Result<Value> item = encode_file(path);
    if (!item) return command_failure(item.error());
    items.push_back(std::move(*item));
  }
  return write_stdout_line(to_json(Value(std::move(items)))) ? kExitSuccess : kExitRunFailure;
}

}  // namespace remotemedia
