// Ed25519 signatures over meta/checksums.json (libsodium). Key files are one line of text:
//   secret key: "rmpkg-ed25519-secret " + base64(64-byte libsodium secret key) + "\n"
//   public key: "rmpkg-ed25519-public " + base64(32-byte public key) + "\n"
// meta/signature holds base64(64-byte detached signature) + "\n".
#pragma once

#include <string>
#include <string_view>

#include "remotemedia/status.h"

namespace remotemedia::pkg {

struct KeyPair {
  std::string public_key;  // raw 32 bytes
  std::string secret_key;  // raw 64 bytes
};

KeyPair generate_keypair();
std::string format_public_key(const std::string& raw);
std::string format_secret_key(const std::string& raw);
// Fail with bundle_key_invalid naming the problem.
Result<std::string> parse_public_key(std::string_view text);
Result<std::string> parse_secret_key(std::string_view text);

// The text of meta/signature for `message`.
std::string sign(std::string_view message, const std::string& secret_key);
// bundle_signature_invalid unless `signature_text` is a valid signature of `message`.
Status verify_signature(std::string_view message, std::string_view signature_text,
                        const std::string& public_key);

}  // namespace remotemedia::pkg
