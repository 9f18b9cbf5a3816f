// Referrals: a presumed victim referred to the SPU (with the screening, the
// person, sealed circumstances and documents), the SLA clock on the SPU's
// acknowledgement and handover decision, the SPU's acceptance (an SPU case
// and the person handed over) or refusal, and onward referrals from the SPU
// to shelters and service providers under the person's consent.
//
// Invariants:
//  - every operation is one transaction with its audit entries and notices:
//    a bad attachment, a missing screening or consent writes nothing;
//  - state changes check the version read (409 when stale) and the state
//    machine of model.h (409 on an illegal transition);
//  - the referring agency sees only the status of its own referral; after
//    the handover its users lose their relations to the person;
//  - an onward recipient reads the person only through a referral relation
//    limited to the chosen classes, which ends at once on close, revoke or
//    consent withdrawal;
//  - EscalateOverdue marks each overdue stage once and notifies once, also
//    with several processes sweeping (the marking UPDATE decides who sends).
//
// Who calls it: referral/routes.cc; EscalateOverdue from `nrm serve` each
// minute and from tests with a ManualClock.
// Thread-safety: safe for concurrent use; state lives in the store.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "access/service.h"
#include "core/clock.h"
#include "crypto/keyring.h"
#include "directory/service.h"
#include "notify/service.h"
#include "people/service.h"
#include "referral/consent.h"
#include "referral/idempotency.h"
#include "referral/model.h"
#include "store/database.h"

namespace nrm::referral {

struct ListQuery {
  std::string box;  // intake | sent | onward; "" = by the caller's capabilities
  bool open_only = true;
  int limit = 100;
};

struct ReferralList {
  std::string box;
  std::vector<Referral> items;
};

class ReferralService {
 public:
  ReferralService(store::Database& db, const crypto::Keyring& keyring, access::AccessService& access,
                  people::PersonService& persons, notify::Inbox& inbox, directory::Directory& directory,
                  const Clock& clock, SlaSettings sla);

  // With `idem`, the key is recorded in the creating transaction (idempotency.h).
  Result<Referral> CreateToSpu(const directory::Principal& who, const ReferralToSpuInput& in,
                               const std::string& request_id, const IdempotencyClaim* idem = nullptr);
  Result<Referral> CreateOnward(const directory::Principal& who, const OnwardReferralInput& in,
                                const std::string& request_id, const IdempotencyClaim* idem = nullptr);

  Result<Referral> Get(const directory::Principal& who, const std::string& id, const std::string& request_id);
  Result<AttachmentFile> Attachment(const directory::Principal& who, const std::string& referral_id,
                                    const std::string& attachment_id, const std::string& request_id);
  Result<ReferralList> List(const directory::Principal& who, const ListQuery& query);

  Result<Referral> Acknowledge(const directory::Principal& who, const std::string& id, int64_t version,
                               const std::string& request_id);
  Result<Referral> Accept(const directory::Principal& who, const std::string& id, const AcceptInput& in,
                          const std::string& request_id);
  Result<Referral> Decline(const directory::Principal& who, const std::string& id, int64_t version,
                           const std::string& reason, const std::string& request_id);
  Result<Referral> Revoke(const directory::Principal& who, const std::string& id, int64_t version,
                          const std::string& reason, const std::string& request_id);
  Result<Referral> Close(const directory::Principal& who, const std::string& id, int64_t version,
                         const std::string& reason, const std::string& request_id);

  // Marks referrals whose acknowledgement or decision is overdue at `now`
  // (once per stage) and notifies the SPU supervisors and the Coordinator's
  // office ("referral.overdue"). Returns how many stages it escalated.
  Result<int> EscalateOverdue(int64_t now);

  // For the access layer: the SPU case records (object type "case").
  // `key`: the case id or its reference (C-2026-000123).
  Result<std::optional<access::ObjectInfo>> DescribeCase(store::Transaction& tx, const std::string& key);

  const SlaSettings& sla() const { return sla_; }
  const IdempotencyKeys& idempotency() const { return idempotency_; }

 private:
  // Which view `who` gets of `r`; nullopt when `who` is no party to it.
  std::optional<View> ViewOf(const directory::Principal& who, const Referral& r) const;
  // Cuts `r` down to `view` and adds what the view shows (references, the
  // screening summary; with `sealed`, circumstances and attachments).
  Status Shape(store::Transaction& tx, Referral& r, View view, bool sealed);
  // Loads `id` for a change by `who` in `tx`: "not found" for non-parties.
  Result<Referral> LoadForChange(store::Transaction& tx, const directory::Principal& who, const std::string& id,
                                 View& view);
  // Shapes, commits and returns the changed referral (without sealed data).
  Result<Referral> Finish(store::Transaction& tx, const directory::Principal& who, const std::string& id);
  Status Audit(store::Transaction& tx, const directory::Principal* who, const std::string& action, const Referral& r,
               const std::string& request_id, std::map<std::string, std::string> detail = {},
               const access::FieldMask& classes = {});
  Status Tell(store::Transaction& tx, const std::vector<std::string>& users, const char* kind, const std::string& id);
  Status TellAgency(store::Transaction& tx, const std::string& agency_id, const char* capability, const char* kind,
                    const std::string& id);
  Result<std::string> AgencyId(const std::string& code);
  Result<std::string> OpenCase(store::Transaction& tx, const directory::Principal& who, const Referral& r,
                               const std::string& assignee, const std::string& request_id);

  store::Database& db_;
  const crypto::Keyring& keyring_;
  access::AccessService& access_;
  people::PersonService& persons_;
  notify::Inbox& inbox_;
  directory::Directory& dir_;
  const Clock& clock_;
  SlaSettings sla_;
  IdempotencyKeys idempotency_;
};

}  // namespace nrm::referral
