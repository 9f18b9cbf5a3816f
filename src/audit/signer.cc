#include "audit/signer.h"

#include <sodium.h>

#include <cstdlib>

#include "crypto/signing.h"

namespace nrm::audit {
namespace {

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();
}

}  // namespace

bool VerifyEd25519(std::string_view message, const std::vector<uint8_t>& signature,
                   const std::vector<uint8_t>& public_key) {
  EnsureSodium();
  if (signature.size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES) return false;
  return crypto_sign_verify_detached(signature.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key.data()) == 0;
}

KeyPairSigner KeyPairSigner::Generate() {
  EnsureSodium();
  KeyPairSigner s;
  crypto_sign_keypair(s.public_.data(), s.secret_.data());
  return s;
}

std::optional<KeyPairSigner> KeyPairSigner::FromSeed(const std::vector<uint8_t>& seed) {
  EnsureSodium();
  if (seed.size() != crypto_sign_SEEDBYTES) return std::nullopt;
  KeyPairSigner s;
  crypto_sign_seed_keypair(s.public_.data(), s.secret_.data(), seed.data());
  return s;
}

KeyPairSigner::KeyPairSigner(const KeyPairSigner& o) : secret_(o.secret_), public_(o.public_) {}

KeyPairSigner& KeyPairSigner::operator=(const KeyPairSigner& o) {
  secret_ = o.secret_;
  public_ = o.public_;
  return *this;
}

KeyPairSigner::~KeyPairSigner() { sodium_memzero(secret_.data(), secret_.size()); }

store::Blob KeyPairSigner::Sign(std::string_view message) const {
  store::Blob sig(crypto_sign_BYTES);
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_.data());
  return sig;
}

std::vector<uint8_t> KeyPairSigner::PublicKey() const { return {public_.begin(), public_.end()}; }

std::string KeyPairSigner::KeyId() const { return crypto::KeyId(public_); }

std::vector<uint8_t> DeriveEntryMacKey(const Signer& signer) {
  static constexpr std::string_view kDomain = "opennrm audit entry mac key v1";
  store::Blob sig = signer.Sign(kDomain);
  std::vector<uint8_t> key(crypto_generichash_BYTES);
  crypto_generichash(key.data(), key.size(), sig.data(), sig.size(), nullptr, 0);
  sodium_memzero(sig.data(), sig.size());
  return key;
}

std::vector<uint8_t> EntryMac(const std::vector<uint8_t>& key, const std::array<uint8_t, 32>& leaf_hash) {
  std::vector<uint8_t> mac(crypto_generichash_BYTES);
  crypto_generichash(mac.data(), mac.size(), leaf_hash.data(), leaf_hash.size(), key.data(), key.size());
  return mac;
}

}  // namespace nrm::audit
