// remotemedia pack: builds a .rmpkg bundle from a manifest (docs/rmpkg.md).
#include "cli/pack_commands.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <set>

#include "cli/command_support.h"
#include "cli/host_paths.h"
#include "core/contained_path.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "entry/read_input.h"
#include "entry/report_output.h"
#include "entry/run_flags.h"
#include "pkg/bundle_reader.h"
#include "pkg/bundle_writer.h"
#include "pkg/checksums.h"
#include "pkg/signing.h"
#include "pkg/stdlib_subset.h"
#include "pkg/wasm_module_check.h"

#ifndef REMOTEMEDIA_VERSION
#error "REMOTEMEDIA_VERSION must be defined by the build"
#endif

namespace remotemedia {
namespace {

std::string iso8601_now() {
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    now = static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
  }
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string basename_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Runs argv, returns its stdout; fails unless it exits 0.
Result<std::string> capture(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) return invalid_input(errc::pack_failed, "pipe failed");
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) return invalid_input(errc::pack_failed, "fork failed");
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> argv;
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  std::string out;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0)
    out.append(buffer, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return invalid_input(errc::pack_failed, "'" + args[0] + "' failed (exit " +
                                                std::to_string(WEXITSTATUS(status)) + ")");
  }
  return out;
}

// The stdlib modules a pipeline needs, traced with host CPython 3.11 (same stdlib as the wasm
// module's): CPython's start-up set, what the runtime's embedded bridge imports, every module a
// node file names in an import statement anywhere (functions included, found with ast), and the
// node files themselves loaded, each with whatever those imports really pull in. Then closed over
// the stdlib's own imports: every import statement anywhere in the source of every stdlib module
// loaded so far (the stdlib imports lazily: Counter.most_common imports heapq when called) is
// imported too, until nothing new is loaded - except in `if __name__ == "__main__":` and
// `if TYPE_CHECKING:` blocks, and development tools (tests, debuggers, help()) the stdlib names.
constexpr const char* kFinderScript = R"PY(
import sys
import ast, importlib, importlib.util, os
# The list goes to the real stdout; whatever a module prints while it loads goes nowhere.
result = os.fdopen(os.dup(1), "w")
quiet = os.open(os.devnull, os.O_WRONLY)
os.dup2(quiet, 1)
sys.stdout = open(os.devnull, "w")

def skipped(node):
    """`if __name__ == "__main__":` and `if TYPE_CHECKING:` blocks: never run by a node."""
    if not isinstance(node, ast.If):
        return False
    text = ast.unparse(node.test)
    return text in ("__name__ == '__main__'", "TYPE_CHECKING", "typing.TYPE_CHECKING")

def statements(tree):
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        stack += [child for child in ast.iter_child_nodes(node) if not skipped(child)]

def imported_names(path, package):
    """Every module an import statement in the file at `path` names, at any depth."""
    with open(path, "rb") as f:
        tree = ast.parse(f.read(), path)
    names = []
    for node in statements(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                try:
                    base = importlib.util.resolve_name("." * node.level + base, package or "")
                except (ImportError, ValueError):
                    continue
            if base:
                names.append(base)
                names += [base + "." + alias.name for alias in node.names if alias.name != "*"]
    return names

# Development tools the stdlib reaches only from tests, debuggers and help(): followed when a node
# file imports them, never when found inside the stdlib.
TOOLS = {"test", "doctest", "unittest", "pdb", "pydoc", "pydoc_data", "tkinter", "idlelib",
         "turtle", "turtledemo", "lib2to3", "ensurepip", "venv", "distutils", "webbrowser",
         "antigravity", "this", "trace", "cProfile", "profile", "timeit", "tabnanny", "pyclbr"}

def load(names, tools=True):
    for name in names:
        if name in sys.modules or (not tools and name.partition(".")[0] in TOOLS):
            continue
        try:
            importlib.import_module(name)
        except BaseException:
            pass

load(sys.argv[1].split(","))
for path in sys.argv[2:]:
    load(imported_names(path, None))
for i, path in enumerate(sys.argv[2:]):
    try:
        spec = importlib.util.spec_from_file_location("_rmpkg_node_%d" % i, path)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    except BaseException:
        pass
stdlib = os.path.dirname(os.__file__) + os.sep
done = set()
while True:
    todo = [(n, m) for n, m in list(sys.modules.items()) if n not in done]
    if not todo:
        break
    for name, module in todo:
        done.add(name)
        path = getattr(module, "__file__", None) or ""
        if path.startswith(stdlib) and path.endswith(".py") and "site-packages" not in path:
            package = name if hasattr(module, "__path__") else name.rpartition(".")[0]
            try:
                load(imported_names(path, package), tools=False)
            except (OSError, SyntaxError, ValueError):
                pass
names = set(n for n in sys.modules if not n.startswith("_rmpkg_node_"))
if "decimal" in names:
    names.add("_pydecimal")  # the wasm build may lack the _decimal accelerator
for name in sorted(names):
    result.write(name + "\n")
result.flush()
)PY";
constexpr const char* kRuntimeImports =
    "encodings,encodings.aliases,encodings.utf_8,encodings.latin_1,encodings.ascii,"
    "encodings.utf_8_sig,codecs,io,abc,traceback,importlib,importlib.util,importlib.machinery,"
    "re,zipimport,linecache,_collections_abc";

