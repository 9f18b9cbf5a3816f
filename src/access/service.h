// The need-to-know service: grants (assignment, referral, approved
// information request, break-glass), information requests, access history
// and oversight alerts. Personal-data modules call Decide()/ListPredicate()
// through `policy()`, and AuditRead()/AuditDenied() around every read.
//
// Rules it holds:
//  - no capability opens a record: administrators and the Coordinator read an
//    identity only through a relation to it, like everyone else;
//  - every grant and revocation is audited in the same transaction;
//  - information requests name the fields and the purpose; approval creates a
//    time-limited, field-limited relation for the requester only;
//  - break-glass needs a written reason of at least kMinReasonLength
//    characters, expires after a few hours and raises an oversight alert at
//    once;
//  - anomalies (bulk identity reads, repeated refusals, searches outside one's
//    records) raise alerts to holders of oversight.view.
//
// Thread-safety: safe for concurrent use; state lives in the store.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "access/model.h"
#include "access/policy.h"
#include "audit/log.h"
#include "core/clock.h"
#include "core/error.h"
#include "directory/capabilities.h"
#include "directory/model.h"
#include "store/database.h"

namespace nrm::access {

inline constexpr size_t kMinReasonLength = 20;
inline constexpr const char* kBreakGlassCapability = directory::kBreakGlass;
inline constexpr const char* kOversightCapability = directory::kOversightView;
inline constexpr const char* kApproveAnyCapability = directory::kInfoRequestsApprove;
inline constexpr const char* kRequestCapability = directory::kInfoRequestsCreate;

// What the access layer may know of a protected record without reading it.
struct ObjectInfo {
  std::string type;
  std::string id;
  std::string reference;  // pseudonymous reference code
  std::string owner_agency_id;
  // Set when the key was an opaque match token (people/ duplicate check):
  // the only user who may use it. Such an object may be named in an
  // information request and nowhere else, and the requester is not told its
  // id or reference unless the request is approved.
  std::optional<std::string> match_holder;
};

// Each personal-data module registers a lookup for its object type, so the
// access layer never reads another module's tables.
using ObjectLookup =
    std::function<Result<std::optional<ObjectInfo>>(store::Transaction&, const std::string& id_or_reference)>;

struct AlertThresholds {
  int identity_reads = 50;    // per actor per window
  int refusals = 5;           // per actor per window
  int outside_searches = 10;  // per actor per window
  int duplicate_checks = 20;  // person duplicate checks per actor per window
  int64_t window_ms = 10 * 60'000;
  int64_t break_glass_ms = 4 * 3600'000;
  int64_t max_grant_ms = 90LL * 24 * 3600'000;
  bool coordinator_approves = true;
};

struct InformationRequest {
  std::string id;
  std::string object_type;
  std::string object_id;
  std::string object_reference;
  std::string requester_user_id;
  std::string requester_agency_id;
  FieldMask fields;
  std::string purpose;
  RequestStatus status = RequestStatus::kPending;
  std::optional<std::string> decided_by;
  std::optional<int64_t> decided_at;
  std::string decision_reason;
  std::optional<std::string> grant_id;
  std::optional<int64_t> grant_expires_at;
  int64_t created_at = 0;
  int64_t version = 1;
  bool by_match = false;  // named by a match token: the requester does not learn the object
};

// Information-request events, for notifications. Called inside the
// transaction that made the change (a failure rolls it back). event:
// "created" (recipients: the users who may decide it) or "decided"
// (recipients: the requester).
using RequestObserver =
    std::function<Status(store::Transaction& tx, const std::string& event, const InformationRequest& request,
                         const std::vector<std::string>& recipients)>;

struct NewInformationRequest {
  std::string object_type;
  std::string object;  // id or reference code
  FieldMask fields;
  std::string purpose;
};

struct Approval {
  int64_t version = 0;
  std::optional<FieldMask> fields;  // a subset of what was asked; default: all asked
  int64_t valid_for_ms = 30LL * 24 * 3600'000;
};

struct Alert {
  std::string id;
  std::string kind;  // break_glass, bulk_identity_reads, repeated_refusals, search_outside_records,
                     // duplicate_checks
  std::string actor_user_id;
  std::string object_type;
  std::string object_id;
  std::string detail;
  int64_t created_at = 0;
  std::optional<std::string> acknowledged_by;
  std::optional<int64_t> acknowledged_at;
};

// One line of "who has seen or changed this record".
struct HistoryLine {
  int64_t seq = 0;
  int64_t ts = 0;
  std::string action;
  std::string actor_user_id;
  std::string actor_agency_id;
  std::vector<std::string> field_classes;
  std::vector<std::string> grant_ids;
  std::string purpose;
  std::string outcome;
};

class AccessService {
 public:
  AccessService(store::Database& db, audit::AuditLog& audit, std::shared_ptr<const Schema> schema, const Clock& clock,
                AlertThresholds thresholds);

  const Policy& policy() const { return policy_; }
  audit::AuditLog& audit() { return audit_; }
  void RegisterObjectType(const std::string& type, ObjectLookup lookup);
  // Set once at start, before serving (not synchronised).
  void SetRequestObserver(RequestObserver observer) { request_observer_ = std::move(observer); }
  // `allow_match`: accept an opaque match token (information requests only).
  Result<std::optional<ObjectInfo>> FindObject(store::Transaction& tx, const std::string& type,
                                               const std::string& id_or_ref, bool allow_match = false);
  // Active users who may decide `request` (the rule MayDecide() applies to
  // Approve() and Refuse()), the requester excepted. The candidates and their
  // capabilities come from directory::ActivePrincipals() in `tx`: access/
  // reads no directory table itself.
  Result<std::vector<std::string>> DecidersOf(store::Transaction& tx, const InformationRequest& request);

