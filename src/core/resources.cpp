#include "remotemedia/resources.h"

#include <sys/stat.h>

#include "core/contained_file.h"
#include "core/contained_path.h"

namespace remotemedia {
namespace {

constexpr std::string_view kNamePrefix = "resource:";

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 256) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Error not_found(const std::string& message, const std::string& json_path,
                const std::string& node_id) {
  return invalid_input(errc::resource_not_found, message, json_path, node_id);
}

Error outside(const std::string& message, const std::string& json_path,
              const std::string& node_id) {
  return invalid_input(errc::resource_outside, message, json_path, node_id);
}

// A reference, resolved: a registered name, or a file `relative` below `directory`.
struct Resolved {
  bool named = false;
  bool mounted = false;
  std::string name;
  std::string directory;
  std::string relative;
};

Result<Resolved> resolve(std::string_view ref, const std::string& base_dir,
                         const std::vector<ResourceMount>& mounts, const std::string& json_path,
                         const std::string& node_id) {
  std::string text(ref);
  if (text.empty()) return not_found("the resource reference is empty", json_path, node_id);
  Resolved resolved;
  if (text.compare(0, kNamePrefix.size(), kNamePrefix) == 0) {
    resolved.named = true;
    resolved.name = text.substr(kNamePrefix.size());
    return resolved;
  }
  resolved.directory = base_dir;
  resolved.relative = text;
  if (text[0] == '/') {
    const ResourceMount* mount = nullptr;
    for (const ResourceMount& m : mounts) {
      if (text.size() > m.prefix.size() + 1 && text.compare(0, m.prefix.size(), m.prefix) == 0 &&
          text[m.prefix.size()] == '/') {
        mount = &m;
      }
    }
    if (mount == nullptr) {
      std::string names;
      for (const ResourceMount& m : mounts) names += (names.empty() ? "" : ", ") + m.prefix;
      return outside("resource '" + text + "' is an absolute path under no mount (mounts: " +
                         (names.empty() ? std::string("none") : names) + ")",
                     json_path, node_id);
    }
    resolved.directory = mount->directory;
    resolved.relative = text.substr(mount->prefix.size() + 1);
    resolved.mounted = true;
  }
  return resolved;
}

// The file `resolved` names, read whole, or the error for `ref`.
Result<ContainedFile> read(const Resolved& resolved, const std::string& ref,
                           const std::string& json_path, const std::string& node_id) {
  ContainedFile file = read_contained_file(resolved.directory, resolved.relative, kMaxArrayBytes);
  switch (file.outcome) {
    case FileRead::kRead:
      return file;
    case FileRead::kOutside:
      return outside(
          "resource '" + ref + "' leads outside " +
              (resolved.mounted ? "its mount" : std::string("the pipeline's directory")) +
              " (through '..' or a symbolic link)",
          json_path, node_id);
    case FileRead::kMissing:
      return not_found("resource '" + ref + "' does not exist", json_path, node_id);
    case FileRead::kNotRegular:
      return not_found("resource '" + ref + "' is not a regular file", json_path, node_id);
    case FileRead::kTooLarge:
      return invalid_input(errc::value_too_large,
                           "resource '" + ref + "' is larger than " +
                               std::to_string(kMaxArrayBytes) +
                               " bytes (the limit on every target)",
                           json_path, node_id);
    case FileRead::kUnreadable:
      break;
  }
  return not_found("cannot read resource '" + ref + "'", json_path, node_id);
}

}  // namespace

Status ResourceCache::add(std::string name, Buffer bytes) {
  if (!valid_name(name)) {
    return invalid_input(errc::invalid_argument,
                         "a resource name is 1 to 256 bytes of letters, digits, '.', '_' and '-'");
  }
  named_[std::move(name)] = Named{std::move(bytes), next_generation_++};
  return Status::ok();
}

Result<const ResourceCache::Named*> ResourceCache::find_named(const std::string& name,
                                                              const std::string& json_path,
                                                              const std::string& node_id) const {
  auto found = named_.find(name);
  if (found == named_.end()) {
    return not_found("no resource named '" + name + "' was registered", json_path, node_id);
  }
  return &found->second;
}

void ResourceCache::clear() {
  files_.clear();
  objects_.clear();
}

ResourceLoader::ResourceLoader(ResourceCache* cache, std::string base_dir,
                               std::vector<ResourceMount> mounts)
    : cache_(cache), base_dir_(std::move(base_dir)), mounts_(std::move(mounts)) {}

