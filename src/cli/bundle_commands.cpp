// remotemedia inspect, verify, keygen and `run BUNDLE.rmpkg` (docs/rmpkg.md).
#include "cli/pack_commands.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>

#include "cli/command_support.h"
#include "cli/host_paths.h"
#include "cli/run_command.h"
#include "cli/supervisor.h"
#include "core/json_writer.h"
#include "entry/read_input.h"
#include "entry/report_output.h"
#include "pkg/bundle_files.h"
#include "pkg/checksums.h"
#include "pkg/signing.h"
#include "pkg/tree_removal.h"
#include "remotemedia/c_api.h"

namespace remotemedia {
namespace {

// Creates `path` (must not exist) with `mode` and writes `data`.
Status write_new_file(const std::string& path, const std::string& data, mode_t mode) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) {
    return invalid_input(errc::io_error, "cannot create '" + path + "': " + std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      close(fd);
      return invalid_input(errc::io_error, "cannot write '" + path + "'");
    }
    done += static_cast<std::size_t>(n);
  }
  close(fd);
  return Status::ok();
}

Result<std::string> read_public_key_file(const std::string& path) {
  Result<std::string> text = read_key_file(path);
  if (!text) return text.take_error();
  return pkg::parse_public_key(*text);
}

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

Result<pkg::Bundle> open_bundle(const BundleArgs& a, const std::string& expected_target,
                                std::function<Status()> keep_going = {}) {
  pkg::ReadOptions options;
  options.expected_target = expected_target;
  options.keep_going = std::move(keep_going);
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
  if (!parse_bundle_args(args, true, true, false, &a, &error)) return command_usage_error(error);
  Result<pkg::Bundle> bundle = open_bundle(a, "");
  if (!bundle) return command_failure(bundle.error());
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
    return print_text(to_json(Map{{"status", Value("ok")},
                                  {"runtime_target", Value(bundle->runtime_target)},
                                  {"package", package ? *package : Value()},
                                  {"signed", Value(bundle->signed_bundle)},
                                  {"signature_verified", Value(bundle->signature_verified)},
                                  {"total_bytes", Value(static_cast<std::int64_t>(total))},
                                  {"files", Value(std::move(files))}}));
  }
  auto right = [](std::string cell, std::size_t width) {
    return std::string(cell.size() < width ? width - cell.size() : 0, ' ') + cell;
  };
  auto left = [](std::string cell, std::size_t width) {
    return cell + std::string(cell.size() < width ? width - cell.size() : 0, ' ');
  };
  std::string text =
      "bundle          " + a.path + "\n" + "name            " + field_text(*bundle, "name") + "\n" +
      "version         " + field_text(*bundle, "version") + "\n" + "created         " +
      field_text(*bundle, "created") + "\n" + "runtime         " + bundle->runtime_target +
      " (runtime " + field_text(*bundle, "runtime_version") + ")\n" + "signed          " +
      (bundle->signed_bundle
           ? (bundle->signature_verified ? "yes (verified)" : "yes (not verified)")
           : "no") +
      "\n\n" + right("size", 12) + "  " + left("sha256", 16) + "  file\n";
  for (const auto& [name, data] : bundle->files) {
    text += right(std::to_string(data.size()), 12) + "  " +
            left(pkg::sha256_hex(data).substr(0, 16), 16) + "  " + name + "\n";
  }
  text += right(std::to_string(total), 12) + "  " + left("", 16) + "  " +
          std::to_string(bundle->files.size()) + " files\n";
  return print_text(std::move(text));
}

int verify_command(const std::vector<std::string>& args) {
  BundleArgs a;
  std::string error;
  if (!parse_bundle_args(args, false, true, false, &a, &error)) return command_usage_error(error);
  Result<pkg::Bundle> bundle = open_bundle(a, "");
  if (!bundle) return command_failure(bundle.error());
  // "verified" means everything the bundle carries was checked: a signature checked against no
  // key is not, so a signed bundle without --pubkey has only its hashes verified.
  const bool unchecked_signature = bundle->signed_bundle && !bundle->signature_verified;
  if (unchecked_signature) {
    std::fprintf(stderr,
                 "remotemedia: note: the bundle is signed, and its signature was not checked: "
                 "give the signer's public key with --pubkey\n");
  }
  return print_text(
      to_json(Map{{"status", Value(unchecked_signature ? "hashes_verified" : "verified")},
                  {"runtime_target", Value(bundle->runtime_target)},
                  {"files", Value(static_cast<std::int64_t>(bundle->files.size()))},
                  {"signed", Value(bundle->signed_bundle)},
                  {"signature_verified", Value(bundle->signature_verified)}}));
}

int keygen_command(const std::vector<std::string>& args) {
  std::string prefix;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size()) {
      prefix = args[++i];
    } else {
      return command_usage_error("keygen takes -o PREFIX (writes PREFIX.key and PREFIX.pub)");
    }
  }
  if (prefix.empty())
    return command_usage_error("keygen needs -o PREFIX (writes PREFIX.key and PREFIX.pub)");
  pkg::KeyPair pair = pkg::generate_keypair();
  if (pair.secret_key.empty())
    return command_failure(invalid_input(errc::io_error, "libsodium failed to start"));
  Status secret = write_new_file(prefix + ".key", pkg::format_secret_key(pair.secret_key), 0600);
  if (!secret) return command_failure(secret.error());
  Status pub = write_new_file(prefix + ".pub", pkg::format_public_key(pair.public_key), 0644);
  if (!pub) return command_failure(pub.error());
  return print_text(to_json(Map{{"status", Value("ok")},
                                {"secret_key", Value(prefix + ".key")},
                                {"public_key", Value(prefix + ".pub")}}));
}

