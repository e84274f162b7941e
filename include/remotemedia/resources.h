// Resources: the files and bytes nodes load (a speech model, a vocabulary), resolved one way for
// every node and cached per runtime, so that every pipeline of a runtime shares one copy.
//
// A node names a resource with a reference (usually a param):
//   "models/tiny.bin"    a file under the pipeline's directory (the manifest's, or a bundle's);
//                        '..' and symbolic links may not lead out of it
//   "/models/tiny.bin"   a file under one of the runtime's mounts (RuntimeConfig::mounts; in
//                        wasm "/models" is the host's model directory)
//   "resource:tiny"      bytes the host registered with Runtime::add_resource
//                        (rm_runtime_add_resource), e.g. a model a web page fetched
// Errors are invalid input at the param's JSON path: `resource_not_found` (no such file or name,
// not a regular file, unreadable) or `resource_outside` (a path that climbs out of the pipeline's
// directory, or an absolute path under no mount).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "remotemedia/status.h"
#include "remotemedia/value.h"

namespace remotemedia {

// An absolute guest path prefix ("/models") and the directory it reads from.
struct ResourceMount {
  std::string prefix;
  std::string directory;
};

// The runtime's store: registered bytes, the bytes of mounted files, and objects built from
// them. Single-threaded, like the runtime. Everything it hands out is shared and read-only, and
// lives as long as its longest holder: replacing or dropping an entry never pulls it from under a
// pipeline that holds it.
class ResourceCache {
 public:
  // Registers `bytes` as "resource:<name>", replacing an earlier registration (objects built from
  // the old bytes are no longer found for the name). Names are 1..256 bytes of [A-Za-z0-9._-].
  Status add(std::string name, Buffer bytes);
  // Drops every cached file and object (registered bytes stay): the next load reads again.
  void clear();

  // Objects built from resources (ResourceLoader::object) since the cache was made, and lookups
  // that found one already built: what a run's metrics report as resources.built / .reused.
  struct ObjectCounts {
    std::uint64_t built = 0;
    std::uint64_t reused = 0;
  };
  ObjectCounts object_counts() const { return counts_; }

 private:
  friend class ResourceLoader;
  struct Named {
    Buffer bytes;
    std::uint64_t generation = 0;
  };
  // The registration of `name`, or `resource_not_found` naming `node_id` at `json_path`.
  Result<const Named*> find_named(const std::string& name, const std::string& json_path,
                                  const std::string& node_id) const;
  struct FileEntry {
    std::string stamp;  // size and modification time when read
    Buffer bytes;
  };
  std::map<std::string, Named, std::less<>> named_;
  std::map<std::string, FileEntry, std::less<>> files_;  // by resolved path
  std::map<std::string, std::shared_ptr<const void>, std::less<>> objects_;
  std::uint64_t next_generation_ = 1;
  ObjectCounts counts_;
};

// One pipeline's view of the runtime's resources: its directory and the runtime's mounts and
// cache. Cheap to copy; the cache and mounts must outlive it (the runtime outlives its pipelines).
class ResourceLoader {
 public:
  ResourceLoader(ResourceCache* cache, std::string base_dir, std::vector<ResourceMount> mounts);

  // The bytes of `ref`, shared and read-only. Files under a mount and registered bytes are read
  // once per runtime (a mounted file again when its size or time changes); files under the
  // pipeline's directory are read on every call, so a changed file is never served stale.
  // `json_path` and `node_id` go into errors.
  Result<Buffer> bytes(std::string_view ref, const std::string& json_path,
                       const std::string& node_id) const;
  // bytes() for building an object from (object()'s `make`): a mounted file read here is not
  // kept, since the object is what the runtime keeps (a model would otherwise be held twice, as
  // file and as weights, for the runtime's life).
  Result<Buffer> bytes_to_build(std::string_view ref, const std::string& json_path,
                                const std::string& node_id) const;

  // The host path of the file or directory `ref` names, for a library that opens its files
  // itself (pocketsphinx reads a model directory). Nothing is read; containment is checked as
  // bytes() checks it, so the path is below the pipeline's directory or its mount and has no
  // symbolic link below it. `resource:NAME` has no path (`resource_not_found`, saying so); a
  // path of the wrong kind is `resource_not_found` too.
  enum class PathKind { kFile, kDirectory };
  Result<std::string> path(std::string_view ref, PathKind kind, const std::string& json_path,
                           const std::string& node_id) const;

  // What identifies `ref`'s current content: equal identities, equal bytes. For keys of objects
  // built from it.
  Result<std::string> identity(std::string_view ref, const std::string& json_path,
                               const std::string& node_id) const;

  // The object cached under `key`, or the one `make` builds (then cached for the runtime's life,
  // or until ResourceCache::clear). Build the key from identity() and whatever else shapes the
  // object (e.g. "whisper:" + identity + ":threads=2"). A failed `make` caches nothing.
  template <typename T>
  Result<std::shared_ptr<const T>> object(
      const std::string& key, const std::function<Result<std::shared_ptr<const T>>()>& make) const {
    Result<std::shared_ptr<const void>> found =
        object_of(key, [&make]() -> Result<std::shared_ptr<const void>> {
          Result<std::shared_ptr<const T>> made = make();
          if (!made) return made.take_error();
          return std::shared_ptr<const void>(std::move(*made));
        });
    if (!found) return found.take_error();
    return std::static_pointer_cast<const T>(std::move(*found));
  }

  const std::string& base_dir() const { return base_dir_; }

 private:
  Result<Buffer> read_bytes(std::string_view ref, const std::string& json_path,
                            const std::string& node_id, bool keep_file) const;
  Result<std::shared_ptr<const void>> object_of(
      const std::string& key,
      const std::function<Result<std::shared_ptr<const void>>()>& make) const;

  ResourceCache* cache_;
  std::string base_dir_;
  std::vector<ResourceMount> mounts_;
};

}  // namespace remotemedia
