// Idempotency-Key for the creating POSTs of this module (referrals,
// screenings): a client that lost an answer may send the same request again
// with the same key and gets the first answer's resource instead of a second
// one.
//
// Invariants:
//  - a key is 1..100 characters of [A-Za-z0-9_-] and binds to one user and
//    one scope: another user's identical key is a different key;
//  - within 24 hours, the same key with the same body names the first
//    resource; with another body it is refused (kConflict, nothing written);
//  - only keyed blind indexes of the key and the body are stored, never the
//    body (it holds personal data);
//  - Record runs inside the creating transaction, so the key and the
//    resource commit together; a concurrent second use fails there
//    (kAlreadyExists) and its creation rolls back.
//
// Who calls it: referral/routes.cc (Claim, Find) and the services' Create
// methods (Record, in their transaction).
// Thread-safety: safe for concurrent use; state lives in the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"
#include "crypto/keyring.h"
#include "store/database.h"

namespace nrm::referral {

inline constexpr int64_t kIdempotencyTtlMs = 24LL * 3600'000;
inline constexpr size_t kMaxIdempotencyKey = 100;

// One request's claim on a key; made by IdempotencyKeys::Claim.
struct IdempotencyClaim {
  std::string key_hash;
  std::string request_hash;
  std::string user_id;
  std::string scope;
};

class IdempotencyKeys {
 public:
  IdempotencyKeys(store::Database& db, const crypto::Keyring& keyring, const Clock& clock)
      : db_(db), keyring_(keyring), clock_(clock) {}

  // kInvalidArgument for a malformed key. `canonical_request` is the request
  // as parsed and re-serialised, so that whitespace does not make it differ.
  Result<IdempotencyClaim> Claim(const std::string& user_id, std::string_view scope, std::string_view key,
                                 std::string_view canonical_request) const;

  // The first answer's resource id for this claim within 24 hours; nullopt
  // if the key is new (or older); kConflict if it came with another request.
  Result<std::optional<std::string>> Find(const IdempotencyClaim& claim) const;
  Result<std::optional<std::string>> FindIn(store::Transaction& tx, const IdempotencyClaim& claim) const;

  // Inside the creating transaction; also drops keys past their 24 hours.
  Status Record(store::Transaction& tx, const IdempotencyClaim& claim, const std::string& resource_id,
                int status) const;

 private:
  store::Database& db_;
  const crypto::Keyring& keyring_;
  const Clock& clock_;
};

}  // namespace nrm::referral
