#include "capi/drained_outputs.h"

#include "core/json_writer.h"

namespace remotemedia::capi {
namespace {

Value ref_to(Buffer buffer, std::vector<Buffer>& buffers) {
  buffers.push_back(std::move(buffer));
  return Value(static_cast<std::int64_t>(buffers.size() - 1));
}

// Replaces every tensor, audio and bytes value inside `value` by its binary-ref form.
Value with_binary_refs(Value value, std::vector<Buffer>& buffers) {
  switch (value.kind()) {
    case ValueKind::kTensor: {
      Tensor* tensor = value.as_tensor();
      List shape;
      for (std::int64_t dim : tensor->shape) shape.emplace_back(dim);
      Map meta{{"dtype", Value(dtype_name(tensor->dtype))}, {"shape", Value(std::move(shape))}};
      Value ref = ref_to(std::move(tensor->data), buffers);
      return Map{{"__numpy__", Value(true)},
                 {"array", Value(Map{{"meta", Value(std::move(meta))}, {"binary", ref}})}};
    }
    case ValueKind::kAudio: {
      Audio* audio = value.as_audio();
      Map form{{"__audio__", Value(true)},
               {"sample_rate", Value(audio->sample_rate)},
               {"channels", Value(audio->channels)}};
      if (audio->start_frame != 0) form.set("start_frame", Value(audio->start_frame));
      form.set("binary", ref_to(std::move(audio->samples), buffers));
      return form;
    }
    case ValueKind::kBytes: {
      Buffer data = value.as_bytes()->data;
      return Map{{"__bytes__", Value(true)}, {"binary", ref_to(std::move(data), buffers)}};
    }
    case ValueKind::kList: {
      List* list = value.as_list();
      for (Value& item : *list) item = with_binary_refs(std::move(item), buffers);
      return value;
    }
    case ValueKind::kMap: {
      Map* map = value.as_map();
      for (std::size_t i = 0; i < map->size(); ++i) {
        map->value_at(i) = with_binary_refs(std::move(map->value_at(i)), buffers);
      }
      return value;
    }
    default:
      return value;
  }
}

}  // namespace

DrainedDocument drained_document(std::vector<std::pair<std::string, List>> sinks,
                                 bool binary_refs) {
  DrainedDocument out;
  Map document;
  for (auto& [id, items] : sinks) {
    if (binary_refs) {
      for (Value& item : items) item = with_binary_refs(std::move(item), out.buffers);
    }
    document.set(std::move(id), Value(std::move(items)));
  }
  out.json = to_json(Value(std::move(document)));
  return out;
}

}  // namespace remotemedia::capi
