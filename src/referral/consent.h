// The person's consent to share: which field classes, with which agency, for
// what purpose, until when. An onward referral needs a live consent covering
// its recipient and classes (or an audited supervisor override); withdrawing
// a consent revokes, at once, every onward referral that relied on it.
//
// Invariants: only users who may act on the person (the person's edit
// permission: its assignee or the owner agency's supervisor) with
// placements.create record, list or withdraw consents; a withdrawn consent
// never becomes active again; everything is audited in the same transaction.
// Who calls it: referral/routes.cc, ReferralService (FindLive).
// Thread-safety: safe for concurrent use.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/service.h"
#include "core/clock.h"
#include "directory/service.h"
#include "notify/service.h"
#include "referral/model.h"
#include "store/database.h"

namespace nrm::referral {

class ConsentService {
 public:
  ConsentService(store::Database& db, access::AccessService& access, directory::Directory& directory,
                 notify::Inbox& inbox, const Clock& clock);

  Result<Consent> Create(const directory::Principal& who, const ConsentInput& in, const std::string& request_id);
  Result<std::vector<Consent>> List(const directory::Principal& who, const std::string& person_id,
                                    const std::string& request_id);
  Result<Consent> Withdraw(const directory::Principal& who, const std::string& id, int64_t version,
                           const std::string& reason, const std::string& request_id);

  // A consent live at `now` for the person that names `agency_id` and covers
  // every class of `classes`; with `consent_id`, only that one.
  static Result<std::optional<Consent>> FindLive(store::Transaction& tx, const std::string& person_id,
                                                 const std::string& agency_id, const access::FieldMask& classes,
                                                 const std::optional<std::string>& consent_id, int64_t now);

 private:
  // The person's edit permission, or "not found".
  Status RequireActOnPerson(store::Transaction& tx, const directory::Principal& who, const std::string& person_id);

  store::Database& db_;
  access::AccessService& access_;
  directory::Directory& dir_;
  notify::Inbox& inbox_;
  const Clock& clock_;
};

}  // namespace nrm::referral
