#include "remotemedia/runtime.h"

#include <algorithm>
#include <chrono>
#include <new>
#include <optional>

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/manifest.h"
#include "core/pipeline.h"
#include "core/wire_forms.h"
#include "nodes/register_builtin_nodes.h"

#ifdef REMOTEMEDIA_WITH_PYTHON
#include "python/interpreter.h"
#endif

namespace remotemedia {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The document, decoded and parsed into a request; `what` names it in the size message.
Result<PipelineRequest> parse_document(std::string_view text, const CallOptions& options,
                                       const char* what) {
  if (text.size() > options.max_input_bytes) {
    Error error = invalid_input(errc::input_too_large,
                                std::string("the ") + what + " is larger than " +
                                    std::to_string(options.max_input_bytes) + " bytes");
    error.option = "max_input_bytes";
    return error;
  }
  Result<Value> document = parse_json(text);
  if (!document) return document.take_error();
  RM_RETURN_IF_ERROR(decode_wire_forms(*document, "$"));
  return parse_request(std::move(*document));
}

#ifdef REMOTEMEDIA_WITH_PYTHON
Error already_started(const std::string& running_with, const std::string& option) {
  Error error =
      invalid_input(errc::python_already_started,
                    "the embedded Python already runs with " + running_with +
                        " (it starts once per process, with the options of the first runtime)",
                    "$." + option);
  return error;
}

// Configures the interpreter for `config` before it starts, or checks that the running one
// matches what `config` asks for.
Status configure_python(const RuntimeConfig& config) {
  namespace python = remotemedia::python;
  const python::InterpreterOptions& running = python::interpreter_options();
  if (!python::interpreter_started()) {
    python::InterpreterOptions wanted = running;
    if (config.recursion_limit != 0) wanted.recursion_limit = config.recursion_limit;
    if (!config.module_search_paths.empty()) {
      wanted.module_search_paths = config.module_search_paths;
    }
    RM_RETURN_IF_ERROR(python::configure_interpreter(std::move(wanted)));
  } else if (config.recursion_limit != 0 && config.recursion_limit != running.recursion_limit) {
    return already_started("recursion_limit " + std::to_string(running.recursion_limit),
                           "recursion_limit");
  } else if (!config.module_search_paths.empty() &&
             config.module_search_paths != running.module_search_paths) {
    return already_started("other module_search_paths", "module_search_paths");
  }
  if (config.start_python) return python::ensure_interpreter();
  return Status::ok();
}
#endif

// An input item small enough to repeat in an error: a scalar, or a string of at most 80 bytes.
bool small_enough_to_show(const Value& item) {
  if (const std::string* text = item.as_string()) return text->size() <= 80;
  return item.is_null() || item.as_bool() != nullptr || item.as_int() != nullptr ||
         item.as_float() != nullptr;
}

}  // namespace

std::string error_message(const Error& error, const CallOptions& options) {
  if (error.option.empty()) return error.message;
  return error.message + " (" + options.spelling(error.option) + ")";
}

std::string error_document(const Error& error, const CallOptions& options) {
  Map body{{"code", Value(error.code)}, {"message", Value(error_message(error, options))}};
  if (!error.node_id.empty()) body.set("node_id", Value(error.node_id));
  if (!error.path.empty()) body.set("path", Value(error.path));
  for (const Map::Entry& entry : error.details) body.set(entry.first, entry.second);
  return to_json(Map{{"status", Value("error")}, {"error", Value(std::move(body))}});
}

RunResult error_result(Error error, const CallOptions& options) {
  RunResult result;
  result.document = error_document(error, options);
  result.failed = true;
  result.error = std::move(error);
  return result;
}

Result<std::unique_ptr<Runtime>> Runtime::create(const RuntimeConfig& config) {
#ifdef REMOTEMEDIA_WITH_PYTHON
  RM_RETURN_IF_ERROR(configure_python(config));
#endif
  std::unique_ptr<Runtime> runtime(new (std::nothrow) Runtime());
  if (!runtime) return run_failure(errc::out_of_memory, "cannot allocate a runtime");
  runtime->config_ = config;
  RM_RETURN_IF_ERROR(register_builtin_nodes(runtime->registry_));
  return runtime;
}

