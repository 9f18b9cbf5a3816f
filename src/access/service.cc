#include "access/service.h"

#include <algorithm>

#include "core/ids.h"
#include "directory/lookup.h"
#include "directory/roles.h"
#include "text/bounded.h"
#include "text/normalize.h"

namespace nrm::access {

namespace {

using directory::Principal;

std::vector<std::string> ClassNames(const FieldMask& m, bool audited_only) {
  std::vector<std::string> out;
  for (FieldClass c : m)
    if (!audited_only || IsAuditedClass(c)) out.emplace_back(FieldClassName(c));
  return out;
}

audit::Entry EntryFor(const Principal* who, const std::string& action, const std::string& type, const std::string& id,
                      const std::string& request_id) {
  audit::Entry e;
  e.action = action;
  if (who) {
    e.actor_user_id = who->user_id;
    e.actor_agency_id = who->agency_id;
  }
  e.object_type = type;
  e.object_id = id;
  e.outcome = "allow";
  e.request_id = request_id;
  return e;
}

constexpr const char* kRequestColumns =
    "id, object_type, object_id, requester_user_id, requester_agency_id, field_classes, purpose, status, "
    "decided_by, decided_at, decision_reason, grant_id, grant_expires_at, created_at, version, by_match";

InformationRequest RequestFromRow(const store::Row& r) {
  InformationRequest q;
  q.id = r.Text(0);
  q.object_type = r.Text(1);
  q.object_id = r.Text(2);
  q.requester_user_id = r.Text(3);
  q.requester_agency_id = r.Text(4);
  q.fields = ParseFieldMask(r.Text(5)).value_or(FieldMask{});
  q.purpose = r.Text(6);
  q.status = ParseRequestStatus(r.Text(7)).value_or(RequestStatus::kPending);
  q.decided_by = r.OptText(8);
  q.decided_at = r.OptInt(9);
  q.decision_reason = r.Text(10);
  q.grant_id = r.OptText(11);
  q.grant_expires_at = r.OptInt(12);
  q.created_at = r.Int(13);
  q.version = r.Int(14);
  q.by_match = r.Int(15) != 0;
  return q;
}

tl::unexpected<Error> AlreadyDecided(const InformationRequest& q) {
  return Fail(ErrorCode::kConflict, "the request is already " + std::string(RequestStatusName(q.status)));
}

// What the requester of a request made by match token may see of it: not the
// object, until the request is approved.
InformationRequest ForRequester(InformationRequest q) {
  if (q.by_match && q.status != RequestStatus::kApproved) {
    q.object_id.clear();
    q.object_reference.clear();
  }
  return q;
}

}  // namespace

AccessService::AccessService(store::Database& db, audit::AuditLog& audit, std::shared_ptr<const Schema> schema,
                             const Clock& clock, AlertThresholds thresholds)
    : db_(db), audit_(audit), policy_(std::move(schema), clock), clock_(clock), thresholds_(thresholds) {}

void AccessService::RegisterObjectType(const std::string& type, ObjectLookup lookup) {
  lookups_[type] = std::move(lookup);
}

Result<std::optional<ObjectInfo>> AccessService::FindObject(store::Transaction& tx, const std::string& type,
                                                            const std::string& id_or_ref, bool allow_match) {
  auto it = lookups_.find(type);
  if (it == lookups_.end()) return Fail(ErrorCode::kInvalidArgument, "unknown object type");
  auto found = it->second(tx, id_or_ref);
  if (found && *found && (*found)->match_holder && !allow_match) return std::optional<ObjectInfo>();
  return found;
}

Result<std::vector<std::string>> AccessService::DecidersOf(store::Transaction& tx, const InformationRequest& request) {
  auto principals = directory::ActivePrincipals(tx);
  if (!principals) return tl::unexpected(principals.error());
  auto rels = LoadLiveRelations(tx, request.object_type, {request.object_id}, clock_.NowMillis());
  if (!rels) return tl::unexpected(rels.error());
  std::vector<std::string> out;
  for (const auto& p : *principals) {
    if (p.user_id == request.requester_user_id) continue;
    const bool may = (thresholds_.coordinator_approves && p.Can(kApproveAnyCapability)) ||
                     policy_.Evaluate(p, request.object_type, "approve_info", *rels).allowed;
    if (may) out.push_back(p.user_id);
  }
  return out;
}

Result<Relation> AccessService::AddRelation(store::Transaction& tx, const Principal* actor, Relation r,
                                            const std::string& request_id) {
  const auto* def = policy_.schema().Find(r.object_type);
  if (!def || !def->relations.count(r.relation) || !def->relations.at(r.relation).count(r.subject_type))
    return Fail(ErrorCode::kInternal, "relation not in the access schema",
                r.object_type + "." + r.relation + ":" + r.subject_type);
  r.id = NewUuidV7(clock_);
  r.created_at = clock_.NowMillis();
  if (actor) r.granted_by = actor->user_id;
  auto ins = tx.Exec(
      "INSERT INTO access_relations (id, object_type, object_id, relation, subject_type, subject_id, field_classes, "
      "expires_at, purpose, granted_by, kind, source_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {r.id, r.object_type, r.object_id, r.relation, r.subject_type, r.subject_id, FormatFieldMask(r.field_classes),
       store::Opt(r.expires_at), r.purpose, r.granted_by, std::string(GrantKindName(r.kind)), r.source_id,
       r.created_at});
  if (!ins) return tl::unexpected(ins.error());
  audit::Entry e = EntryFor(actor, "grant.create", r.object_type, r.object_id, request_id);
  e.grant_ids = {r.id};
  e.field_classes = ClassNames(r.field_classes, false);
  e.purpose = r.purpose;
  e.detail = {{"relation", r.relation},
              {"kind", std::string(GrantKindName(r.kind))},
              {"subject", r.subject_type + ":" + r.subject_id}};
  if (r.expires_at) e.detail["expires_at"] = FormatRfc3339(*r.expires_at);
  if (auto s = audit_.Append(tx, e); !s) return tl::unexpected(s.error());
  return r;
}

