#include "nodes/speech/pocketsphinx/sphinx_model_files.h"

#include <string>
#include <utility>

#include "nodes/speech/pocketsphinx/sphinx_file_checks.h"
#include "remotemedia/error_codes.h"
#include "remotemedia/resources.h"

namespace remotemedia::sphinx {
namespace {

using PathKind = ResourceLoader::PathKind;

// The files pocketsphinx looks for in an acoustic model directory, with the argument that names
// each explicitly, and how each is checked before pocketsphinx reads it.
enum class Check { kNone, kMdef, kGaussians, kArray3d, kSendump };
struct HmmFile {
  const char* name;
  const char* arg;
  bool required;
  Check check;
};
constexpr HmmFile kHmmFiles[] = {
    {"mdef", "-mdef", true, Check::kMdef},
    {"means", "-mean", true, Check::kGaussians},
    {"variances", "-var", true, Check::kGaussians},
    {"transition_matrices", "-tmat", true, Check::kArray3d},
    {"mixture_weights", "-mixw", false, Check::kArray3d},
    {"sendump", "-sendump", false, Check::kSendump},
    {"noisedict", "-fdict", false, Check::kNone},
    {"feature_transform", "-lda", false, Check::kArray3d},
    {"feat.params", "-featparams", false, Check::kNone},
    {"senmgau", "-senmgau", false, Check::kNone},
};

// What is wrong with the file at `path` for `check`; "" when nothing is found. The files are
// checked in kHmmFiles' order, so `facts` holds what mdef and means said by sendump's turn.
std::string problem_of(const std::string& path, Check check, ModelFacts* facts) {
  switch (check) {
    case Check::kMdef:
      return check_mdef_file(path, facts);
    case Check::kGaussians:
      return check_s3_file(path, S3Layout::kGaussians, facts);
    case Check::kArray3d:
      return check_s3_file(path, S3Layout::kArray3d, nullptr);
    case Check::kSendump:
      return check_sendump_file(path, *facts);
    case Check::kNone:
      break;
  }
  return "";
}

const std::string& string_param(const NodeConfig& config, const char* name) {
  return *config.params.find(name)->as_string();
}

double number_param(const NodeConfig& config, const char* name) {
  const Value& value = *config.params.find(name);
  if (const double* number = value.as_float()) return *number;
  return static_cast<double>(*value.as_int());
}

class Resolver {
 public:
  explicit Resolver(const NodeConfig& config)
      : config_(config), loader_(*config.resources), params_(config.json_path + ".params.") {}

  // `ref` (the value of param `param`) as a contained host path of `kind`; adds its identity to
  // the key.
  Result<std::string> path(const std::string& param, const std::string& ref, PathKind kind) {
    Result<std::string> resolved = loader_.path(ref, kind, params_ + param, config_.id);
    if (!resolved) {
      Error error = resolved.take_error();
      if (ref.rfind("/models/en-us/", 0) == 0) {
        error.message +=
            "; the default model is Debian's pocketsphinx-en-us, which the CLI shows as /models "
            "when /usr/share/pocketsphinx/model exists (or give --models DIR; a page or package "
            "brings the files under /models)";
      }
      return error;
    }
    if (kind == PathKind::kFile) {
      Result<std::string> identity = loader_.identity(ref, params_ + param, config_.id);
      if (!identity) return identity.take_error();
      key_ += param + "=" + *identity + ";";
    }
    return resolved;
  }

  Error bad_file(const std::string& param, const std::string& what) const {
    return invalid_input(errc::invalid_model, what, params_ + param, config_.id);
  }

  // The acoustic model directory `hmm`: every file pocketsphinx may open in it, checked and
  // named explicitly.
  Status add_hmm(const std::string& hmm, DecoderSetup& setup) {
    Result<std::string> dir = path("hmm", hmm, PathKind::kDirectory);
    if (!dir) return dir.take_error();
    setup.hmm = *dir;
    bool has_weights = false;
    ModelFacts facts;
    for (const HmmFile& file : kHmmFiles) {
      const std::string ref = hmm + "/" + file.name;
      Result<std::string> found = path("hmm", ref, PathKind::kFile);
      if (!found) {
        if (found.error().code == errc::resource_outside) return found.take_error();
        // Absent (or not a regular file, which pocketsphinx would not take either).
        if (file.required) {
          return bad_file("hmm", "'" + hmm + "' is not a PocketSphinx acoustic model: it has no " +
                                     file.name + " file");
        }
        continue;
      }
      const std::string problem = problem_of(*found, file.check, &facts);
      if (!problem.empty()) {
        return bad_file("hmm", "'" + ref + "' is not a usable PocketSphinx " + file.name +
                                   " file: it " + problem);
      }
      if (std::string(file.name) == "mixture_weights" || std::string(file.name) == "sendump") {
        has_weights = true;
      }
      setup.hmm_args.insert(setup.hmm_args.end(), {file.arg, *found});
    }
    if (!has_weights) {
      return bad_file("hmm", "'" + hmm +
                                 "' is not a PocketSphinx acoustic model: it has neither "
                                 "mixture_weights nor sendump");
    }
    return Status::ok();
  }

  std::string key() const { return key_; }

 private:
  const NodeConfig& config_;
  const ResourceLoader& loader_;
  std::string params_;
  std::string key_ = "pocketsphinx:";
};

}  // namespace

Result<ModelFiles> resolve_model_files(const NodeConfig& config) {
  const std::string params = config.json_path + ".params.";
  if (config.resources == nullptr) {
    return invalid_input(errc::resource_not_found,
                         "PocketSphinxNode loads its model through a runtime", params + "hmm",
                         config.id);
  }
  ModelFiles files;
  DecoderSetup& setup = files.setup;
  const std::string& lm = string_param(config, "lm");
  const std::string& jsgf = string_param(config, "jsgf");
  const std::string& keyphrase = string_param(config, "keyphrase");
  const int searches = !lm.empty() + !jsgf.empty() + !keyphrase.empty();
  if (searches > 1) {
    return invalid_input(errc::invalid_param,
                         "give one of lm, jsgf and keyphrase: they are different searches",
                         params + (jsgf.empty() ? "keyphrase" : "jsgf"), config.id);
  }

  Resolver resolver(config);
  RM_RETURN_IF_ERROR(resolver.add_hmm(string_param(config, "hmm"), setup));
  Result<std::string> dict = resolver.path("dict", string_param(config, "dict"), PathKind::kFile);
  if (!dict) return dict.take_error();
  setup.dict = *dict;

  std::string search;
  if (!jsgf.empty()) {
    Result<std::string> grammar = resolver.path("jsgf", jsgf, PathKind::kFile);
    if (!grammar) return grammar.take_error();
    setup.jsgf = *grammar;
  } else if (!keyphrase.empty()) {
    setup.keyphrase = keyphrase;
    setup.kws_threshold = number_param(config, "kws_threshold");
    search =
        "keyphrase=" + keyphrase + ";kws_threshold=" + argument_text(setup.kws_threshold) + ";";
  } else {
    const std::string lm_ref = lm.empty() ? std::string(kDefaultLm) : lm;
    Result<std::string> model = resolver.path("lm", lm_ref, PathKind::kFile);
    if (!model) return model.take_error();
    setup.lm = *model;
  }
  files.key = resolver.key() + search;
  return files;
}

}  // namespace remotemedia::sphinx