Result<std::set<std::string>> needed_modules(const std::vector<std::string>& node_files) {
  std::vector<std::string> args = {env_or("REMOTEMEDIA_HOST_PYTHON", "/usr/bin/python3.11"),
                                   "-B",
                                   "-I",
                                   "-S",
                                   "-c",
                                   kFinderScript,
                                   kRuntimeImports};
  args.insert(args.end(), node_files.begin(), node_files.end());
  Result<std::string> out = capture(args);
  if (!out) return out.take_error();
  std::set<std::string> modules;
  std::size_t start = 0;
  while (start < out->size()) {
    std::size_t end = out->find('\n', start);
    if (end == std::string::npos) end = out->size();
    if (end > start) modules.insert(out->substr(start, end - start));
    start = end + 1;
  }
  return modules;
}

// The path of `ref` below the manifest's directory `base_dir`, with the loader's own containment
// rule (real paths): a file from outside it never goes into a bundle. `what` names the reference
// in errors ("module", "--include").
Result<std::string> file_in(const std::string& base_dir, const std::string& ref,
                            const std::string& what) {
  ContainedPath contained = resolve_contained(base_dir, ref);
  if (contained.state == Containment::kInside) return contained.path;
  return invalid_input(errc::pack_failed,
                       what + " '" + ref +
                           (contained.state == Containment::kOutside
                                ? "' leads outside the manifest's directory (symbolic links "
                                  "included)"
                                : "' not found"));
}

// Entries `pack` writes itself, which --include may not name.
bool reserved_entry(const std::string& entry) {
  for (const char* prefix : {"meta/", "modules/", "wasi-deps/", "nodes/", "models/"}) {
    if (entry.rfind(prefix, 0) == 0) return true;
  }
  return entry == pkg::kManifestName;
}

// The most model bytes `pack --models` takes: a bundle is read up to 256 MiB compressed and 512 MiB
// inflated (bundle_reader.h); this leaves room for the runtime and stdlib.
constexpr std::uint64_t kMaxPackedModelBytes = std::uint64_t{384} << 20;

struct PackArgs {
  std::string manifest;
  std::string out;
  bool with_runtime = false;
  std::string stdlib;  // "", "full" or "minimal"
  std::string sign_key;
  std::string target;                 // "", "native" or "wasm32-wasi"
  bool force = false;                 // replace an existing regular file at `out`
  std::string models;                 // --models DIR: packed as models/**, and /models to validate
  std::vector<std::string> includes;  // --include FILE: below the manifest's directory
};

// Adds every regular file below `dir` to `files` as "models/<relative path>", refusing symbolic
// links and anything that is neither file nor directory (a bundle carries plain files only).
// `total` counts the bytes added, which must stay under the reader's limit on a bundle.
Status add_model_tree(const std::string& dir, const std::string& relative,
                      std::map<std::string, std::string>& files, std::uint64_t& total) {
  const std::string here = relative.empty() ? dir : dir + "/" + relative;
  DIR* listing = opendir(here.c_str());
  if (listing == nullptr) {
    return invalid_input(errc::pack_failed, "cannot read the models directory '" + here + "'");
  }
  std::vector<std::string> names;
  while (const dirent* entry = readdir(listing)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(listing);
  for (const std::string& name : names) {
    const std::string rel = relative.empty() ? name : relative + "/" + name;
    const std::string path = dir + "/" + rel;
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0) {
      return invalid_input(errc::pack_failed, "cannot read '" + path + "'");
    }
    if (S_ISDIR(info.st_mode)) {
      RM_RETURN_IF_ERROR(add_model_tree(dir, rel, files, total));
    } else if (S_ISREG(info.st_mode)) {
      Result<std::string> bytes = read_input(path, kMaxPackedModelBytes, "--models");
      if (!bytes) return bytes.take_error();
      total += bytes->size();
      if (total > kMaxPackedModelBytes) {
        return invalid_input(errc::pack_failed, "the models directory holds more than " +
                                                    std::to_string(kMaxPackedModelBytes >> 20) +
                                                    " MiB, more than a bundle can carry");
      }
      files["models/" + rel] = std::move(*bytes);
    } else {
      return invalid_input(errc::pack_failed, "'" + path +
                                                  "' is not a regular file or directory (a "
                                                  "bundle's models are plain files)");
    }
  }
  return Status::ok();
}

}  // namespace

