#include "core/contained_path.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <deque>
#include <vector>

namespace remotemedia {
namespace {

constexpr int kMaxLinks = 40;  // Linux's MAXSYMLINKS

std::deque<std::string> split(const std::string& path) {
  std::deque<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string join(const std::string& prefix, const std::vector<std::string>& parts) {
  std::string out = prefix;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  return out;
}

// realpath(base) natively; empty on wasm32-wasi (no realpath there) or when it fails.
std::string canonical(const std::string& base) {
#ifdef __wasi__
  (void)base;
  return {};
#else
  char* real = realpath(base.c_str(), nullptr);
  if (real == nullptr) return {};
  std::string out = real;
  std::free(real);
  return out;
#endif
}

}  // namespace

ContainedPath resolve_contained(const std::string& base_dir, const std::string& relative) {
  if (relative.empty() || relative[0] == '/') return {Containment::kOutside, {}};
  // Lexically first: a '..' that climbs above the base is outside whatever the file system holds.
  std::deque<std::string> pending = split(relative);
  int depth = 0;
  for (const std::string& part : pending) {
    if (part == "..") {
      if (--depth < 0) return {Containment::kOutside, {}};
    } else if (!part.empty() && part != ".") {
      ++depth;
    }
  }
  const std::string prefix = base_dir.empty() ? std::string() : base_dir + "/";
  const std::string lstat_prefix = base_dir.empty() ? std::string("./") : prefix;
  const std::string real_base = canonical(base_dir.empty() ? "." : base_dir);
  std::vector<std::string> resolved;
  int links = 0;
  while (!pending.empty()) {
    std::string part = std::move(pending.front());
    pending.pop_front();
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (resolved.empty()) return {Containment::kOutside, {}};
      resolved.pop_back();
      continue;
    }
    resolved.push_back(std::move(part));
    std::string candidate = join(lstat_prefix, resolved);
    struct stat info;
    if (lstat(candidate.c_str(), &info) != 0) return {Containment::kMissing, {}};
    if (!S_ISLNK(info.st_mode)) continue;
    if (++links > kMaxLinks) return {Containment::kMissing, {}};
    std::string target(PATH_MAX, '\0');
    ssize_t n = readlink(candidate.c_str(), target.data(), target.size());
    if (n <= 0 || static_cast<std::size_t>(n) >= target.size()) {
      return {Containment::kMissing, {}};
    }
    target.resize(static_cast<std::size_t>(n));
    resolved.pop_back();  // the link's directory is where a relative target starts
    if (target[0] == '/') {
      if (real_base.empty()) return {Containment::kOutside, {}};
      std::string inside = real_base == "/" ? "/" : real_base + "/";
      if (target == real_base) {
        target.clear();
      } else if (target.compare(0, inside.size(), inside) == 0) {
        target.erase(0, inside.size());
      } else {
        return {Containment::kOutside, {}};
      }
      resolved.clear();
    }
    std::deque<std::string> parts = split(target);
    pending.insert(pending.begin(), parts.begin(), parts.end());
  }
  if (resolved.empty()) return {Containment::kOutside, {}};  // the base directory itself
  return {Containment::kInside, join(prefix, resolved)};
}

}  // namespace remotemedia
