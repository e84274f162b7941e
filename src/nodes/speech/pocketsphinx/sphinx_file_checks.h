// Structural checks of PocketSphinx's binary model files, run before pocketsphinx reads them:
// pocketsphinx trusts a file's counts and offsets, so a truncated or mismatched file can make it
// read past its buffers or end the process. These checks refuse files whose size disagrees with
// their own header and counts, and binary model definitions whose phone and senone indices point
// outside their tables. They are not a proof that a crafted file is harmless (docs/nodes.md).
#pragma once

#include <cstdint>
#include <string>

namespace remotemedia::sphinx {

// What the checks learn of a model, for the checks of the files that must agree with it.
struct ModelFacts {
  std::int64_t senones = 0;    // from a binary mdef; 0: unknown
  std::int64_t densities = 0;  // from means: Gaussians per codebook
  std::int64_t streams = 0;    // from means: feature streams
};

enum class S3Layout {
  kGaussians,  // means, variances: n_mgau, n_feat, n_density, veclen[n_feat], n, floats
  kArray3d,    // transition_matrices, mixture_weights, feature_transform: d1, d2, d3, n, floats
};

// "" when the file at `path` is a well-formed s3 array file of `layout` (header "s3" ... "endhdr",
// byte-order mark, counts whose product is n, exactly n floats, the checksum when announced);
// otherwise what is wrong with it.
// Gaussians fill in `facts` (may be null).
std::string check_s3_file(const std::string& path, S3Layout layout, ModelFacts* facts);

// "" when the file at `path` is a text model definition (left to pocketsphinx's own parser, which
// checks what it reads) or a binary one ("BMDF") whose tables fit the file and whose phones name
// existing senone sequences and transition matrices, and sequences existing senones.
// A binary one fills in facts->senones.
std::string check_mdef_file(const std::string& path, ModelFacts* facts);

// "" when the file at `path` is a senone dump (sendump) that agrees with `facts` (streams,
// densities, senones when known) and holds every byte its header announces. Without
// mixture_weights beside it, pocketsphinx ends the process on a sendump it cannot use.
std::string check_sendump_file(const std::string& path, const ModelFacts& facts);

}  // namespace remotemedia::sphinx
