// The C ABI (include/remotemedia/c_api.h) over the runtime's C++ API. Each function checks its
// arguments, calls into the core and turns an Error into a status plus rm_last_error(); no
// pipeline logic lives here.
#include "remotemedia/c_api.h"

#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "capi/capi_errors.h"
#include "capi/drained_outputs.h"
#include "capi/linear_memory_cap.h"
#include "capi/runtime_options.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/pipeline.h"
#include "core/wire_forms.h"
#include "entry/report_output.h"
#include "remotemedia/runtime.h"

using remotemedia::Buffer;
using remotemedia::CallOptions;
using remotemedia::Error;
using remotemedia::Pipeline;
using remotemedia::PipelineState;
using remotemedia::Result;
using remotemedia::Status;
using remotemedia::Value;
namespace errc = remotemedia::errc;

struct rm_runtime {
  std::unique_ptr<remotemedia::Runtime> runtime;
  rm_progress_callback progress = nullptr;  // rm_runtime_set_progress_callback
  void* progress_user_data = nullptr;
};

struct rm_pipeline {
  std::unique_ptr<Pipeline> pipeline;
  std::string info_json;
  // The options it was made with: its errors name options in the caller's spelling.
  CallOptions options;
};

struct rm_result {
  std::string data;
  std::int32_t exit_code = 0;
  std::string metrics;
  std::vector<Buffer> buffers;
};

// rm_dtype is the C spelling of remotemedia::DType (and the source of the JS package's table).
#define RM_SAME_DTYPE(c, cpp) \
  static_assert(static_cast<int>(remotemedia::DType::cpp) == (c), "rm_dtype differs from DType")
RM_SAME_DTYPE(RM_DTYPE_FLOAT32, kFloat32);
RM_SAME_DTYPE(RM_DTYPE_FLOAT64, kFloat64);
RM_SAME_DTYPE(RM_DTYPE_INT8, kInt8);
RM_SAME_DTYPE(RM_DTYPE_INT16, kInt16);
RM_SAME_DTYPE(RM_DTYPE_INT32, kInt32);
RM_SAME_DTYPE(RM_DTYPE_INT64, kInt64);
RM_SAME_DTYPE(RM_DTYPE_UINT8, kUint8);
RM_SAME_DTYPE(RM_DTYPE_UINT16, kUint16);
RM_SAME_DTYPE(RM_DTYPE_UINT32, kUint32);
RM_SAME_DTYPE(RM_DTYPE_UINT64, kUint64);
#undef RM_SAME_DTYPE

namespace {

using remotemedia::capi::bad_argument;
using remotemedia::capi::check_block;
using remotemedia::capi::fail;
using remotemedia::capi::text_of;

rm_status hand_out(rm_result* result, rm_result** out_result) {
  if (result == nullptr) return remotemedia::capi::out_of_memory("a result");
  *out_result = result;
  return RM_OK;
}

// The options of one call, parsed; null text with a zero length means every default.
Result<CallOptions> call_options(const char* options_json, std::size_t len) {
  Result<std::string_view> text = text_of(options_json, len, "options_json");
  if (!text) return text.error();
  return remotemedia::parse_call_options(*text);
}

// The value of a JSON push, wire forms decoded. Invalid JSON or forms are invalid input.
Result<Value> parse_value(const char* value_json, std::size_t len) {
  Result<std::string_view> text = text_of(value_json, len, "value_json");
  if (!text) return text.error();
  Result<Value> value = remotemedia::parse_json(*text);
  if (!value) return value;
  RM_RETURN_IF_ERROR(remotemedia::decode_wire_forms(*value, "$"));
  return value;
}

// Pushes into every source (source_id null, id_len 0) or the named one.
rm_status push_value(rm_pipeline* pipeline, const char* source_id, std::size_t id_len,
                     Value value) {
  Result<std::string_view> id = text_of(source_id, id_len, "source_id");
  if (!id) return fail(id.error());
  Status status = source_id == nullptr ? pipeline->pipeline->push(std::move(value))
                                       : pipeline->pipeline->push(*id, std::move(value));
  return status.is_ok() ? RM_OK : fail(std::move(status), pipeline->options);
}

// Checks what every push needs before its value is made: a pipeline that is open.
rm_status check_push(const rm_pipeline* pipeline) {
  if (pipeline == nullptr) return bad_argument("pipeline must not be null");
  Status open = pipeline->pipeline->require(PipelineState::kOpen, "push()");
  return open.is_ok() ? RM_OK : fail(std::move(open));
}

std::shared_ptr<void> owned_by_runtime(void* block) {
  return std::shared_ptr<void>(block, [](void* p) { rm_free(p); });
}

// Routes the progress of a call's nodes to `runtime`'s callback, if it has one.
void report_progress_of(const rm_runtime& runtime, CallOptions& options) {
  if (runtime.progress == nullptr) return;
  options.progress = [callback = runtime.progress, user_data = runtime.progress_user_data](
                         const std::string& node_id, std::uint64_t done, std::uint64_t total) {
    callback(user_data, node_id.c_str(), node_id.size(), done, total);
  };
}

}  // namespace

