#include "cli/pack_commands.h"

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

#include "cli/host_paths.h"
#include "cli/wasm_target.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/run_document.h"
#include "entry/read_input.h"
#include "entry/report_output.h"
#include "pkg/bundle_reader.h"
#include "pkg/bundle_writer.h"
#include "pkg/checksums.h"
#include "pkg/signing.h"
#include "pkg/stdlib_subset.h"

#ifndef REMOTEMEDIA_VERSION
#error "REMOTEMEDIA_VERSION must be defined by the build"
#endif

namespace remotemedia {
namespace {

int fail(const Error& error) {
  return write_report(report_error(error), false);
}

int usage(const std::string& message) {
  return fail(invalid_input("usage_error", message));
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Creates `path` (must not exist) with `mode` and writes `data`.
Status write_new_file(const std::string& path, const std::string& data, mode_t mode) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) {
    return invalid_input("io_error", "cannot create '" + path + "': " + std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      close(fd);
      return invalid_input("io_error", "cannot write '" + path + "'");
    }
    done += static_cast<std::size_t>(n);
  }
  close(fd);
  return Status::ok();
}

Result<std::string> read_public_key_file(const std::string& path) {
  Result<std::string> text = read_input(path);
  if (!text) return text.take_error();
  return pkg::parse_public_key(*text);
}

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
  if (pipe(fds) != 0) return invalid_input("pack_failed", "pipe failed");
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) return invalid_input("pack_failed", "fork failed");
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
    return invalid_input("pack_failed", "'" + args[0] + "' failed (exit " +
                                            std::to_string(WEXITSTATUS(status)) + ")");
  }
  return out;
}

// The stdlib modules a pipeline needs, traced with host CPython 3.11 (same stdlib as the wasm
// module's): CPython's start-up set, what the runtime's embedded bridge imports, every module a
// node file names in an import statement anywhere (functions included, found with ast), and the
// node files themselves loaded, each with whatever those imports really pull in.
constexpr const char* kFinderScript = R"PY(
import sys
import ast, importlib, importlib.util
roots = sys.argv[1].split(",")
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        tree = ast.parse(f.read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.append(node.module)
            roots += [node.module + "." + alias.name for alias in node.names]
for root in roots:
    try:
        importlib.import_module(root)
    except Exception:
        pass
for i, path in enumerate(sys.argv[2:]):
    try:
        spec = importlib.util.spec_from_file_location("_rmpkg_node_%d" % i, path)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    except Exception:
        pass
names = set(sys.modules)
if "decimal" in names:
    names.add("_pydecimal")  # the wasm build may lack the _decimal accelerator
for name in sorted(names):
    print(name)
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

struct PackArgs {
  std::string manifest;
  std::string out;
  bool with_runtime = false;
  std::string stdlib;  // "", "full" or "minimal"
  std::string sign_key;
  std::string target;  // "", "native" or "wasm32-wasi"
};

}  // namespace

