// Who signs audit checkpoints.
//
// A Signer produces Ed25519 detached signatures (64 bytes, RFC 8032) with the
// installation's audit-signing key. The production signer wraps the keyring's
// audit key (the lead wires it into app::Application); KeyPairSigner below
// holds a key pair in memory, for tests, benchmarks and the interim CLI.
//
// Invariants: Sign() returns 64 bytes that verify under PublicKey() (32
// bytes) with crypto_sign_verify_detached; KeyId() is a short, stable,
// non-secret name of the key (it is stored with every checkpoint).
//
// Thread-safety: implementations must allow concurrent calls of the const
// methods.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace nrm::audit {

class Signer {
 public:
  virtual ~Signer() = default;
  virtual store::Blob Sign(std::string_view message) const = 0;
  virtual std::vector<uint8_t> PublicKey() const = 0;
  virtual std::string KeyId() const = 0;
};

// True if `signature` is a valid Ed25519 signature of `message` under
// `public_key` (libsodium crypto_sign_verify_detached). False for wrong sizes.
bool VerifyEd25519(std::string_view message, const std::vector<uint8_t>& signature,
                   const std::vector<uint8_t>& public_key);

// Entry MACs (audit/log.h): the key is BLAKE2b-256 of the signer's Ed25519
// signature of a fixed domain string. Ed25519 signatures are deterministic,
// so the key is stable for as long as the signing key is, and only the
// holder of the signing key (sealed under the master key, never in the
// database) can compute it. No checkpoint message can equal the domain
// string (audit/checkpoint.h), so the key is never published as a signature.
std::vector<uint8_t> DeriveEntryMacKey(const Signer& signer);
// The MAC of one entry: keyed BLAKE2b-256 over its leaf hash (which covers
// the canonical JSON with seq and ts).
std::vector<uint8_t> EntryMac(const std::vector<uint8_t>& key, const std::array<uint8_t, 32>& leaf_hash);

// An Ed25519 key pair held in memory (the secret key is wiped on
// destruction). KeyId() is crypto::KeyId(public key), the keyring's format.
class KeyPairSigner final : public Signer {
 public:
  // A fresh random key pair.
  static KeyPairSigner Generate();
  // The key pair derived from a 32-byte seed; nullopt for another size.
  static std::optional<KeyPairSigner> FromSeed(const std::vector<uint8_t>& seed);

  KeyPairSigner(const KeyPairSigner&);
  KeyPairSigner& operator=(const KeyPairSigner&);
  ~KeyPairSigner() override;

  store::Blob Sign(std::string_view message) const override;
  std::vector<uint8_t> PublicKey() const override;
  std::string KeyId() const override;

 private:
  KeyPairSigner() = default;
  std::array<uint8_t, 64> secret_{};
  std::array<uint8_t, 32> public_{};
};

}  // namespace nrm::audit
