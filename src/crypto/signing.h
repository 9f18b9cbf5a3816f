// Ed25519 signatures (libsodium crypto_sign, detached) for the audit log's
// signed checkpoints.
//
// The audit signing key is derived from the keyring's "audit-signing" seed
// (Keyring::AuditSigningKey()); verifiers need only the 32-byte public key.
// KeyId names a public key: lower-case hex of the first 8 bytes of
// BLAKE2b-256(public key), 16 characters, stored next to each signature so a
// verifier knows which key to use.
//
// Invariants: the secret half lives in SecretBytes (locked, wiped memory) and
// never leaves this module except as signatures.
//
// Thread-safety: a SigningKey is immutable after construction; all functions
// are safe to call from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "crypto/keyring.h"
#include "store/database.h"

namespace nrm::crypto {

inline constexpr size_t kSigningSeedBytes = 32;
inline constexpr size_t kPublicKeyBytes = 32;
inline constexpr size_t kSignatureBytes = 64;

class SigningKey {
 public:
  // crypto_sign_seed_keypair over a 32-byte seed; kInvalidArgument for
  // another size, kInternal if memory cannot be locked.
  static Result<SigningKey> FromSeed(std::span<const uint8_t> seed);
  // A fresh random key (tests, tools).
  static Result<SigningKey> Generate();

  std::span<const uint8_t> public_key() const { return public_key_; }
  const std::string& key_id() const { return key_id_; }

 private:
  friend store::Blob Sign(const SigningKey& key, std::string_view message);
  SigningKey(SecretBytes secret, const std::array<uint8_t, kPublicKeyBytes>& public_key);

  SecretBytes secret_;  // libsodium's 64-byte secret key (seed || public key)
  std::array<uint8_t, kPublicKeyBytes> public_key_{};
  std::string key_id_;
};

// The 64-byte detached signature of `message`.
store::Blob Sign(const SigningKey& key, std::string_view message);

// True iff `signature` is a valid signature of `message` under `public_key`.
// Wrong sizes are simply false.
bool Verify(std::span<const uint8_t> public_key, std::string_view message, std::span<const uint8_t> signature);

// Hex of the first 8 bytes of BLAKE2b-256(public_key).
std::string KeyId(std::span<const uint8_t> public_key);

}  // namespace nrm::crypto