  // Relations written by modules as part of their own changes (e.g. the
  // creator of a record becomes its assignee), in the caller's transaction.
  Result<Relation> AddRelation(store::Transaction& tx, const directory::Principal* actor, Relation relation,
                               const std::string& request_id);
  Status RevokeRelationsBySource(store::Transaction& tx, const directory::Principal* actor,
                                 const std::string& source_id, const std::string& request_id);

  // Grants through the API.
  Result<Relation> Assign(const directory::Principal& who, const std::string& type, const std::string& object_id,
                          const std::string& assignee_user_id, const std::string& assignee_agency_id,
                          const std::string& request_id);
  Result<Relation> BreakGlass(const directory::Principal& who, const std::string& type, const std::string& object_id,
                              const std::string& reason, const std::string& request_id);
  Status Revoke(const directory::Principal& who, const std::string& relation_id, const std::string& request_id);
  struct Grant {
    Relation relation;
    std::string object_reference;
  };
  Result<std::vector<Grant>> GrantsOf(const directory::Principal& who);

  // Information requests.
  Result<InformationRequest> CreateRequest(const directory::Principal& who, const NewInformationRequest& in,
                                           const std::string& request_id);
  // box: "mine" (asked by me) or "to_decide" (I may approve or refuse).
  Result<std::vector<InformationRequest>> ListRequests(const directory::Principal& who, const std::string& box);
  Result<InformationRequest> Approve(const directory::Principal& who, const std::string& id, const Approval& approval,
                                     const std::string& request_id);
  Result<InformationRequest> Refuse(const directory::Principal& who, const std::string& id, int64_t version,
                                    const std::string& reason, const std::string& request_id);
  Result<InformationRequest> Withdraw(const directory::Principal& who, const std::string& id, int64_t version,
                                      const std::string& request_id);

  // Auditing reads. AuditRead returns once the entry is durable; call it
  // before sending personal data. Both feed the anomaly detector.
  Status AuditRead(const directory::Principal& who, const std::string& type, const std::string& object_id,
                   const Decision& decision, const std::string& request_id);
  Status AuditDenied(const directory::Principal& who, const std::string& type, const std::string& object_id,
                     const std::string& action, const std::string& request_id);
  // A search that matched records the caller may not see.
  Status NoteOutsideSearch(const directory::Principal& who, const std::string& type, int hidden_matches,
                           const std::string& request_id);
  // After a committed duplicate check (audited as `audit_action`): many
  // checks by one user probe which agency holds whom, so more than the
  // threshold in the alert window raises a "duplicate_checks" alert. Counted
  // from the audit log, so checks made inside a referral count too.
  Status NoteDuplicateCheck(const directory::Principal& who, const std::string& audit_action);

  // "Who has seen or changed this record": for holders of `history`.
  Result<std::vector<HistoryLine>> History(const directory::Principal& who, const std::string& type,
                                           const std::string& object_id, const std::string& request_id);

  // Oversight.
  Result<std::vector<Alert>> Alerts(const directory::Principal& who, bool include_acknowledged);
  Status AcknowledgeAlert(const directory::Principal& who, const std::string& alert_id);

  // Steps referral/ takes inside its own transaction.
  // An oversight alert written with the change that causes it, e.g. kind
  // "consent_override" when an SPU supervisor refers a person onward without
  // the person's consent. `detail` holds no personal data.
  Status RaiseAlertIn(store::Transaction& tx, const std::string& kind, const std::string& actor_user_id,
                      const std::string& type, const std::string& object_id, const std::string& detail);
  // Ends every live relation named in `relations` on one object (a person's
  // handover to the SPU ends the referring agency's owner and assignee
  // relations), each revocation audited as grant.revoke.
  Status RevokeRelationsOn(store::Transaction& tx, const directory::Principal* actor, const std::string& type,
                           const std::string& object_id, const std::vector<std::string>& relations,
                           const std::string& request_id);

 private:
  Status RaiseAlert(store::Transaction& tx, const std::string& kind, const std::string& actor, const std::string& type,
                    const std::string& object_id, const std::string& detail);
  Status CheckThreshold(const std::string& actor, const std::string& kind, const std::string& audit_action,
                        const std::string& outcome, bool identity_only, int threshold);
  Result<InformationRequest> LoadRequest(store::Transaction& tx, const std::string& id);
  // The pseudonymous reference of an object ("" if unknown); not personal data.
  std::string ReferenceOf(store::Transaction& tx, const std::string& type, const std::string& id);
  Result<bool> MayDecide(store::Transaction& tx, const directory::Principal& who, const InformationRequest& r);

  store::Database& db_;
  audit::AuditLog& audit_;
  Policy policy_;
  const Clock& clock_;
  AlertThresholds thresholds_;
  std::map<std::string, ObjectLookup> lookups_;
  RequestObserver request_observer_;

  // Identity reads per actor seen by this process in the alert window. The
  // exact count lives in the audit log and is consulted only each time this
  // count crosses a quarter of the threshold, so that a read does not pay for
  // a COUNT over the log -- and several processes behind a balancer still
  // alert close to the threshold.
  bool NoteIdentityRead(const std::string& actor);

  // State below is protected by recent_mu_ (the members above are set before
  // serving and only read afterwards).
  std::mutex recent_mu_;
  std::map<std::string, std::deque<int64_t>> recent_identity_reads_;  // GUARDED_BY(recent_mu_)
};

}  // namespace nrm::access