int pack_command(Runtime& runtime, const std::vector<std::string>& args) {
  PackArgs a;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string* into) {
      if (i + 1 >= args.size()) return false;
      *into = args[++i];
      return true;
    };
    if (arg == "-o" || arg == "--output") {
      if (!value(&a.out)) return command_usage_error("-o needs a file");
    } else if (arg == "--with-runtime") {
      a.with_runtime = true;
    } else if (arg == "--force") {
      a.force = true;
    } else if (arg == "--stdlib") {
      if (!value(&a.stdlib) || (a.stdlib != "full" && a.stdlib != "minimal"))
        return command_usage_error("--stdlib must be 'full' or 'minimal'");
    } else if (arg == "--sign") {
      if (!value(&a.sign_key)) return command_usage_error("--sign needs a secret key file");
    } else if (arg == "--models") {
      struct stat info {};
      if (!value(&a.models) || stat(a.models.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        return command_usage_error("--models needs a directory");
    } else if (arg == "--include") {
      std::string file;
      if (!value(&file)) return command_usage_error("--include needs a file");
      a.includes.push_back(file);
    } else if (arg == "--target") {
      // `wasm` as run spells it; `wasm32-wasi`, the bundle's own name for it, too.
      if (!value(&a.target) ||
          (a.target != "native" && a.target != "wasm" && a.target != "wasm32-wasi"))
        return command_usage_error("--target must be 'native' or 'wasm'");
      if (a.target == "wasm") a.target = "wasm32-wasi";
    } else if (arg.size() > 1 && arg[0] == '-') {
      return command_usage_error("unknown option '" + arg + "'");
    } else if (!a.manifest.empty()) {
      return command_usage_error("more than one manifest given");
    } else {
      a.manifest = arg;
    }
  }
  if (a.manifest.empty() || a.out.empty())
    return command_usage_error("pack needs MANIFEST and -o OUT.rmpkg");
  const pkg::ExistingOutput at_output =
      a.force ? pkg::ExistingOutput::kReplaceRegularFile : pkg::ExistingOutput::kRefuse;
  // Refused before any work; write_bundle checks again when it writes.
  if (Status output = pkg::check_output_path(a.out, at_output); !output.is_ok()) {
    return command_failure(output.error());
  }
  if (a.with_runtime && a.stdlib.empty()) a.stdlib = "full";
  if (a.target.empty()) a.target = a.stdlib.empty() ? "native" : "wasm32-wasi";

  std::string secret_key;
  if (!a.sign_key.empty()) {
    Result<std::string> text = read_key_file(a.sign_key);
    if (!text) return command_failure(text.error());
    Result<std::string> key = pkg::parse_secret_key(*text);
    if (!key) return command_failure(key.error());
    secret_key = *key;
  }

  Result<std::string> text = read_input(a.manifest);
  if (!text) return command_failure(text.error());
  std::string base_dir = directory_of(a.manifest);
  // Refuse to pack a pipeline that does not validate.
  CallOptions validate = cli_call_options();
  validate.base_dir = base_dir;
  validate.validate = true;
  // The pipeline is validated against the models it will carry (or the CLI's default /models).
  const std::string models_dir = a.models.empty() ? default_models_dir() : a.models;
  if (!models_dir.empty()) validate.mounts.push_back({"/models", models_dir});
  RunReport checked = report_of(runtime.run(*text, validate), validate);
  if (checked.exit_code != kExitSuccess) return write_report(checked, false);

  Result<Value> parsed = parse_json(*text);
  if (!parsed) return command_failure(parsed.error());
  Value envelope = std::move(*parsed);
  if (envelope.as_map()->find("manifest") == nullptr) {
    envelope = Value(Map{{"manifest", std::move(envelope)}});
  }
  Map& manifest = *envelope.as_map()->find("manifest")->as_map();

  std::map<std::string, std::string> files;
  std::vector<std::string> node_files;
  if (Value* nodes = manifest.find("nodes"); nodes != nullptr && nodes->as_list() != nullptr) {
    for (Value& node : *nodes->as_list()) {
      Map* node_map = node.as_map();
      Value* params = node_map ? node_map->find("params") : nullptr;
      Value* module = params && params->as_map() ? params->as_map()->find("module") : nullptr;
      if (module == nullptr || module->as_string() == nullptr) continue;
      std::string source = *module->as_string();
      Result<std::string> found = file_in(base_dir, source, "module");
      if (!found) return command_failure(found.error());
      const std::string& path = *found;
      Result<std::string> code = read_input(path);
      if (!code) return command_failure(code.error());
      std::string entry = "nodes/" + basename_of(source);
      auto existing = files.find(entry);
      if (existing != files.end() && existing->second != *code) {
        return command_failure(
            invalid_input(errc::pack_failed,
                          "two different node modules are named '" + basename_of(source) + "'"));
      }
      files[entry] = *code;
      node_files.push_back(path);
      *module = Value(entry);
    }
  }

  for (const std::string& include : a.includes) {
    Result<std::string> found = file_in(base_dir, include, "--include");
    if (!found) return command_failure(found.error());
    const std::string entry = found->substr(base_dir.size() + 1);
    if (reserved_entry(entry) || files.count(entry) != 0) {
      return command_failure(invalid_input(
          errc::pack_failed,
          "--include '" + include + "' would be the bundle's own entry '" + entry + "'"));
    }
    Result<std::string> bytes = read_input(*found, kMaxPackedModelBytes, "--include");
    if (!bytes) return command_failure(bytes.error());
    files[entry] = std::move(*bytes);
  }
  if (!a.models.empty()) {
    std::uint64_t total = 0;
    if (Status added = add_model_tree(a.models, "", files, total); !added.is_ok()) {
      return command_failure(added.error());
    }
  }

  std::string name = basename_of(a.manifest);
  if (ends_with(name, ".json")) name.resize(name.size() - 5);
  std::string version = "0.0.0";
  if (const Value* metadata = manifest.find("metadata"); metadata && metadata->as_map()) {
    if (const Value* n = metadata->as_map()->find("name"); n && n->as_string())
      name = *n->as_string();
    if (const Value* v = metadata->as_map()->find("version"); v && v->as_string())
      version = *v->as_string();
  }

  Map provenance{{"tool", Value("remotemedia pack")},
                 {"tool_version", Value(REMOTEMEDIA_VERSION)},
                 {"source_manifest", Value(basename_of(a.manifest))},
                 {"source_sha256", Value(pkg::sha256_hex(*text))},
                 {"builder", Value(env_or("USER", "unknown"))},
                 {"libzip", Value(pkg::libzip_version())},
                 {"libsodium", Value(pkg::libsodium_version())},
                 {"stdlib", Value(a.stdlib.empty() ? "none" : a.stdlib)}};
  if (a.with_runtime) {
    Result<std::string> module = read_input(default_wasm_module());
    if (!module) return command_failure(module.error());
    // The reader refuses a bundle whose runtime module fails this check: never write one.
    Status usable = pkg::check_wasm_module(*module, default_wasm_module());
    if (!usable) return command_failure(usable.error());
    provenance.set("runtime_module_sha256", Value(pkg::sha256_hex(*module)));
    files[pkg::kRuntimeModuleName] = std::move(*module);
  }
  if (!a.stdlib.empty()) {
    Result<std::string> stdlib = read_input(default_wasi_usr() + "/lib/python311.zip");
    if (!stdlib) return command_failure(stdlib.error());
    if (a.stdlib == "minimal") {
      Result<std::set<std::string>> modules = needed_modules(node_files);
      if (!modules) return command_failure(modules.error());
      Result<std::string> subset = pkg::subset_stdlib_zip(*stdlib, *modules);
      if (!subset) return command_failure(subset.error());
      provenance.set("stdlib_modules", Value(static_cast<std::int64_t>(modules->size())));
      files[pkg::kStdlibName] = std::move(*subset);
    } else {
      files[pkg::kStdlibName] = std::move(*stdlib);
    }
  }

  Map package{{"name", Value(name)},
              {"version", Value(version)},
              {"created", Value(iso8601_now())},
              {"runtime_version", Value(REMOTEMEDIA_VERSION)}};
  files[pkg::kManifestName] = to_json(Map{{"format", Value("rmpkg/1")},
                                          {"runtime_target", Value(a.target)},
                                          {"package", Value(std::move(package))},
                                          {"pipeline", std::move(envelope)}}) +
                              "\n";
  files[pkg::kProvenanceName] = to_json(Value(std::move(provenance))) + "\n";

  Status written = pkg::write_bundle(a.out, files, secret_key, at_output);
  if (!written) return command_failure(written.error());
  struct stat st {};
  stat(a.out.c_str(), &st);
  return print_text(to_json(Map{
      {"status", Value("packed")},
      {"bundle", Value(a.out)},
      {"runtime_target", Value(a.target)},
      {"files", Value(static_cast<std::int64_t>(files.size() + 1 + (secret_key.empty() ? 0 : 1)))},
      {"bytes", Value(static_cast<std::int64_t>(st.st_size))},
      {"signed", Value(!secret_key.empty())}}));
}

}  // namespace remotemedia