bool names_bundle(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (ends_with(arg, ".rmpkg")) return true;
  }
  return false;
}

namespace {

// The --timeout deadline of `run BUNDLE` / `validate BUNDLE`, from the command's start.
class BundleDeadline {
 public:
  explicit BundleDeadline(const RunSettings& settings)
      : seconds_(settings.timeout_seconds),
        text_(settings.timeout_text),
        start_(std::chrono::steady_clock::now()) {}

  // Checked while the bundle is read and extracted: `interrupted` once a signal arrived,
  // `timeout` past the deadline.
  Status keep_going() const {
    if (interrupt_signal() != 0) {
      return run_failure(errc::interrupted, "the bundle was not opened: interrupted");
    }
    if (seconds_ > 0 && elapsed() >= seconds_) {
      return run_failure(errc::timeout, "the bundle was not read and extracted within " + text_ +
                                            " s (--timeout)");
    }
    return Status::ok();
  }

  // What the run may still take (0: no timeout); never 0 when there is one.
  double seconds_left() const {
    if (seconds_ <= 0) return 0;
    return std::max(seconds_ - elapsed(), 0.001);
  }

  // The command's exit for a failed read or extraction: an interruption is reported like one
  // during the run.
  int report(const Error& error) const {
    if (interrupt_signal() != 0) return print_report(interrupted_report(interrupt_signal()));
    return command_failure(error);
  }

 private:
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  double seconds_;
  std::string text_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

int run_bundle_command(Runtime& runtime, const std::vector<std::string>& args, bool validate_only) {
  BundleArgs a;
  RunSettings settings = default_run_settings();
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string error;
    FlagParse parsed = parse_run_flag(args, &i, &settings, &error);
    if (parsed == FlagParse::kBad) return command_usage_error(error);
    if (parsed == FlagParse::kParsed) continue;
    if (args[i] == "--pubkey") {
      if (i + 1 >= args.size()) return command_usage_error("--pubkey needs a file");
      a.pubkey = args[++i];
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      return command_usage_error("unknown option '" + args[i] + "'");
    } else if (!a.path.empty()) {
      return command_usage_error("more than one bundle given");
    } else {
      a.path = args[i];
    }
  }
  if (a.path.empty()) return command_usage_error("no bundle given");
  if (!settings.base_dir.empty()) {
    return command_usage_error(
        "--base-dir does not apply to a bundle: it runs in its own directory");
  }
  // Before anything is created: a signal from here on is recorded, and the extraction directory
  // is removed on every path below.
  install_interrupt_handlers();
  // --timeout bounds the whole command: reading, verifying and extracting the bundle (a bomb of
  // small entries takes time, not only memory) stop at the deadline or a signal, and the run gets
  // what is left.
  BundleDeadline deadline(settings);
  std::function<Status()> keep_going = [&deadline] { return deadline.keep_going(); };
  // A wasm32-wasi bundle also runs natively (its module and stdlib then go unused); a native
  // bundle carries no runtime and does not run under --target wasm.
  std::string expected = settings.target == "wasm" ? "wasm32-wasi" : "";
  Result<pkg::Bundle> bundle = open_bundle(a, expected, keep_going);
  if (!bundle) return deadline.report(bundle.error());
  settings.wasm =
      settings.target.empty() ? bundle->runtime_target == "wasm32-wasi" : settings.target == "wasm";
  Result<std::string> pipeline =
      rewrite_document(to_json(*bundle->manifest.as_map()->find("pipeline")), settings);
  if (!pipeline) return command_failure(pipeline.error());

  Result<std::string> root = pkg::extract_bundle(*bundle, keep_going);
  if (!root) return deadline.report(root.error());
  settings.timeout_seconds = deadline.seconds_left();
  // The bundle's own module and stdlib run it when the module speaks this CLI's C ABI; otherwise
  // (a bundle packed by another version) this CLI's own reactor does, with a note.
  WasmRuntimeFiles files;
  if (bundle->files.count(pkg::kRuntimeModuleName) != 0) {
    if (bundle->runtime_abi_version == RM_ABI_VERSION) {
      files.module = *root + "/" + pkg::kRuntimeModuleName;
    } else {
      std::fprintf(stderr,
                   "remotemedia: note: the bundle's runtime module speaks C ABI version %d, this "
                   "CLI version %d: running it in this CLI's own module\n",
                   bundle->runtime_abi_version, RM_ABI_VERSION);
    }
  }
  if (bundle->files.count(pkg::kStdlibName) != 0) files.usr = *root + "/wasi-deps/usr";
  // A bundle that carries models/ is self-contained: its models are /models.
  struct stat models_info {};
  const std::string models = *root + "/models";
  if (::lstat(models.c_str(), &models_info) == 0 && S_ISDIR(models_info.st_mode)) {
    settings.models_dir = models;
  }
  if (settings.verbose) print_verbose_start("bundle " + a.path, settings, *root, validate_only);
  const auto started = std::chrono::steady_clock::now();
  RunReport report = interrupt_signal() != 0 ? interrupted_report(interrupt_signal())
                                             : supervise_document(runtime, *pipeline, *root,
                                                                  settings, validate_only, files);
  if (settings.verbose) {
    print_verbose_end(
        report, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  Status removed = pkg::remove_tree(*root);
  if (!removed) std::fprintf(stderr, "remotemedia: %s\n", removed.error().message.c_str());
  return print_report(report, settings.pretty);
}

}  // namespace remotemedia