Status AccessService::RevokeRelationsBySource(store::Transaction& tx, const Principal* actor,
                                              const std::string& source_id, const std::string& request_id) {
  auto rows =
      tx.Query("SELECT id, object_type, object_id FROM access_relations WHERE source_id = ? AND revoked_at IS NULL",
               {source_id});
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& row : *rows) {
    auto r = tx.Exec("UPDATE access_relations SET revoked_at = ?, revoked_by = ? WHERE id = ?",
                     {clock_.NowMillis(), actor ? actor->user_id : std::string(), row.Text(0)});
    if (!r) return tl::unexpected(r.error());
    audit::Entry e = EntryFor(actor, "grant.revoke", row.Text(1), row.Text(2), request_id);
    e.grant_ids = {row.Text(0)};
    if (auto s = audit_.Append(tx, e); !s) return s;
  }
  return {};
}

Result<Relation> AccessService::Assign(const Principal& who, const std::string& type, const std::string& object_id,
                                       const std::string& assignee_user_id, const std::string& assignee_agency_id,
                                       const std::string& request_id) {
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto d = policy_.Decide(**tx, who, type, object_id, "assign");
  if (!d) return tl::unexpected(d.error());
  if (!d->allowed) {
    tx->reset();  // never hold the writer while the audit writer needs it
    (void)AuditDenied(who, type, object_id, "assign", request_id);
    return Fail(ErrorCode::kNotFound, "no such record");
  }
  // Supervisors assign within their own agency: a case does not travel to
  // another body except through a referral.
  if (assignee_agency_id != who.agency_id)
    return Fail(ErrorCode::kInvalidArgument, "records can be assigned only to users of your own agency");
  Relation r;
  r.object_type = type;
  r.object_id = object_id;
  r.relation = "assignee";
  r.subject_type = "user";
  r.subject_id = assignee_user_id;
  r.field_classes = FieldMask(AllFieldClasses().begin(), AllFieldClasses().end());
  r.kind = GrantKind::kAssignment;
  r.purpose = "assignment";
  auto rel = AddRelation(**tx, &who, r, request_id);
  if (!rel) return rel;
  if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  return rel;
}