int pack_command(const NodeRegistry& registry, const std::vector<std::string>& args) {
  PackArgs a;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string* into) {
      if (i + 1 >= args.size()) return false;
      *into = args[++i];
      return true;
    };
    if (arg == "-o" || arg == "--output") {
      if (!value(&a.out)) return usage("-o needs a file");
    } else if (arg == "--with-runtime") {
      a.with_runtime = true;
    } else if (arg == "--stdlib") {
      if (!value(&a.stdlib) || (a.stdlib != "full" && a.stdlib != "minimal"))
        return usage("--stdlib must be 'full' or 'minimal'");
    } else if (arg == "--sign") {
      if (!value(&a.sign_key)) return usage("--sign needs a secret key file");
    } else if (arg == "--target") {
      if (!value(&a.target) || (a.target != "native" && a.target != "wasm32-wasi"))
        return usage("--target must be 'native' or 'wasm32-wasi'");
    } else if (arg.size() > 1 && arg[0] == '-') {
      return usage("unknown option '" + arg + "'");
    } else if (!a.manifest.empty()) {
      return usage("more than one manifest given");
    } else {
      a.manifest = arg;
    }
  }
  if (a.manifest.empty() || a.out.empty()) return usage("pack needs MANIFEST and -o OUT.rmpkg");
  if (a.with_runtime && a.stdlib.empty()) a.stdlib = "full";
  if (a.target.empty()) a.target = a.stdlib.empty() ? "native" : "wasm32-wasi";

  std::string secret_key;
  if (!a.sign_key.empty()) {
    Result<std::string> text = read_input(a.sign_key);
    if (!text) return fail(text.error());
    Result<std::string> key = pkg::parse_secret_key(*text);
    if (!key) return fail(key.error());
    secret_key = *key;
  }

  Result<std::string> text = read_input(a.manifest);
  if (!text) return fail(text.error());
  std::string base_dir = directory_of(a.manifest);
  // Refuse to pack a pipeline that does not validate.
  RunOptions validate;
  validate.base_dir = base_dir;
  validate.validate_only = true;
  RunReport checked = run_document(*text, registry, validate);
  if (checked.exit_code != kExitSuccess) return write_report(checked, false);

  Result<Value> parsed = parse_json(*text);
  if (!parsed) return fail(parsed.error());
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
      std::string path = !source.empty() && source[0] == '/' ? source : base_dir + "/" + source;
      Result<std::string> code = read_input(path);
      if (!code) return fail(code.error());
      std::string entry = "nodes/" + basename_of(source);
      auto existing = files.find(entry);
      if (existing != files.end() && existing->second != *code) {
        return fail(invalid_input(
            "pack_failed", "two different node modules are named '" + basename_of(source) + "'"));
      }
      files[entry] = *code;
      node_files.push_back(path);
      *module = Value(entry);
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
    if (!module) return fail(module.error());
    provenance.set("runtime_module_sha256", Value(pkg::sha256_hex(*module)));
    files[pkg::kRuntimeModuleName] = std::move(*module);
  }
  if (!a.stdlib.empty()) {
    Result<std::string> stdlib = read_input(default_wasi_usr() + "/lib/python311.zip");
    if (!stdlib) return fail(stdlib.error());
    if (a.stdlib == "minimal") {
      Result<std::set<std::string>> modules = needed_modules(node_files);
      if (!modules) return fail(modules.error());
      Result<std::string> subset = pkg::subset_stdlib_zip(*stdlib, *modules);
      if (!subset) return fail(subset.error());
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

  Status written = pkg::write_bundle(a.out, files, secret_key);
  if (!written) return fail(written.error());
  struct stat st {};
  stat(a.out.c_str(), &st);
  write_stdout_line(to_json(Map{
      {"status", Value("packed")},
      {"bundle", Value(a.out)},
      {"runtime_target", Value(a.target)},
      {"files", Value(static_cast<std::int64_t>(files.size() + 1 + (secret_key.empty() ? 0 : 1)))},
      {"bytes", Value(static_cast<std::int64_t>(st.st_size))},
      {"signed", Value(!secret_key.empty())}}));
  return kExitSuccess;
}

namespace {

struct BundleArgs {
  std::string path;
  std::string pubkey;
  bool json = false;
  bool metrics = false;
  std::string target;  // run: "", "native" or "wasm"
};

bool parse_bundle_args(const std::vector<std::string>& args, bool allow_json, bool allow_pubkey,
                       bool allow_run, BundleArgs* out, std::string* error) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (allow_json && arg == "--json") {
      out->json = true;
    } else if (allow_pubkey && arg == "--pubkey") {
      if (i + 1 >= args.size()) return *error = "--pubkey needs a file", false;
      out->pubkey = args[++i];
    } else if (allow_run && arg == "--metrics") {
      out->metrics = true;
    } else if (allow_run && arg == "--target") {
      out->target = i + 1 < args.size() ? args[++i] : "";
      if (out->target != "native" && out->target != "wasm")
        return *error = "--target must be 'native' or 'wasm'", false;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return *error = "unknown option '" + arg + "'", false;
    } else if (!out->path.empty()) {
      return *error = "more than one bundle given", false;
    } else {
      out->path = arg;
    }
  }
  if (out->path.empty()) return *error = "no bundle given", false;
  return true;
}

Result<pkg::Bundle> open_bundle(const BundleArgs& a, const std::string& expected_target) {
  pkg::ReadOptions options;
  options.expected_target = expected_target;
  if (!a.pubkey.empty()) {
    Result<std::string> key = read_public_key_file(a.pubkey);
    if (!key) return key.take_error();
    options.public_key = *key;
  }
  return pkg::read_bundle_file(a.path, options);
}

const Value* package_field(const pkg::Bundle& bundle, const char* key) {
  const Value* package = bundle.manifest.as_map()->find("package");
  return package && package->as_map() ? package->as_map()->find(key) : nullptr;
}

std::string field_text(const pkg::Bundle& bundle, const char* key) {
  const Value* value = package_field(bundle, key);
  return value && value->as_string() ? *value->as_string() : "-";
}

}  // namespace

