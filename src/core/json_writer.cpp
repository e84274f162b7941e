#include "core/json_writer.h"

#include <charconv>
#include <cmath>

#include "core/base64.h"
#include "core/float_format.h"
#include "core/utf8.h"

namespace remotemedia {
namespace {

void append_int(std::int64_t v, std::string& out) {
  char buf[24];
  std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_float(double v, std::string& out) {
  if (std::isnan(v)) {
    out += "{\"__float__\": \"nan\"}";
  } else if (std::isinf(v)) {
    out += v > 0 ? "{\"__float__\": \"inf\"}" : "{\"__float__\": \"-inf\"}";
  } else {
    append_python_float(v, out);
  }
}

void append_b64_string(const Buffer& buffer, std::string& out) {
  out.push_back('"');
  append_base64(buffer.data(), buffer.size(), out);
  out.push_back('"');
}

void append_tensor(const Tensor& tensor, std::string& out) {
  out += "{\"__numpy__\": true, \"array\": {\"meta\": {\"dtype\": \"";
  out += dtype_name(tensor.dtype);
  out += "\", \"shape\": [";
  for (std::size_t i = 0; i < tensor.shape.size(); ++i) {
    if (i > 0) out += ", ";
    append_int(tensor.shape[i], out);
  }
  out += "]}, \"data\": ";
  append_b64_string(tensor.data, out);
  out += "}}";
}

void append_audio(const Audio& audio, std::string& out) {
  out += "{\"__audio__\": true, \"sample_rate\": ";
  append_int(audio.sample_rate, out);
  out += ", \"channels\": ";
  append_int(audio.channels, out);
  // Written only off the origin, so audio that carries no position keeps its bytes.
  if (audio.start_frame != 0) {
    out += ", \"start_frame\": ";
    append_int(audio.start_frame, out);
  }
  out += ", \"data\": ";
  append_b64_string(audio.samples, out);
  out += "}";
}

}  // namespace

// Output is always valid UTF-8: an ill-formed byte (only possible in text that did not come from
// a JSON document or Python, e.g. a file name) is written as U+FFFD.
void append_json_string(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        out += "\xef\xbf\xbd";
      } else {
        out.append(text, i, length);
        i += length - 1;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out.push_back(kHex[(c >> 4) & 0xF]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void append_json(const Value& value, std::string& out) {
  switch (value.kind()) {
    case ValueKind::kNull:
      out += "null";
      return;
    case ValueKind::kBool:
      out += *value.as_bool() ? "true" : "false";
      return;
    case ValueKind::kInt:
      append_int(*value.as_int(), out);
      return;
    case ValueKind::kFloat:
      append_float(*value.as_float(), out);
      return;
    case ValueKind::kString:
      append_json_string(*value.as_string(), out);
      return;
    case ValueKind::kBytes:
      out += "{\"__bytes__\": true, \"data\": ";
      append_b64_string(value.as_bytes()->data, out);
      out += "}";
      return;
    case ValueKind::kList: {
      out.push_back('[');
      bool first = true;
      for (const Value& item : *value.as_list()) {
        if (!first) out += ", ";
        first = false;
        append_json(item, out);
      }
      out.push_back(']');
      return;
    }
    case ValueKind::kMap: {
      out.push_back('{');
      bool first = true;
      for (const Map::Entry& entry : *value.as_map()) {
        if (!first) out += ", ";
        first = false;
        append_json_string(entry.first, out);
        out += ": ";
        append_json(entry.second, out);
      }
      out.push_back('}');
      return;
    }
    case ValueKind::kAudio:
      append_audio(*value.as_audio(), out);
      return;
    case ValueKind::kTensor:
      append_tensor(*value.as_tensor(), out);
      return;
  }
}

std::string to_json(const Value& value) {
  std::string out;
  append_json(value, out);
  return out;
}

}  // namespace remotemedia
