#include "pkg/signing.h"

#include <sodium.h>

#include "core/base64.h"

namespace remotemedia::pkg {
namespace {

constexpr std::string_view kPublicTag = "rmpkg-ed25519-public ";
constexpr std::string_view kSecretTag = "rmpkg-ed25519-secret ";

std::string b64(const std::string& raw) {
  std::string out;
  append_base64(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size(), out);
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.remove_suffix(1);
  return text;
}

bool decode(std::string_view text, std::size_t size, std::string* out) {
  Buffer buffer;
  if (!decode_base64(trim(text), &buffer) || buffer.size() != size) return false;
  out->assign(reinterpret_cast<const char*>(buffer.data()), buffer.size());
  return true;
}

Result<std::string> parse_key(std::string_view text, std::string_view tag, std::size_t size) {
  std::string raw;
  if (text.substr(0, tag.size()) != tag || !decode(text.substr(tag.size()), size, &raw)) {
    return invalid_input(errc::bundle_key_invalid, "not a " + std::string(trim(tag)) + " key file");
  }
  return raw;
}

}  // namespace

KeyPair generate_keypair() {
  if (sodium_init() < 0) return {};
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  KeyPair pair{std::string(reinterpret_cast<char*>(pk), sizeof pk),
               std::string(reinterpret_cast<char*>(sk), sizeof sk)};
  sodium_memzero(sk, sizeof sk);
  return pair;
}

std::string format_public_key(const std::string& raw) {
  return std::string(kPublicTag) + b64(raw) + "\n";
}
std::string format_secret_key(const std::string& raw) {
  return std::string(kSecretTag) + b64(raw) + "\n";
}

Result<std::string> parse_public_key(std::string_view text) {
  return parse_key(text, kPublicTag, crypto_sign_PUBLICKEYBYTES);
}
Result<std::string> parse_secret_key(std::string_view text) {
  return parse_key(text, kSecretTag, crypto_sign_SECRETKEYBYTES);
}

std::string sign(std::string_view message, const std::string& secret_key) {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), reinterpret_cast<const unsigned char*>(secret_key.data()));
  return b64(std::string(reinterpret_cast<char*>(sig), sizeof sig)) + "\n";
}

Status verify_signature(std::string_view message, std::string_view signature_text,
                        const std::string& public_key) {
  std::string sig;
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES ||
      !decode(signature_text, crypto_sign_BYTES, &sig) ||
      crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                  reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size(),
                                  reinterpret_cast<const unsigned char*>(public_key.data())) != 0) {
    return invalid_input(errc::bundle_signature_invalid,
                         "meta/signature is not a valid Ed25519 signature of meta/checksums.json "
                         "for the given public key");
  }
  return Status::ok();
}

}  // namespace remotemedia::pkg
