// Identification screenings: which indicators an agency user observed, the
// forms of exploitation suspected and the outcome. A screening holds no name;
// a referral links it to a person. Notes are sealed to their row.
//
// Invariants: codes are those of the IndicatorCatalogue; the author's agency
// reads its screenings, the SPU intake reads one once it is referred to it;
// everyone else is told "not found" (audited).
// Who calls it: referral/routes.cc.
// Thread-safety: safe for concurrent use.
#pragma once

#include <memory>
#include <string>

#include "access/service.h"
#include "core/clock.h"
#include "crypto/keyring.h"
#include "directory/model.h"
#include "referral/idempotency.h"
#include "referral/indicators.h"
#include "referral/model.h"
#include "store/database.h"

namespace nrm::referral {

class ScreeningService {
 public:
  ScreeningService(store::Database& db, const crypto::Keyring& keyring, access::AccessService& access,
                   std::shared_ptr<const IndicatorCatalogue> catalogue, const Clock& clock);

  // With `idem`, the key is recorded in the creating transaction (idempotency.h).
  Result<Screening> Create(const directory::Principal& who, const ScreeningInput& in, const std::string& request_id,
                           const IdempotencyClaim* idem = nullptr);
  Result<Screening> Get(const directory::Principal& who, const std::string& id, const std::string& request_id);

  const IndicatorCatalogue& catalogue() const { return *catalogue_; }
  const IdempotencyKeys& idempotency() const { return idempotency_; }

 private:
  store::Database& db_;
  const crypto::Keyring& keyring_;
  access::AccessService& access_;
  std::shared_ptr<const IndicatorCatalogue> catalogue_;
  const Clock& clock_;
  IdempotencyKeys idempotency_;
};

}  // namespace nrm::referral
