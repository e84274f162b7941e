// The files a PocketSphinxNode names, resolved through the runtime's resource loader and checked
// before pocketsphinx opens any of them: pocketsphinx reads files by path and ends the process on
// some malformed ones, so what can be refused here is refused here, as invalid input at the param
// that names it.
#pragma once

#include <string>

#include "nodes/speech/pocketsphinx/sphinx_decoder.h"
#include "remotemedia/node.h"
#include "remotemedia/status.h"

namespace remotemedia::sphinx {

// Debian's US English model (pocketsphinx-en-us) as a runtime shows it under /models: the CLI
// mounts /usr/share/pocketsphinx/model there (docs/cli.md), a page or package brings the files.
inline constexpr const char* kDefaultHmm = "/models/en-us/en-us";
inline constexpr const char* kDefaultLm = "/models/en-us/en-us.lm.bin";
inline constexpr const char* kDefaultDict = "/models/en-us/cmudict-en-us.dict";

struct ModelFiles {
  DecoderSetup setup;
  std::string key;  // the decoder's cache key: the files' identities and the search
};

// The setup `config`'s validated params describe (hmm, dict, lm | jsgf | keyphrase,
// kws_threshold). Checks that
//   - exactly one search is named (lm defaults to the en-us language model when neither jsgf nor
//     keyphrase is given);
//   - every path is a file (hmm: a directory) under the pipeline's directory or a mount, with no
//     symbolic link leading out;
//   - hmm holds mdef, means, variances, transition_matrices and mixture_weights or sendump, and
//     every model file pocketsphinx would look for in it is contained too;
//   - each file starts the way its format does (a binary or text mdef, "s3" headers, ...).
// Needs config.resources (a runtime).
Result<ModelFiles> resolve_model_files(const NodeConfig& config);

}  // namespace remotemedia::sphinx