int inspect_command(const std::vector<std::string>& args) {
  BundleArgs a;
  std::string error;
  if (!parse_bundle_args(args, true, true, false, &a, &error)) return usage(error);
  Result<pkg::Bundle> bundle = open_bundle(a, "");
  if (!bundle) return fail(bundle.error());
  std::size_t total = 0;
  List files;
  for (const auto& [name, data] : bundle->files) {
    total += data.size();
    files.emplace_back(Map{{"name", Value(name)},
                           {"size", Value(static_cast<std::int64_t>(data.size()))},
                           {"sha256", Value(pkg::sha256_hex(data))}});
  }
  if (a.json) {
    const Value* package = bundle->manifest.as_map()->find("package");
    write_stdout_line(to_json(Map{{"status", Value("ok")},
                                  {"runtime_target", Value(bundle->runtime_target)},
                                  {"package", package ? *package : Value()},
                                  {"signed", Value(bundle->signed_bundle)},
                                  {"signature_verified", Value(bundle->signature_verified)},
                                  {"total_bytes", Value(static_cast<std::int64_t>(total))},
                                  {"files", Value(std::move(files))}}));
    return kExitSuccess;
  }
  std::printf("bundle          %s\n", a.path.c_str());
  std::printf("name            %s\n", field_text(*bundle, "name").c_str());
  std::printf("version         %s\n", field_text(*bundle, "version").c_str());
  std::printf("created         %s\n", field_text(*bundle, "created").c_str());
  std::printf("runtime         %s (runtime %s)\n", bundle->runtime_target.c_str(),
              field_text(*bundle, "runtime_version").c_str());
  std::printf("signed          %s\n",
              bundle->signed_bundle
                  ? (bundle->signature_verified ? "yes (verified)" : "yes (not verified)")
                  : "no");
  std::printf("\n%12s  %-16s  %s\n", "size", "sha256", "file");
  for (const auto& [name, data] : bundle->files) {
    std::printf("%12zu  %-16s  %s\n", data.size(), pkg::sha256_hex(data).substr(0, 16).c_str(),
                name.c_str());
  }
  std::printf("%12zu  %-16s  %zu files\n", total, "", bundle->files.size());
  std::fflush(stdout);
  return kExitSuccess;
}

int verify_command(const std::vector<std::string>& args) {
  BundleArgs a;
  std::string error;
  if (!parse_bundle_args(args, false, true, false, &a, &error)) return usage(error);
  Result<pkg::Bundle> bundle = open_bundle(a, "");
  if (!bundle) return fail(bundle.error());
  write_stdout_line(to_json(Map{{"status", Value("verified")},
                                {"runtime_target", Value(bundle->runtime_target)},
                                {"files", Value(static_cast<std::int64_t>(bundle->files.size()))},
                                {"signed", Value(bundle->signed_bundle)},
                                {"signature_verified", Value(bundle->signature_verified)}}));
  return kExitSuccess;
}

int keygen_command(const std::vector<std::string>& args) {
  std::string prefix;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size()) {
      prefix = args[++i];
    } else {
      return usage("keygen takes -o PREFIX (writes PREFIX.key and PREFIX.pub)");
    }
  }
  if (prefix.empty()) return usage("keygen needs -o PREFIX (writes PREFIX.key and PREFIX.pub)");
  pkg::KeyPair pair = pkg::generate_keypair();
  if (pair.secret_key.empty()) return fail(invalid_input("io_error", "libsodium failed to start"));
  Status secret = write_new_file(prefix + ".key", pkg::format_secret_key(pair.secret_key), 0600);
  if (!secret) return fail(secret.error());
  Status pub = write_new_file(prefix + ".pub", pkg::format_public_key(pair.public_key), 0644);
  if (!pub) return fail(pub.error());
  write_stdout_line(to_json(Map{{"status", Value("ok")},
                                {"secret_key", Value(prefix + ".key")},
                                {"public_key", Value(prefix + ".pub")}}));
  return kExitSuccess;
}

bool names_bundle(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (ends_with(arg, ".rmpkg")) return true;
  }
  return false;
}

int run_bundle_command(const NodeRegistry& registry, const std::vector<std::string>& args) {
  BundleArgs a;
  std::string error;
  if (!parse_bundle_args(args, false, true, true, &a, &error)) return usage(error);
  std::string expected = a.target.empty() ? "" : (a.target == "wasm" ? "wasm32-wasi" : "native");
  Result<pkg::Bundle> bundle = open_bundle(a, expected);
  if (!bundle) return fail(bundle.error());
  bool wasm = bundle->runtime_target == "wasm32-wasi";
  std::string pipeline = to_json(*bundle->manifest.as_map()->find("pipeline"));

  Result<std::string> root = pkg::extract_bundle(*bundle);
  if (!root) return fail(root.error());
  int code;
  if (!wasm) {
    RunOptions options;
    options.base_dir = *root;
    options.collect_metrics = a.metrics;
    code = write_report(run_document(pipeline, registry, options), a.metrics);
  } else {
    // The wasm host reads the document from a file and preopens its directory as /pipeline.
    std::string document = *root + "/.rmpkg-pipeline.json";
    Status written = write_new_file(document, pipeline, 0600);
    if (!written) {
      pkg::remove_tree(*root);
      return fail(written.error());
    }
    std::fflush(stdout);
    std::fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
      if (bundle->files.count(pkg::kRuntimeModuleName) != 0) {
        setenv("REMOTEMEDIA_WASM_MODULE", (*root + "/" + pkg::kRuntimeModuleName).c_str(), 1);
      }
      if (bundle->files.count(pkg::kStdlibName) != 0) {
        setenv("REMOTEMEDIA_WASI_USR", (*root + "/wasi-deps/usr").c_str(), 1);
      }
      _exit(exec_wasm_target(document, a.metrics));
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0) {
      code = fail(invalid_input("wasm_target_unavailable", "cannot start the wasm target"));
    } else {
      code = WIFEXITED(status) ? WEXITSTATUS(status) : kExitRunFailure;
    }
  }
  pkg::remove_tree(*root);
  return code;
}

}  // namespace remotemedia
