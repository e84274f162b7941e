#include "core/wire_forms.h"

#include <cmath>
#include <initializer_list>
#include <limits>

#include "core/base64.h"
#include "core/json_path.h"

namespace remotemedia {
namespace {

Error form_error(const std::string& path, const std::string& what) {
  return invalid_input(errc::invalid_wire_form, what + " at " + path, path);
}

Error too_large(const std::string& path, const std::string& what) {
  return invalid_input(errc::value_too_large, what + " at " + path, path);
}

// Checks that `map` has exactly the keys in `keys`.
// Every key of `keys` is present, and no key but those and `optional`.
Status expect_keys(const Map& map, std::initializer_list<const char*> keys, const std::string& path,
                   const char* form, std::initializer_list<const char*> optional = {}) {
  for (const Map::Entry& entry : map) {
    bool known = false;
    for (const char* key : keys) known = known || entry.first == key;
    for (const char* key : optional) known = known || entry.first == key;
    if (!known) {
      return form_error(path, std::string(form) + " has an unexpected key \"" + entry.first + "\"");
    }
  }
  for (const char* key : keys) {
    if (map.find(key) == nullptr) {
      return form_error(path, std::string(form) + " is missing \"" + key + "\"");
    }
  }
  return Status::ok();
}

Status expect_true_marker(const Map& map, const char* marker, const std::string& path) {
  const bool* flag = map.find(marker)->as_bool();
  if (flag == nullptr || !*flag) {
    return form_error(path, std::string("\"") + marker + "\" must be true");
  }
  return Status::ok();
}

Result<Buffer> decode_data(const Map& map, const std::string& path) {
  const std::string* text = map.find("data")->as_string();
  Buffer buffer;
  if (text == nullptr || !decode_base64(*text, &buffer)) {
    return form_error(JsonPath(path).key("data").str(), "\"data\" is not valid base64");
  }
  return buffer;
}

Result<Value> decode_tensor(const Map& map, const std::string& path) {
  RM_RETURN_IF_ERROR(expect_keys(map, {"__numpy__", "array"}, path, "tensor"));
  RM_RETURN_IF_ERROR(expect_true_marker(map, "__numpy__", path));
  std::string array_path = JsonPath(path).key("array").str();
  const Map* array = map.find("array")->as_map();
  if (array == nullptr) return form_error(array_path, "tensor \"array\" must be an object");
  RM_RETURN_IF_ERROR(expect_keys(*array, {"meta", "data"}, array_path, "tensor array"));
  std::string meta_path = JsonPath(array_path).key("meta").str();
  const Map* meta = array->find("meta")->as_map();
  if (meta == nullptr) return form_error(meta_path, "tensor \"meta\" must be an object");
  RM_RETURN_IF_ERROR(expect_keys(*meta, {"dtype", "shape"}, meta_path, "tensor meta"));

  Tensor tensor;
  const std::string* dtype = meta->find("dtype")->as_string();
  if (dtype == nullptr || !parse_dtype(*dtype, &tensor.dtype)) {
    return form_error(JsonPath(meta_path).key("dtype").str(),
                      "unsupported tensor dtype (expected float32, float64, int8, int16, int32, "
                      "int64, uint8, uint16, uint32 or uint64)");
  }
  const List* shape = meta->find("shape")->as_list();
  std::string shape_path = JsonPath(meta_path).key("shape").str();
  if (shape == nullptr) return form_error(shape_path, "tensor shape must be a list of ints");
  for (const Value& dim : *shape) {
    const std::int64_t* n = dim.as_int();
    if (n == nullptr || *n < 0) {
      return form_error(shape_path, "tensor shape must be a list of non-negative ints");
    }
    tensor.shape.push_back(*n);
  }
  std::uint64_t need = 0;
  std::string problem = tensor_shape_problem(tensor.dtype, tensor.shape, &need);
  if (!problem.empty()) return too_large(shape_path, problem);
  Result<Buffer> data = decode_data(*array, array_path);
  if (!data) return data.take_error();
  if (data->size() != need) {
    return form_error(JsonPath(array_path).key("data").str(),
                      "tensor data has " + std::to_string(data->size()) + " bytes but shape and " +
                          "dtype need " + std::to_string(need));
  }
  tensor.data = std::move(*data);
  return Value(std::move(tensor));
}

Result<Value> decode_audio(const Map& map, const std::string& path) {
  RM_RETURN_IF_ERROR(expect_keys(map, {"__audio__", "sample_rate", "channels", "data"}, path,
                                 "audio", {"start_frame"}));
  RM_RETURN_IF_ERROR(expect_true_marker(map, "__audio__", path));
  Audio audio;
  const std::int64_t* rate = map.find("sample_rate")->as_int();
  if (rate == nullptr || *rate <= 0) {
    return form_error(JsonPath(path).key("sample_rate").str(),
                      "audio sample_rate must be a positive int");
  }
  const std::int64_t* channels = map.find("channels")->as_int();
  if (channels == nullptr || *channels <= 0 || *channels > 256) {
    return form_error(JsonPath(path).key("channels").str(),
                      "audio channels must be an int in 1..256");
  }
  audio.sample_rate = *rate;
  audio.channels = *channels;
  if (const Value* start = map.find("start_frame")) {
    const std::int64_t* frame = start->as_int();
    if (frame == nullptr || *frame < 0) {
      return form_error(JsonPath(path).key("start_frame").str(),
                        "audio start_frame must be an int of at least 0");
    }
    audio.start_frame = *frame;
  }
  Result<Buffer> data = decode_data(map, path);
  if (!data) return data.take_error();
  if (data->size() > kMaxArrayBytes) {
    return too_large(JsonPath(path).key("data").str(), "audio data holds more than " +
                                                           std::to_string(kMaxArrayBytes) +
                                                           " bytes (the limit on every target)");
  }
  if (data->size() % (sizeof(float) * static_cast<std::size_t>(*channels)) != 0) {
    return form_error(JsonPath(path).key("data").str(),
                      "audio data must hold whole frames of float32 samples");
  }
  audio.samples = std::move(*data);
  return Value(std::move(audio));
}

Result<Value> decode_bytes(const Map& map, const std::string& path) {
  RM_RETURN_IF_ERROR(expect_keys(map, {"__bytes__", "data"}, path, "bytes"));
  RM_RETURN_IF_ERROR(expect_true_marker(map, "__bytes__", path));
  Result<Buffer> data = decode_data(map, path);
  if (!data) return data.take_error();
  return Value(Bytes{std::move(*data)});
}

Result<Value> decode_float(const Map& map, const std::string& path) {
  RM_RETURN_IF_ERROR(expect_keys(map, {"__float__"}, path, "float"));
  const std::string* text = map.find("__float__")->as_string();
  if (text != nullptr && *text == "nan") return Value(std::numeric_limits<double>::quiet_NaN());
  if (text != nullptr && *text == "inf") return Value(std::numeric_limits<double>::infinity());
  if (text != nullptr && *text == "-inf") return Value(-std::numeric_limits<double>::infinity());
  return form_error(path, "\"__float__\" must be \"nan\", \"inf\" or \"-inf\"");
}

}  // namespace

const char* wire_form_marker_in(const Map& map) {
  for (const char* marker : kWireFormMarkers) {
    if (map.find(marker) != nullptr) return marker;
  }
  return nullptr;
}

Status decode_wire_forms(Value& value, const std::string& path) {
  if (List* list = value.as_list()) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      RM_RETURN_IF_ERROR(decode_wire_forms((*list)[i], JsonPath(path).index(i).str()));
    }
    return Status::ok();
  }
  Map* map = value.as_map();
  if (map == nullptr) return Status::ok();
  Result<Value> decoded = Error{};
  // The same order as kWireFormMarkers: the first marker present picks the form.
  if (map->find("__numpy__")) {
    decoded = decode_tensor(*map, path);
  } else if (map->find("__audio__")) {
    decoded = decode_audio(*map, path);
  } else if (map->find("__bytes__")) {
    decoded = decode_bytes(*map, path);
  } else if (map->find("__float__")) {
    decoded = decode_float(*map, path);
  } else {
    for (std::size_t i = 0; i < map->size(); ++i) {
      RM_RETURN_IF_ERROR(
          decode_wire_forms(map->value_at(i), JsonPath(path).key(map->entry_at(i).first).str()));
    }
    return Status::ok();
  }
  if (!decoded) return decoded.take_error();
  value = std::move(*decoded);
  return Status::ok();
}

}  // namespace remotemedia