Result<Relation> AccessService::BreakGlass(const Principal& who, const std::string& type, const std::string& object_id,
                                           const std::string& reason, const std::string& request_id) {
  if (!who.Can(kBreakGlassCapability))
    return Fail(ErrorCode::kPermissionDenied, "your role does not allow emergency access");
  auto clean = text::CleanText(reason, "reason", 2000, kMinReasonLength);
  if (!clean) return tl::unexpected(clean.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto obj = FindObject(**tx, type, object_id);
  if (!obj) return tl::unexpected(obj.error());
  if (!*obj) return Fail(ErrorCode::kNotFound, "no such record");
  Relation r;
  r.object_type = type;
  r.object_id = (*obj)->id;
  r.relation = "break_glass";
  r.subject_type = "user";
  r.subject_id = who.user_id;
  r.field_classes = FieldMask(AllFieldClasses().begin(), AllFieldClasses().end());
  r.kind = GrantKind::kBreakGlass;
  r.purpose = *clean;
  r.expires_at = clock_.NowMillis() + thresholds_.break_glass_ms;
  auto rel = AddRelation(**tx, &who, r, request_id);
  if (!rel) return rel;
  audit::Entry e = EntryFor(&who, "break_glass", type, r.object_id, request_id);
  e.grant_ids = {rel->id};
  e.purpose = *clean;
  if (auto s = audit_.Append(**tx, e); !s) return tl::unexpected(s.error());
  if (auto s = RaiseAlert(**tx, "break_glass", who.user_id, type, r.object_id, "emergency access: " + *clean); !s)
    return tl::unexpected(s.error());
  if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  return rel;
}

Status AccessService::Revoke(const Principal& who, const std::string& relation_id, const std::string& request_id) {
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(
      "SELECT object_type, object_id, granted_by, subject_type, subject_id, kind FROM access_relations "
      "WHERE id = ? AND revoked_at IS NULL",
      {relation_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such grant");
  const auto& row = (*rows)[0];
  const std::string type = row.Text(0), object_id = row.Text(1);
  // The one who granted it, the holder giving it up, or someone who may
  // manage the record (its assignee or a supervisor of its agency).
  bool may = row.Text(2) == who.user_id || (row.Text(3) == "user" && row.Text(4) == who.user_id);
  if (!may) {
    auto d = policy_.Decide(**tx, who, type, object_id, "approve_info");
    if (!d) return tl::unexpected(d.error());
    may = d->allowed;
  }
  if (!may || row.Text(5) == "owner") return Fail(ErrorCode::kNotFound, "no such grant");
  auto r = (*tx)->Exec("UPDATE access_relations SET revoked_at = ?, revoked_by = ? WHERE id = ?",
                       {clock_.NowMillis(), who.user_id, relation_id});
  if (!r) return tl::unexpected(r.error());
  audit::Entry e = EntryFor(&who, "grant.revoke", type, object_id, request_id);
  e.grant_ids = {relation_id};
  if (auto s = audit_.Append(**tx, e); !s) return s;
  return (*tx)->Commit();
}

Result<std::vector<AccessService::Grant>> AccessService::GrantsOf(const Principal& who) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(
      std::string("SELECT ") + kRelationColumns +
          " FROM access_relations WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) AND "
          "((subject_type = 'user' AND subject_id = ?) OR (subject_type = 'agency' AND subject_id = ?)) AND "
          "kind <> 'owner' ORDER BY created_at DESC",
      {clock_.NowMillis(), who.user_id, who.agency_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Grant> out;
  for (const auto& r : *rows) {
    Relation rel = RelationFromRow(r);
    std::string reference = ReferenceOf(**tx, rel.object_type, rel.object_id);
    out.push_back(Grant{std::move(rel), std::move(reference)});
  }
  return out;
}

std::string AccessService::ReferenceOf(store::Transaction& tx, const std::string& type, const std::string& id) {
  auto obj = FindObject(tx, type, id);
  return obj && *obj ? (*obj)->reference : std::string();
}

// ---- information requests ----

Result<InformationRequest> AccessService::LoadRequest(store::Transaction& tx, const std::string& id) {
  auto rows = tx.Query(std::string("SELECT ") + kRequestColumns + " FROM information_requests WHERE id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such information request");
  InformationRequest q = RequestFromRow((*rows)[0]);
  q.object_reference = ReferenceOf(tx, q.object_type, q.object_id);
  return q;
}

Result<bool> AccessService::MayDecide(store::Transaction& tx, const Principal& who, const InformationRequest& r) {
  if (thresholds_.coordinator_approves && who.Can(kApproveAnyCapability)) return true;
  auto d = policy_.Decide(tx, who, r.object_type, r.object_id, "approve_info");
  if (!d) return tl::unexpected(d.error());
  return d->allowed;
}

Result<InformationRequest> AccessService::CreateRequest(const Principal& who, const NewInformationRequest& in,
                                                        const std::string& request_id) {
  if (!who.Can(kRequestCapability))
    return Fail(ErrorCode::kPermissionDenied, "your role does not allow information requests");
  auto purpose = text::CleanText(in.purpose, "purpose", 2000, 10);
  if (!purpose) return tl::unexpected(purpose.error());
  FieldMask fields = in.fields;
  fields.erase(FieldClass::kReference);
  if (fields.empty()) return Fail(ErrorCode::kInvalidArgument, "name at least one field class you need");
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto obj = FindObject(**tx, in.object_type, in.object, /*allow_match=*/true);
  if (!obj) return tl::unexpected(obj.error());
  if (!*obj) return Fail(ErrorCode::kNotFound, "no such record");
  if ((*obj)->match_holder && *(*obj)->match_holder != who.user_id) return Fail(ErrorCode::kNotFound, "no such record");
  InformationRequest q;
  q.id = NewUuidV7(clock_);
  q.object_type = in.object_type;
  q.object_id = (*obj)->id;
  q.object_reference = (*obj)->reference;
  q.requester_user_id = who.user_id;
  q.requester_agency_id = who.agency_id;
  q.fields = fields;
  q.purpose = *purpose;
  q.status = RequestStatus::kPending;
  q.created_at = clock_.NowMillis();
  q.by_match = (*obj)->match_holder.has_value();
  auto r = (*tx)->Exec(
      "INSERT INTO information_requests (id, object_type, object_id, requester_user_id, requester_agency_id, "
      "field_classes, purpose, status, created_at, by_match) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
      {q.id, q.object_type, q.object_id, q.requester_user_id, q.requester_agency_id, FormatFieldMask(q.fields),
       q.purpose, q.created_at, static_cast<int64_t>(q.by_match ? 1 : 0)});
  if (!r) return tl::unexpected(r.error());
  audit::Entry e = EntryFor(&who, "info_request.create", q.object_type, q.object_id, request_id);
  e.field_classes = ClassNames(q.fields, false);
  e.purpose = q.purpose;
  e.detail = {{"information_request", q.id}};
  if (q.by_match) e.detail["named_by"] = "match_token";
  if (auto s = audit_.Append(**tx, e); !s) return tl::unexpected(s.error());
  if (request_observer_) {
    auto deciders = DecidersOf(**tx, q);
    if (!deciders) return tl::unexpected(deciders.error());
    if (auto s = request_observer_(**tx, "created", q, *deciders); !s) return tl::unexpected(s.error());
  }
  if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  return ForRequester(q);
}

Result<std::vector<InformationRequest>> AccessService::ListRequests(const Principal& who, const std::string& box) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  std::vector<InformationRequest> out;
  if (box == "mine") {
    auto rows = (*tx)->Query(std::string("SELECT ") + kRequestColumns +
                                 " FROM information_requests WHERE requester_user_id = ? ORDER BY created_at DESC",
                             {who.user_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : *rows) out.push_back(RequestFromRow(r));
  } else if (box == "to_decide") {
    std::string sql =
        std::string("SELECT ") + kRequestColumns + " FROM information_requests q WHERE q.status = 'pending'";
    std::vector<store::Value> params;
    if (!(thresholds_.coordinator_approves && who.Can(kApproveAnyCapability))) {
      // Only requests on records the caller may decide on, by the same rule
      // Approve() applies.
      auto pred = policy_.ListPredicate(who, "person", "approve_info", "q.object_id");
      auto pred_case = policy_.ListPredicate(who, "case", "approve_info", "q.object_id");
      sql += " AND ((q.object_type = 'person' AND " + pred.sql + ") OR (q.object_type = 'case' AND " + pred_case.sql +
             "))";
      params = pred.params;
      params.insert(params.end(), pred_case.params.begin(), pred_case.params.end());
    }
    sql += " ORDER BY q.created_at";
    auto rows = (*tx)->Query(sql, params);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : *rows) out.push_back(RequestFromRow(r));
  } else {
    return Fail(ErrorCode::kInvalidArgument, "box must be mine or to_decide");
  }
  for (auto& q : out) {
    auto obj = FindObject(**tx, q.object_type, q.object_id);
    if (obj && *obj) q.object_reference = (*obj)->reference;
    if (box == "mine") q = ForRequester(q);
  }
  return out;
}

Result<InformationRequest> AccessService::Approve(const Principal& who, const std::string& id, const Approval& a,
                                                  const std::string& request_id) {
  if (a.valid_for_ms <= 0 || a.valid_for_ms > thresholds_.max_grant_ms)
    return Fail(ErrorCode::kInvalidArgument, "a grant lasts between one hour and " +
                                                 std::to_string(thresholds_.max_grant_ms / (24 * 3600'000)) + " days");
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto q = LoadRequest(**tx, id);
  if (!q) return q;
  auto may = MayDecide(**tx, who, *q);
  if (!may) return tl::unexpected(may.error());
  if (!*may) return Fail(ErrorCode::kNotFound, "no such information request");
  if (q->requester_user_id == who.user_id) return Fail(ErrorCode::kConflict, "you cannot approve your own request");
  if (q->version != a.version) return Fail(ErrorCode::kConflict, "the request was changed; reload and try again");
  if (q->status != RequestStatus::kPending) return AlreadyDecided(*q);
  FieldMask fields = a.fields.value_or(q->fields);
  for (FieldClass c : fields)
    if (!q->fields.count(c))
      return Fail(ErrorCode::kInvalidArgument, "you can approve only fields that were asked for");
  if (fields.empty()) return Fail(ErrorCode::kInvalidArgument, "approve at least one field class, or refuse");
  Relation r;
  r.object_type = q->object_type;
  r.object_id = q->object_id;
  r.relation = "info_grant";
  r.subject_type = "user";
  r.subject_id = q->requester_user_id;
  r.field_classes = fields;
  r.kind = GrantKind::kInformationRequest;
  r.purpose = q->purpose;
  r.source_id = q->id;
  r.expires_at = clock_.NowMillis() + a.valid_for_ms;
  auto rel = AddRelation(**tx, &who, r, request_id);
  if (!rel) return tl::unexpected(rel.error());
  auto u = (*tx)->Exec(
      "UPDATE information_requests SET status = 'approved', decided_by = ?, decided_at = ?, grant_id = ?, "
      "grant_expires_at = ?, field_classes = ?, version = version + 1 WHERE id = ? AND version = ?",
      {who.user_id, clock_.NowMillis(), rel->id, *r.expires_at, FormatFieldMask(fields), id, a.version});
  if (!u) return tl::unexpected(u.error());
  if (*u == 0) return Fail(ErrorCode::kConflict, "the request was changed; reload and try again");
  audit::Entry e = EntryFor(&who, "info_request.approve", q->object_type, q->object_id, request_id);
  e.grant_ids = {rel->id};
  e.field_classes = ClassNames(fields, false);
  e.purpose = q->purpose;
  e.detail = {{"information_request", id}};
  if (auto s = audit_.Append(**tx, e); !s) return tl::unexpected(s.error());
  auto out = LoadRequest(**tx, id);
  if (!out) return out;
  if (request_observer_)
    if (auto s = request_observer_(**tx, "decided", *out, {out->requester_user_id}); !s)
      return tl::unexpected(s.error());
  if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  return out;
}

Result<InformationRequest> AccessService::Refuse(const Principal& who, const std::string& id, int64_t version,
                                                 const std::string& reason, const std::string& request_id) {
  auto clean = text::CleanText(reason, "reason", 2000, 5);
  if (!clean) return tl::unexpected(clean.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto q = LoadRequest(**tx, id);
  if (!q) return q;
  auto may = MayDecide(**tx, who, *q);
  if (!may) return tl::unexpected(may.error());
  if (!*may) return Fail(ErrorCode::kNotFound, "no such information request");
  if (q->status != RequestStatus::kPending) return AlreadyDecided(*q);
  auto u = (*tx)->Exec(
      "UPDATE information_requests SET status = 'refused', decided_by = ?, decided_at = ?, decision_reason = ?, "
      "version = version + 1 WHERE id = ? AND version = ?",
      {who.user_id, clock_.NowMillis(), *clean, id, version});
  if (!u) return tl::unexpected(u.error());
  if (*u == 0) return Fail(ErrorCode::kConflict, "the request was changed; reload and try again");
  audit::Entry e = EntryFor(&who, "info_request.refuse", q->object_type, q->object_id, request_id);
  e.detail = {{"information_request", id}};
  if (auto s = audit_.Append(**tx, e); !s) return tl::unexpected(s.error());
  auto out = LoadRequest(**tx, id);
  if (!out) return out;
  if (request_observer_)
    if (auto s = request_observer_(**tx, "decided", *out, {out->requester_user_id}); !s)
      return tl::unexpected(s.error());
  if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  return out;
}

Result<InformationRequest> AccessService::Withdraw(const Principal& who, const std::string& id, int64_t version,
                                                   const std::string& request_id) {
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto q = LoadRequest(**tx, id);
  if (!q) return q;
  if (q->requester_user_id != who.user_id) return Fail(ErrorCode::kNotFound, "no such information request");
  if (q->status == RequestStatus::kWithdrawn || q->status == RequestStatus::kRefused) return AlreadyDecided(*q);
  auto u = (*tx)->Exec(
      "UPDATE information_requests SET status = 'withdrawn', version = version + 1 WHERE id = ? AND version = ?",
      {id, version});
  if (!u) return tl::unexpected(u.error());
  if (*u == 0) return Fail(ErrorCode::kConflict, "the request was changed; reload and try again");
  // Withdrawing an approved request gives the grant back.
  if (auto s = RevokeRelationsBySource(**tx, &who, id, request_id); !s) return tl::unexpected(s.error());
  audit::Entry e = EntryFor(&who, "info_request.withdraw", q->object_type, q->object_id, request_id);
  e.detail = {{"information_request", id}};
  if (auto s = audit_.Append(**tx, e); !s) return tl::unexpected(s.error());
  auto out = LoadRequest(**tx, id);
  if (!out) return out;
  if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  return ForRequester(*out);
}

// ---- audit of reads and anomaly detection ----

Status AccessService::AuditRead(const Principal& who, const std::string& type, const std::string& object_id,
                                const Decision& decision, const std::string& request_id) {
  auto classes = ClassNames(decision.fields, true);
  if (classes.empty()) return {};  // reference/detail only: not personal enough to log each read
  audit::Entry e = EntryFor(&who, type + ".read", type, object_id, request_id);
  e.field_classes = classes;
  e.grant_ids = decision.relation_ids;
  if (auto s = audit_.AppendRead(e); !s) return s;
  if (std::find(classes.begin(), classes.end(), "identity") != classes.end() && NoteIdentityRead(who.user_id))
    return CheckThreshold(who.user_id, "bulk_identity_reads", "", "allow", true, thresholds_.identity_reads);
  return {};
}

bool AccessService::NoteIdentityRead(const std::string& actor) {
  const int64_t now = clock_.NowMillis();
  const size_t step = static_cast<size_t>(std::max(1, thresholds_.identity_reads / 4));
  std::lock_guard lock(recent_mu_);
  auto& q = recent_identity_reads_[actor];
  while (!q.empty() && q.front() <= now - thresholds_.window_ms) q.pop_front();
  q.push_back(now);
  // Forget idle actors now and then so the map stays small.
  if (recent_identity_reads_.size() > 10000)
    for (auto it = recent_identity_reads_.begin(); it != recent_identity_reads_.end();)
      it = (it->second.empty() || it->second.back() <= now - thresholds_.window_ms) ? recent_identity_reads_.erase(it)
                                                                                    : std::next(it);
  return q.size() % step == 0;
}

Status AccessService::AuditDenied(const Principal& who, const std::string& type, const std::string& object_id,
                                  const std::string& action, const std::string& request_id) {
  audit::Entry e = EntryFor(&who, "access.denied", type, object_id, request_id);
  e.outcome = "deny";
  e.detail = {{"attempted", action}};
  if (auto s = audit_.AppendRead(e); !s) return s;
  return CheckThreshold(who.user_id, "repeated_refusals", "access.denied", "deny", false, thresholds_.refusals);
}

Status AccessService::NoteOutsideSearch(const Principal& who, const std::string& type, int hidden_matches,
                                        const std::string& request_id) {
  if (hidden_matches <= 0) return {};
  audit::Entry e = EntryFor(&who, "search.outside_records", type, "", request_id);
  e.outcome = "deny";
  e.detail = {{"hidden_matches", std::to_string(hidden_matches)}};
  if (auto s = audit_.AppendRead(e); !s) return s;
  return CheckThreshold(who.user_id, "search_outside_records", "search.outside_records", "deny", false,
                        thresholds_.outside_searches);
}

Status AccessService::NoteDuplicateCheck(const Principal& who, const std::string& audit_action) {
  // The threshold is the number allowed: the alert comes with the first check beyond it.
  return CheckThreshold(who.user_id, "duplicate_checks", audit_action, "", false, thresholds_.duplicate_checks + 1);
}

Status AccessService::CheckThreshold(const std::string& actor, const std::string& kind, const std::string& audit_action,
                                     const std::string& outcome, bool identity_only, int threshold) {
  const int64_t since = clock_.NowMillis() - thresholds_.window_ms;
  auto n = audit_.CountSince(actor, since, audit_action, outcome, identity_only ? "identity" : "");
  if (!n) return tl::unexpected(n.error());
  if (*n < threshold) return {};
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  // One alert per actor and kind per window.
  auto open =
      (*tx)->Query("SELECT COUNT(*) FROM oversight_alerts WHERE actor_user_id = ? AND kind = ? AND created_at > ?",
                   {actor, kind, since});
  if (!open) return tl::unexpected(open.error());
  if ((*open)[0].Int(0) > 0) return {};
  if (auto s =
          RaiseAlert(**tx, kind, actor, "", "",
                     std::to_string(*n) + " events in " + std::to_string(thresholds_.window_ms / 60'000) + " minutes");
      !s)
    return s;
  return (*tx)->Commit();
}

Status AccessService::RaiseAlert(store::Transaction& tx, const std::string& kind, const std::string& actor,
                                 const std::string& type, const std::string& object_id, const std::string& detail) {
  auto r = tx.Exec(
      "INSERT INTO oversight_alerts (id, kind, actor_user_id, object_type, object_id, detail, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {NewUuidV7(clock_), kind, actor, type, object_id, detail, clock_.NowMillis()});
  if (!r) return tl::unexpected(r.error());
  return {};
}

Result<std::vector<HistoryLine>> AccessService::History(const Principal& who, const std::string& type,
                                                        const std::string& object_id, const std::string& request_id) {
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto d = policy_.Decide(**tx, who, type, object_id, "history");
    if (!d) return tl::unexpected(d.error());
    if (!d->allowed) {
      tx->reset();
      (void)AuditDenied(who, type, object_id, "history", request_id);
      return Fail(ErrorCode::kNotFound, "no such record");
    }
  }
  auto entries = audit_.History(type, object_id, 1000, 0);
  if (!entries) return tl::unexpected(entries.error());
  std::vector<HistoryLine> out;
  for (const auto& s : *entries) {
    HistoryLine h;
    h.seq = s.seq;
    h.ts = s.ts;
    h.action = s.entry.action;
    h.actor_user_id = s.entry.actor_user_id;
    h.actor_agency_id = s.entry.actor_agency_id;
    h.field_classes = s.entry.field_classes;
    h.grant_ids = s.entry.grant_ids;
    h.purpose = s.entry.purpose;
    h.outcome = s.entry.outcome;
    out.push_back(std::move(h));
  }
  return out;
}

Result<std::vector<Alert>> AccessService::Alerts(const Principal& who, bool include_acknowledged) {
  if (!who.Can(kOversightCapability)) return Fail(ErrorCode::kPermissionDenied, "your role does not include oversight");
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(
      std::string("SELECT id, kind, actor_user_id, object_type, object_id, detail, created_at, acknowledged_by, "
                  "acknowledged_at FROM oversight_alerts") +
      (include_acknowledged ? "" : " WHERE acknowledged_at IS NULL") + " ORDER BY created_at DESC");
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Alert> out;
  for (const auto& r : *rows)
    out.push_back(
        Alert{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Int(6), r.OptText(7), r.OptInt(8)});
  return out;
}

Status AccessService::AcknowledgeAlert(const Principal& who, const std::string& alert_id) {
  if (!who.Can(kOversightCapability)) return Fail(ErrorCode::kPermissionDenied, "your role does not include oversight");
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto r = (*tx)->Exec(
      "UPDATE oversight_alerts SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL",
      {who.user_id, clock_.NowMillis(), alert_id});
  if (!r) return tl::unexpected(r.error());
  if (*r == 0) return Fail(ErrorCode::kNotFound, "no such open alert");
  return (*tx)->Commit();
}

// Steps referral/ takes inside its own transaction.

Status AccessService::RaiseAlertIn(store::Transaction& tx, const std::string& kind, const std::string& actor_user_id,
                                   const std::string& type, const std::string& object_id, const std::string& detail) {
  return RaiseAlert(tx, kind, actor_user_id, type, object_id, detail);
}

Status AccessService::RevokeRelationsOn(store::Transaction& tx, const Principal* actor, const std::string& type,
                                        const std::string& object_id, const std::vector<std::string>& relations,
                                        const std::string& request_id) {
  auto rows = tx.Query(
      "SELECT id, relation FROM access_relations WHERE object_type = ? AND object_id = ? AND revoked_at IS NULL",
      {type, object_id});
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& row : *rows) {
    if (std::find(relations.begin(), relations.end(), row.Text(1)) == relations.end()) continue;
    auto r = tx.Exec("UPDATE access_relations SET revoked_at = ?, revoked_by = ? WHERE id = ?",
                     {clock_.NowMillis(), actor ? actor->user_id : std::string(), row.Text(0)});
    if (!r) return tl::unexpected(r.error());
    audit::Entry e = EntryFor(actor, "grant.revoke", type, object_id, request_id);
    e.grant_ids = {row.Text(0)};
    if (auto s = audit_.Append(tx, e); !s) return s;
  }
  return {};
}

}  // namespace nrm::access
