#include "audit/keyring_signer.h"

#include "crypto/signing.h"

namespace nrm::audit {

store::Blob KeyringSigner::Sign(std::string_view message) const {
  return crypto::Sign(keyring_.AuditSigningKey(), message);
}

std::vector<uint8_t> KeyringSigner::PublicKey() const {
  auto pk = keyring_.AuditPublicKey();
  return {pk.begin(), pk.end()};
}

std::string KeyringSigner::KeyId() const { return keyring_.AuditKeyId(); }

}  // namespace nrm::audit