Result<Buffer> ResourceLoader::bytes(std::string_view ref, const std::string& json_path,
                                     const std::string& node_id) const {
  return read_bytes(ref, json_path, node_id, /*keep_file=*/true);
}

Result<Buffer> ResourceLoader::bytes_to_build(std::string_view ref, const std::string& json_path,
                                              const std::string& node_id) const {
  return read_bytes(ref, json_path, node_id, /*keep_file=*/false);
}

Result<Buffer> ResourceLoader::read_bytes(std::string_view ref, const std::string& json_path,
                                          const std::string& node_id, bool keep_file) const {
  Result<Resolved> resolved = resolve(ref, base_dir_, mounts_, json_path, node_id);
  if (!resolved) return resolved.take_error();
  if (resolved->named) {
    Result<const ResourceCache::Named*> named =
        cache_->find_named(resolved->name, json_path, node_id);
    if (!named) return named.take_error();
    return (*named)->bytes;
  }
  if (resolved->mounted) {
    ContainedPath contained = resolve_contained(resolved->directory, resolved->relative);
    auto cached = contained.state == Containment::kInside ? cache_->files_.find(contained.path)
                                                          : cache_->files_.end();
    if (cached != cache_->files_.end() && cached->second.stamp == file_stamp(contained.path)) {
      return cached->second.bytes;
    }
  }
  Result<ContainedFile> file = read(*resolved, std::string(ref), json_path, node_id);
  if (!file) return file.take_error();
  if (resolved->mounted && keep_file) {
    cache_->files_[file->path] = ResourceCache::FileEntry{file->stamp, file->bytes};
  }
  return std::move(file->bytes);
}

Result<std::string> ResourceLoader::path(std::string_view ref, PathKind kind,
                                         const std::string& json_path,
                                         const std::string& node_id) const {
  Result<Resolved> resolved = resolve(ref, base_dir_, mounts_, json_path, node_id);
  if (!resolved) return resolved.take_error();
  const std::string text(ref);
  if (resolved->named) {
    return not_found("resource '" + text +
                         "' is registered bytes, and this node reads files by path: name a "
                         "file under the pipeline's directory or a mount",
                     json_path, node_id);
  }
  ContainedPath contained = resolve_contained(resolved->directory, resolved->relative);
  if (contained.state == Containment::kOutside) {
    return outside("resource '" + text + "' leads outside " +
                       (resolved->mounted ? "its mount" : std::string("the pipeline's directory")) +
                       " (through '..' or a symbolic link)",
                   json_path, node_id);
  }
  const char* wanted = kind == PathKind::kDirectory ? "directory" : "regular file";
  struct stat info {};
  if (contained.state == Containment::kMissing || ::stat(contained.path.c_str(), &info) != 0) {
    return not_found("resource '" + text + "' does not exist", json_path, node_id);
  }
  const bool right_kind =
      kind == PathKind::kDirectory ? S_ISDIR(info.st_mode) : S_ISREG(info.st_mode);
  if (!right_kind) {
    return not_found("resource '" + text + "' is not a " + wanted, json_path, node_id);
  }
  return contained.path;
}

Result<std::string> ResourceLoader::identity(std::string_view ref, const std::string& json_path,
                                             const std::string& node_id) const {
  Result<Resolved> resolved = resolve(ref, base_dir_, mounts_, json_path, node_id);
  if (!resolved) return resolved.take_error();
  if (resolved->named) {
    Result<const ResourceCache::Named*> named =
        cache_->find_named(resolved->name, json_path, node_id);
    if (!named) return named.take_error();
    return "resource:" + resolved->name + "#" + std::to_string((*named)->generation);
  }
  ContainedPath contained = resolve_contained(resolved->directory, resolved->relative);
  std::string stamp = contained.state == Containment::kInside ? file_stamp(contained.path) : "";
  if (stamp.empty()) {
    // The same error a read would give.
    Result<ContainedFile> file = read(*resolved, std::string(ref), json_path, node_id);
    if (!file) return file.take_error();
    stamp = file->stamp;
    contained.path = file->path;
  }
  return "file:" + contained.path + "#" + stamp;
}

Result<std::shared_ptr<const void>> ResourceLoader::object_of(
    const std::string& key,
    const std::function<Result<std::shared_ptr<const void>>()>& make) const {
  auto found = cache_->objects_.find(key);
  if (found != cache_->objects_.end()) {
    ++cache_->counts_.reused;
    return found->second;
  }
  Result<std::shared_ptr<const void>> made = make();
  if (!made) return made;
  ++cache_->counts_.built;
  cache_->objects_.emplace(key, *made);
  return made;
}

}  // namespace remotemedia
