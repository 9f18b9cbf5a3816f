// The production checkpoint signer: the keyring's audit-signing key
// (Ed25519, a data key wrapped by the master key).
//
// Thread-safety: const methods, safe from any thread while the keyring lives.
#pragma once

#include "audit/signer.h"
#include "crypto/keyring.h"

namespace nrm::audit {

class KeyringSigner final : public Signer {
 public:
  explicit KeyringSigner(const crypto::Keyring& keyring) : keyring_(keyring) {}
  store::Blob Sign(std::string_view message) const override;
  std::vector<uint8_t> PublicKey() const override;
  std::string KeyId() const override;

 private:
  const crypto::Keyring& keyring_;
};

}  // namespace nrm::audit