Runtime::~Runtime() = default;

BuildOptions Runtime::build_options(const CallOptions& options) {
  BuildOptions build;
  build.base_dir = options.base_dir.empty() ? config_.base_dir : options.base_dir;
  build.collect_metrics = options.metrics;
  build.progress = options.progress;
  build.limits.max_output_items = options.max_output_items;
  build.limits.max_output_bytes = options.max_output_bytes;
  std::vector<ResourceMount> mounts = options.mounts;
  for (const ResourceMount& mount : config_.mounts) {
    const bool replaced = std::any_of(mounts.begin(), mounts.end(), [&](const ResourceMount& m) {
      return m.prefix == mount.prefix;
    });
    if (!replaced) mounts.push_back(mount);
  }
  build.resources = std::make_shared<ResourceLoader>(&cache_, build.base_dir, std::move(mounts));
  return build;
}

RunResult Runtime::run(std::string_view text, const CallOptions& options) {
  RunMetrics metrics;
  Clock::time_point start = Clock::now();
  Result<PipelineRequest> request = parse_document(text, options, "document");
  if (!request) return error_result(request.take_error(), options);
  metrics.parse_ms = ms_since(start);

  start = Clock::now();
  const ResourceCache::ObjectCounts before = cache_.object_counts();
  Result<std::unique_ptr<Pipeline>> built =
      Pipeline::build(request->manifest, registry_, build_options(options));
  if (!built) return error_result(built.take_error(), options);
  Pipeline& pipeline = **built;
  metrics.build_ms = ms_since(start);
  metrics.resources_built = cache_.object_counts().built - before.built;
  metrics.resources_reused = cache_.object_counts().reused - before.reused;

  RunResult result;
  if (options.validate) {
    result.document =
        to_json(Map{{"status", Value("valid")}, {"graph_info", graph_info_value(pipeline.info())}});
    result.metrics = std::move(metrics);
    return result;
  }

  start = Clock::now();
  Status status = pipeline.open();
  for (std::size_t i = 0; i < request->input_data.size() && status.is_ok(); ++i) {
    Value& item = request->input_data[i];
    std::optional<Value> shown;
    if (small_enough_to_show(item)) shown = item;
    status = pipeline.push(std::move(item));
    if (!status.is_ok() && status.error().category == ErrorCategory::kRunFailure) {
      // Which input the run failed on (0-based), and the item itself when it is small.
      status.error().details.set("input_index", Value(static_cast<std::int64_t>(i)));
      if (shown) status.error().details.set("input", std::move(*shown));
    }
  }
  if (status.is_ok()) status = pipeline.finish();
  metrics.run_ms = ms_since(start);
  if (!status.is_ok()) {
    result = error_result(status.take_error(), options);
  } else {
    Map outputs;
    for (auto& [id, items] : pipeline.drain_outputs()) {
      outputs.set(std::move(id), Value(std::move(items)));
    }
    result.document = to_json(Map{{"status", Value("success")},
                                  {"outputs", Value(std::move(outputs))},
                                  {"graph_info", graph_info_value(pipeline.info())}});
  }
  if (options.metrics) metrics.nodes = pipeline.metrics();
  result.metrics = std::move(metrics);
  return result;
}

Result<std::unique_ptr<Pipeline>> Runtime::open_pipeline(std::string_view manifest,
                                                         const CallOptions& options) {
  Result<PipelineRequest> request = parse_document(manifest, options, "manifest");
  if (!request) return request.take_error();
  if (!request->input_data.empty()) {
    return invalid_input(
        errc::invalid_argument,
        "a streaming pipeline takes its items from push calls, not from input_data",
        "$.input_data");
  }
  Result<std::unique_ptr<Pipeline>> built =
      Pipeline::build(request->manifest, registry_, build_options(options));
  if (!built) return built;
  RM_RETURN_IF_ERROR((*built)->open());
  return built;
}

}  // namespace remotemedia
