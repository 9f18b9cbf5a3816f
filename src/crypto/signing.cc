#include "crypto/signing.h"

#include <sodium.h>

#include <cstdlib>

namespace nrm::crypto {
namespace {

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();  // no safe randomness: refuse to continue
}

}  // namespace

SigningKey::SigningKey(SecretBytes secret, const std::array<uint8_t, kPublicKeyBytes>& public_key)
    : secret_(std::move(secret)), public_key_(public_key), key_id_(KeyId(public_key_)) {}

Result<SigningKey> SigningKey::FromSeed(std::span<const uint8_t> seed) {
  static_assert(crypto_sign_SEEDBYTES == kSigningSeedBytes);
  static_assert(crypto_sign_PUBLICKEYBYTES == kPublicKeyBytes);
  EnsureSodium();
  if (seed.size() != crypto_sign_SEEDBYTES) {
    return Fail(ErrorCode::kInvalidArgument, "an Ed25519 seed must be 32 bytes");
  }
  auto secret = SecretBytes::Allocate(crypto_sign_SECRETKEYBYTES);
  if (!secret) return tl::unexpected(secret.error());
  std::array<uint8_t, kPublicKeyBytes> pk{};
  crypto_sign_seed_keypair(pk.data(), secret->data(), seed.data());
  return SigningKey(std::move(*secret), pk);
}

Result<SigningKey> SigningKey::Generate() {
  EnsureSodium();
  auto seed = SecretBytes::Allocate(crypto_sign_SEEDBYTES);
  if (!seed) return tl::unexpected(seed.error());
  randombytes_buf(seed->data(), seed->size());
  return FromSeed(seed->span());
}

store::Blob Sign(const SigningKey& key, std::string_view message) {
  store::Blob sig(crypto_sign_BYTES);
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       key.secret_.data());
  return sig;
}

bool Verify(std::span<const uint8_t> public_key, std::string_view message, std::span<const uint8_t> signature) {
  static_assert(crypto_sign_BYTES == kSignatureBytes);
  EnsureSodium();
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(signature.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key.data()) == 0;
}

std::string KeyId(std::span<const uint8_t> public_key) {
  EnsureSodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, public_key.data(), public_key.size(), nullptr, 0);
  char hex[2 * 8 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, 8);
  return std::string(hex, 16);
}

}  // namespace nrm::crypto