extern "C" {

uint32_t rm_abi_version(void) {
  return RM_ABI_VERSION;
}

void* rm_alloc(size_t size) {
  constexpr size_t kAlign = 64;
  if (size == 0) size = 1;
  if (size > SIZE_MAX - (kAlign - 1)) return nullptr;
  return std::aligned_alloc(kAlign, (size + kAlign - 1) / kAlign * kAlign);
}

void rm_free(void* ptr) {
  std::free(ptr);
}

const char* rm_last_error(void) {
  return remotemedia::capi::last_error().c_str();
}

size_t rm_last_error_len(void) {
  return remotemedia::capi::last_error().size();
}

rm_status rm_runtime_create(const char* options_json, size_t len, rm_runtime** out_runtime) {
  if (out_runtime == nullptr) return bad_argument("out_runtime must not be null");
  Result<std::string_view> text = text_of(options_json, len, "options_json");
  if (!text) return fail(text.error());
  Result<remotemedia::capi::RuntimeOptions> options =
      remotemedia::capi::parse_runtime_options(*text);
  if (!options) return fail(options.error());
  if (options->max_memory_bytes != 0)
    remotemedia::capi::cap_linear_memory(options->max_memory_bytes);
#ifdef __wasi__
  // A failed C++ allocation cannot be recovered from in the instance (no exceptions): end it in a
  // way its host recognises (c_api.h).
  std::set_new_handler([] { std::_Exit(RM_OUT_OF_MEMORY_EXIT_CODE); });
#endif
  // CPython starts here (RuntimeConfig::start_python), once per process, rather than inside the
  // first Python node's factory.
  Result<std::unique_ptr<remotemedia::Runtime>> made =
      remotemedia::Runtime::create(options->config);
  if (!made) return fail(made.error());
  std::unique_ptr<rm_runtime> runtime(new (std::nothrow) rm_runtime());
  if (!runtime) return remotemedia::capi::out_of_memory("a runtime");
  runtime->runtime = std::move(*made);
  *out_runtime = runtime.release();
  return RM_OK;
}

void rm_runtime_free(rm_runtime* runtime) {
  delete runtime;
}

rm_status rm_runtime_add_resource(rm_runtime* runtime, const char* name, size_t name_len,
                                  void* data, size_t len) {
  std::shared_ptr<void> owner = owned_by_runtime(data);
  if (runtime == nullptr) return bad_argument("runtime must not be null");
  if (name == nullptr) return bad_argument("name is null");
  Result<std::string_view> text = text_of(name, name_len, "name");
  if (!text) return fail(text.error());
  if (Status block = check_block(data, len, "data"); !block.is_ok()) return fail(std::move(block));
  Buffer bytes =
      len == 0 ? Buffer() : Buffer::adopt_read_only(static_cast<std::uint8_t*>(data), len, owner);
  Status added = runtime->runtime->add_resource(std::string(*text), std::move(bytes));
  return added.is_ok() ? RM_OK : fail(std::move(added));
}

rm_status rm_runtime_set_progress_callback(rm_runtime* runtime, rm_progress_callback callback,
                                           void* user_data) {
  if (runtime == nullptr) return bad_argument("runtime must not be null");
  runtime->progress = callback;
  runtime->progress_user_data = callback == nullptr ? nullptr : user_data;
  return RM_OK;
}

rm_status rm_run(rm_runtime* runtime, const char* doc, size_t len, const char* options_json,
                 size_t options_len, rm_result** out_result) {
  if (runtime == nullptr || out_result == nullptr) {
    return bad_argument("runtime and out_result must not be null");
  }
  Result<std::string_view> text = text_of(doc, len, "doc");
  if (!text) return fail(text.error());
  Result<CallOptions> options = call_options(options_json, options_len);
  if (!options) return fail(options.error());
  report_progress_of(*runtime, *options);
  remotemedia::RunResult run = runtime->runtime->run(*text, *options);
  rm_result* result = new (std::nothrow) rm_result();
  if (result != nullptr) {
    result->data = std::move(run.document);
    result->data += '\n';
    result->exit_code = run.failed ? remotemedia::exit_code_of(run.error) : 0;
    if (options->metrics && !options->validate) {
      result->metrics = remotemedia::metrics_json(run.metrics);
    }
  }
  return hand_out(result, out_result);
}

rm_status rm_pipeline_create(rm_runtime* runtime, const char* manifest, size_t len,
                             const char* options_json, size_t options_len,
                             rm_pipeline** out_pipeline) {
  if (runtime == nullptr || out_pipeline == nullptr) {
    return bad_argument("runtime and out_pipeline must not be null");
  }
  Result<std::string_view> text = text_of(manifest, len, "manifest");
  if (!text) return fail(text.error());
  Result<CallOptions> options = call_options(options_json, options_len);
  if (!options) return fail(options.error());
  if (options->validate) {
    return fail(
        remotemedia::invalid_input(
            errc::invalid_option,
            "validate is an option of rm_run; a pipeline is always built and opened", "$.validate"),
        *options);
  }
  report_progress_of(*runtime, *options);
  Result<std::unique_ptr<Pipeline>> opened = runtime->runtime->open_pipeline(*text, *options);
  if (!opened) return fail(opened.error(), *options);
  std::unique_ptr<rm_pipeline> pipeline(new (std::nothrow) rm_pipeline());
  if (!pipeline) return remotemedia::capi::out_of_memory("a pipeline");
  pipeline->info_json = remotemedia::to_json(remotemedia::graph_info_value((*opened)->info()));
  pipeline->pipeline = std::move(*opened);
  pipeline->options = std::move(*options);
  *out_pipeline = pipeline.release();
  return RM_OK;
}

rm_status rm_pipeline_push(rm_pipeline* pipeline, const char* value_json, size_t len) {
  return rm_pipeline_push_to(pipeline, nullptr, 0, value_json, len);
}

rm_status rm_pipeline_push_to(rm_pipeline* pipeline, const char* source_id, size_t id_len,
                              const char* value_json, size_t len) {
  if (rm_status checked = check_push(pipeline); checked != RM_OK) return checked;
  Result<Value> value = parse_value(value_json, len);
  if (!value) return fail(value.error());
  return push_value(pipeline, source_id, id_len, std::move(*value));
}

rm_status rm_pipeline_push_tensor(rm_pipeline* pipeline, const char* source_id, size_t id_len,
                                  int32_t dtype, const int64_t* shape, size_t ndim, void* data,
                                  size_t nbytes) {
  std::shared_ptr<void> owner = owned_by_runtime(data);
  if (rm_status checked = check_push(pipeline); checked != RM_OK) return checked;
  if (dtype < RM_DTYPE_FLOAT32 || dtype > RM_DTYPE_UINT64) {
    return bad_argument("dtype " + std::to_string(dtype) + " is not an rm_dtype");
  }
  if (shape == nullptr && ndim != 0) return bad_argument("shape is null but ndim is not 0");
  remotemedia::Tensor tensor;
  tensor.dtype = static_cast<remotemedia::DType>(dtype);  // the same order (asserted above)
  if (ndim > remotemedia::kMaxTensorDims) {
    return fail(remotemedia::invalid_input(
        errc::value_too_large,
        "a tensor has at most " + std::to_string(remotemedia::kMaxTensorDims) + " dimensions"));
  }
  tensor.shape.assign(shape, shape + ndim);
  std::uint64_t need = 0;
  std::string problem = remotemedia::tensor_shape_problem(tensor.dtype, tensor.shape, &need);
  if (!problem.empty()) return fail(remotemedia::invalid_input(errc::value_too_large, problem));
  if (nbytes != need) {
    return bad_argument("nbytes is " + std::to_string(nbytes) + " but shape and dtype need " +
                        std::to_string(need));
  }
  if (need != 0 && data == nullptr) return bad_argument("data is null but the tensor is not empty");
  if (Status block = check_block(data, nbytes, "data"); !block.is_ok())
    return fail(std::move(block));
  if (reinterpret_cast<std::uintptr_t>(data) % remotemedia::dtype_size(tensor.dtype) != 0) {
    return bad_argument("data is not aligned for its dtype (use rm_alloc)");
  }
  if (need != 0) tensor.data = Buffer::adopt(static_cast<std::uint8_t*>(data), nbytes, owner);
  return push_value(pipeline, source_id, id_len, Value(std::move(tensor)));
}

namespace {

// The checks both audio pushes make on their arguments; RM_OK when they describe audio the
// runtime takes (the block itself is checked by the caller).
rm_status check_audio_args(rm_pipeline* pipeline, int64_t sample_rate, int32_t channels,
                           int64_t start_frame, const float* samples, size_t sample_count) {
  if (rm_status checked = check_push(pipeline); checked != RM_OK) return checked;
  if (sample_rate <= 0) return bad_argument("sample_rate must be positive");
  if (channels < 1 || channels > 256) return bad_argument("channels must be in 1..256");
  if (start_frame < 0) return bad_argument("start_frame must be at least 0");
  if (sample_count % static_cast<size_t>(channels) != 0) {
    return bad_argument("sample_count must be a whole number of frames (a multiple of channels)");
  }
  if (sample_count > remotemedia::kMaxArrayBytes / sizeof(float)) {
    return fail(remotemedia::invalid_input(errc::value_too_large,
                                           "audio data holds more than " +
                                               std::to_string(remotemedia::kMaxArrayBytes) +
                                               " bytes (the limit on every target)"));
  }
  if (sample_count != 0 && samples == nullptr)
    return bad_argument("samples is null but sample_count is not 0");
  return RM_OK;
}

rm_status push_audio_samples(rm_pipeline* pipeline, const char* source_id, size_t id_len,
                             int64_t sample_rate, int32_t channels, int64_t start_frame,
                             Buffer samples) {
  remotemedia::Audio audio;
  audio.sample_rate = sample_rate;
  audio.channels = channels;
  audio.start_frame = start_frame;
  audio.samples = std::move(samples);
  return push_value(pipeline, source_id, id_len, Value(std::move(audio)));
}

}  // namespace

rm_status rm_pipeline_push_audio(rm_pipeline* pipeline, const char* source_id, size_t id_len,
                                 int64_t sample_rate, int32_t channels, int64_t start_frame,
                                 float* samples, size_t sample_count) {
  std::shared_ptr<void> owner = owned_by_runtime(samples);
  if (rm_status checked =
          check_audio_args(pipeline, sample_rate, channels, start_frame, samples, sample_count);
      checked != RM_OK) {
    return checked;
  }
  if (Status block = check_block(samples, sample_count * sizeof(float), "samples");
      !block.is_ok()) {
    return fail(std::move(block));
  }
  if (reinterpret_cast<std::uintptr_t>(samples) % alignof(float) != 0) {
    return bad_argument("samples is not aligned for float (use rm_alloc)");
  }
  Buffer data;
  if (sample_count != 0) {
    data = Buffer::adopt(reinterpret_cast<std::uint8_t*>(samples), sample_count * sizeof(float),
                         owner);
  }
  return push_audio_samples(pipeline, source_id, id_len, sample_rate, channels, start_frame,
                            std::move(data));
}

rm_status rm_pipeline_push_audio_copy(rm_pipeline* pipeline, const char* source_id, size_t id_len,
                                      int64_t sample_rate, int32_t channels, int64_t start_frame,
                                      const float* samples, size_t sample_count) {
  if (rm_status checked =
          check_audio_args(pipeline, sample_rate, channels, start_frame, samples, sample_count);
      checked != RM_OK) {
    return checked;
  }
  Buffer data;
  if (sample_count != 0) data = Buffer::copy_of(samples, sample_count * sizeof(float));
  return push_audio_samples(pipeline, source_id, id_len, sample_rate, channels, start_frame,
                            std::move(data));
}

rm_status rm_pipeline_flush(rm_pipeline* pipeline) {
  if (pipeline == nullptr) return bad_argument("pipeline must not be null");
  Status finished = pipeline->pipeline->finish();
  return finished.is_ok() ? RM_OK : fail(std::move(finished), pipeline->options);
}

namespace {

rm_status hand_out_drained(std::vector<std::pair<std::string, remotemedia::List>> sinks,
                           uint32_t flags, rm_result** out_result) {
  remotemedia::capi::DrainedDocument drained =
      remotemedia::capi::drained_document(std::move(sinks), (flags & RM_DRAIN_BINARY) != 0);
  rm_result* result = new (std::nothrow) rm_result();
  if (result != nullptr) {
    result->data = std::move(drained.json);
    result->buffers = std::move(drained.buffers);
  }
  return hand_out(result, out_result);
}

}  // namespace

rm_status rm_pipeline_drain(rm_pipeline* pipeline, uint32_t flags, rm_result** out_result) {
  if (pipeline == nullptr || out_result == nullptr) {
    return bad_argument("pipeline and out_result must not be null");
  }
  if ((flags & ~RM_DRAIN_BINARY) != 0) return bad_argument("unknown rm_pipeline_drain flags");
  return hand_out_drained(pipeline->pipeline->drain_outputs(), flags, out_result);
}

rm_status rm_pipeline_drain_some(rm_pipeline* pipeline, const char* sinks_json, size_t sinks_len,
                                 size_t max_items, uint32_t flags, rm_result** out_result) {
  if (pipeline == nullptr || out_result == nullptr) {
    return bad_argument("pipeline and out_result must not be null");
  }
  if ((flags & ~RM_DRAIN_BINARY) != 0) return bad_argument("unknown rm_pipeline_drain_some flags");
  std::vector<std::string> sinks;
  if (sinks_json != nullptr) {
    Result<Value> parsed = parse_value(sinks_json, sinks_len);
    const remotemedia::List* names = parsed ? parsed->as_list() : nullptr;
    if (names == nullptr) return bad_argument("sinks_json must be a JSON array of sink ids");
    for (const Value& name : *names) {
      if (name.as_string() == nullptr) {
        return bad_argument("sinks_json must be a JSON array of sink ids");
      }
      sinks.push_back(*name.as_string());
    }
  }
  Result<std::vector<std::pair<std::string, remotemedia::List>>> taken =
      pipeline->pipeline->drain_outputs(sinks, max_items);
  if (!taken) return bad_argument(taken.error().message);
  return hand_out_drained(std::move(*taken), flags, out_result);
}

int32_t rm_pipeline_state(const rm_pipeline* pipeline) {
  if (pipeline == nullptr) return 0;
  switch (pipeline->pipeline->state()) {
    case PipelineState::kBuilt:
    case PipelineState::kOpen:
      return RM_PIPELINE_OPEN;
    case PipelineState::kFinished:
      return RM_PIPELINE_FINISHED;
    case PipelineState::kFailed:
      return RM_PIPELINE_FAILED;
  }
  return 0;
}

const char* rm_pipeline_info(const rm_pipeline* pipeline) {
  return pipeline == nullptr ? "" : pipeline->info_json.c_str();
}

size_t rm_pipeline_info_len(const rm_pipeline* pipeline) {
  return pipeline == nullptr ? 0 : pipeline->info_json.size();
}

void rm_pipeline_free(rm_pipeline* pipeline) {
  delete pipeline;
}

const char* rm_result_data(const rm_result* result) {
  return result == nullptr ? "" : result->data.c_str();
}

size_t rm_result_len(const rm_result* result) {
  return result == nullptr ? 0 : result->data.size();
}

int32_t rm_result_exit_code(const rm_result* result) {
  return result == nullptr ? 0 : result->exit_code;
}

const char* rm_result_metrics(const rm_result* result) {
  return result == nullptr ? "" : result->metrics.c_str();
}

size_t rm_result_metrics_len(const rm_result* result) {
  return result == nullptr ? 0 : result->metrics.size();
}

size_t rm_result_binary_count(const rm_result* result) {
  return result == nullptr ? 0 : result->buffers.size();
}

const void* rm_result_binary_data(const rm_result* result, size_t index) {
  if (result == nullptr || index >= result->buffers.size()) return nullptr;
  return result->buffers[index].data();
}

size_t rm_result_binary_len(const rm_result* result, size_t index) {
  if (result == nullptr || index >= result->buffers.size()) return 0;
  return result->buffers[index].size();
}

void rm_result_free(rm_result* result) {
  delete result;
}

}  // extern "C"
