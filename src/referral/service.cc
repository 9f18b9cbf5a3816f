#include "referral/service.h"

#include <algorithm>
#include <cstdlib>

#include "audit/entry.h"
#include "core/ids.h"
#include "crypto/field_cipher.h"
#include "people/identity.h"
#include "referral/attachment.h"
#include "referral/store.h"
#include "store/reference.h"
#include "text/bounded.h"

namespace nrm::referral {

using directory::Principal;

namespace {

// What the SPU intake may read of a person referred to it, before it decides.
access::FieldMask IntakeClasses() {
  return {access::FieldClass::kDetail, access::FieldClass::kIdentity, access::FieldClass::kContact,
          access::FieldClass::kLocation, access::FieldClass::kHealth};
}

bool ServiceFits(const std::string& service, const std::string& agency_kind) {
  if (service == "shelter") return agency_kind == "shelter";
  static const std::vector<std::string> providers = {"ngo",      "shelter",         "international",
                                                     "ministry", "state_committee", "state_service"};
  return std::find(providers.begin(), providers.end(), agency_kind) != providers.end();
}

}  // namespace

ReferralService::ReferralService(store::Database& db, const crypto::Keyring& keyring, access::AccessService& access,
                                 people::PersonService& persons, notify::Inbox& inbox, directory::Directory& directory,
                                 const Clock& clock, SlaSettings sla)
    : db_(db),
      keyring_(keyring),
      access_(access),
      persons_(persons),
      inbox_(inbox),
      dir_(directory),
      clock_(clock),
      sla_(sla),
      idempotency_(db, keyring, clock) {}

Result<std::string> ReferralService::AgencyId(const std::string& code) {
  auto a = dir_.FindAgency(code);
  if (!a) return Fail(ErrorCode::kUnavailable, "the agency registry is not loaded", "no agency " + code);
  return a->id;
}

std::optional<View> ReferralService::ViewOf(const Principal& who, const Referral& r) const {
  if (r.kind == ReferralKind::kSpu) {
    if (who.agency_id == r.to_agency_id && who.Can(kCapReceive)) return View::kFull;
    if (who.agency_id == r.from_agency_id) return View::kStatus;
    return std::nullopt;
  }
  if (who.agency_id == r.from_agency_id && who.Can(kCapPlace)) return View::kFull;
  if (who.agency_id == r.to_agency_id && who.Can(kCapReceiveOnward)) return View::kRecipient;
  return std::nullopt;
}

Status ReferralService::Shape(store::Transaction& tx, Referral& r, View view, bool sealed) {
  r.view = view;
  if (view == View::kStatus) {
    // The referring agency: the status of its own referral, nothing of the
    // person or the case.
    r.person_id.clear();
    r.screening.reset();
    r.case_id.reset();
    r.assignee_user_id.reset();
    r.field_classes.clear();
    r.purpose.clear();
    r.consent_id.reset();
    return {};
  }
  auto person = persons_.Describe(tx, r.person_id);
  if (!person) return tl::unexpected(person.error());
  if (*person) r.person_reference = (*person)->reference;
  if (view == View::kRecipient) {
    r.consent_id.reset();
    r.consent_override = false;
    return {};
  }
  if (r.screening) {
    auto rows = tx.Query("SELECT reference, indicators, forms_of_exploitation, outcome FROM screenings WHERE id = ?",
                         {r.screening->id});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty()) {
      r.screening->reference = (*rows)[0].Text(0);
      r.screening->indicators = internal::ParseCodes((*rows)[0].Text(1));
      r.screening->forms_of_exploitation = internal::ParseCodes((*rows)[0].Text(2));
      r.screening->outcome = (*rows)[0].Text(3);
    }
  }
  if (r.case_id) {
    auto rows = tx.Query("SELECT reference FROM cases WHERE id = ?", {*r.case_id});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty()) r.case_reference = (*rows)[0].Text(0);
  }
  if (!sealed || r.kind != ReferralKind::kSpu) return {};
  auto rows = tx.Query("SELECT circumstances_sealed FROM referrals WHERE id = ?", {r.id});
  if (!rows) return tl::unexpected(rows.error());
  if (!rows->empty() && !(*rows)[0].IsNull(0)) {
    auto text = crypto::Open(keyring_, "referrals", "circumstances_sealed", r.id, (*rows)[0].Bytes(0));
    if (!text) return tl::unexpected(text.error());
    r.circumstances = *text;
  }
  auto files = tx.Query(
      "SELECT id, filename_sealed, content_type, size_bytes FROM referral_attachments WHERE referral_id = ? "
      "ORDER BY id",
      {r.id});
  if (!files) return tl::unexpected(files.error());
  for (const auto& f : *files) {
    auto name = crypto::Open(keyring_, "referral_attachments", "filename_sealed", f.Text(0), f.Bytes(1));
    if (!name) return tl::unexpected(name.error());
    r.attachments.push_back(AttachmentInfo{f.Text(0), *name, f.Text(2), f.Int(3)});
  }
  return {};
}

Status ReferralService::Audit(store::Transaction& tx, const Principal* who, const std::string& action,
                              const Referral& r, const std::string& request_id,
                              std::map<std::string, std::string> detail, const access::FieldMask& classes) {
  audit::Entry e;
  e.action = action;
  if (who) {
    e.actor_user_id = who->user_id;
    e.actor_agency_id = who->agency_id;
  }
  e.object_type = kReferralObject;
  e.object_id = r.id;
  e.request_id = request_id;
  for (auto c : classes) e.field_classes.emplace_back(access::FieldClassName(c));
  detail["kind"] = Name(r.kind);
  e.detail = std::move(detail);
  return access_.audit().Append(tx, e);
}

Status ReferralService::Tell(store::Transaction& tx, const std::vector<std::string>& users, const char* kind,
                             const std::string& id) {
  if (users.empty()) return {};
  return inbox_.Notify(tx, users, notify::Notice{kind, kReferralObject, id, "/referrals/" + id});
}

Status ReferralService::TellAgency(store::Transaction& tx, const std::string& agency_id, const char* capability,
                                   const char* kind, const std::string& id) {
  auto users = inbox_.UsersWith(tx, agency_id, capability);
  if (!users) return tl::unexpected(users.error());
  return Tell(tx, *users, kind, id);
}

Result<Referral> ReferralService::CreateToSpu(const Principal& who, const ReferralToSpuInput& in,
                                              const std::string& request_id, const IdempotencyClaim* idem) {
  if (!who.Can(kCapRefer)) return Fail(ErrorCode::kPermissionDenied, "your role does not refer to the SPU");
  if (in.person_id.has_value() == in.person.has_value())
    return Fail(ErrorCode::kInvalidArgument, "give either person (a new person) or person_id (an existing one)");
  if (!IsUuid(in.screening_id)) return Fail(ErrorCode::kInvalidArgument, "screening_id must be a screening's id");
  if (in.person_id && !IsUuid(*in.person_id)) return Fail(ErrorCode::kInvalidArgument, "no such person");
  auto circumstances = text::CleanText(in.circumstances, "circumstances", kMaxNotesBytes, 1);
  if (!circumstances) return tl::unexpected(circumstances.error());
  auto files = DecodeAttachments(in.attachments);
  if (!files) return tl::unexpected(files.error());
  std::optional<std::string> photo;
  if (in.photo) {
    if (!in.person) return Fail(ErrorCode::kInvalidArgument, "a photo comes only with a new person");
    auto bytes = DecodePhoto(*in.photo);
    if (!bytes) return tl::unexpected(bytes.error());
    photo = std::move(*bytes);
  }
  auto spu = AgencyId(kSpuAgencyCode);
  if (!spu) return tl::unexpected(spu.error());

  // Seal before the transaction: the writer is held as briefly as possible.
  const std::string id = NewUuidV7(clock_);
  auto sealed_circumstances = crypto::Seal(keyring_, "referrals", "circumstances_sealed", id, *circumstances);
  if (!sealed_circumstances) return tl::unexpected(sealed_circumstances.error());
  struct SealedFile {
    std::string id;
    store::Blob name, data;
    std::string content_type;
    int64_t size;
  };
  std::vector<SealedFile> sealed_files;
  for (const auto& f : *files) {
    SealedFile s{NewUuidV7(clock_), {}, {}, f.content_type, static_cast<int64_t>(f.bytes.size())};
    auto name = crypto::Seal(keyring_, "referral_attachments", "filename_sealed", s.id, f.filename);
    if (!name) return tl::unexpected(name.error());
    auto data = crypto::Seal(keyring_, "referral_attachments", "data_sealed", s.id,
                             std::string_view(reinterpret_cast<const char*>(f.bytes.data()), f.bytes.size()));
    if (!data) return tl::unexpected(data.error());
    s.name = std::move(*name);
    s.data = std::move(*data);
    sealed_files.push_back(std::move(s));
  }

  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto screening = t.Query("SELECT agency_id, outcome, referral_id FROM screenings WHERE id = ?", {in.screening_id});
  if (!screening) return tl::unexpected(screening.error());
  if (screening->empty() || (*screening)[0].Text(0) != who.agency_id)
    return Fail(ErrorCode::kInvalidArgument, "no such screening recorded by your agency");
  if (!(*screening)[0].IsNull(2)) return Fail(ErrorCode::kConflict, "this screening has already been referred");
  if ((*screening)[0].Text(1) == "not_a_victim")
    return Fail(ErrorCode::kInvalidArgument, "a screening with the outcome not_a_victim is not referred to the SPU");

  std::string person_id;
  std::vector<people::PossibleMatch> matches;
  if (in.person) {
    // Before the new record exists, so that it does not match itself.
    people::DuplicateQuery dq;
    if (auto g = in.person->groups.find(access::FieldClass::kIdentity); g != in.person->groups.end()) {
      for (const char* f : {"given_names", "family_name", "patronymic"})
        if (auto v = g->second.find(f); v != g->second.end() && !v->second.empty() && v->second.size() <= 200)
          dq.names.push_back(v->second);
      if (auto b = g->second.find("birth_date"); b != g->second.end()) dq.birth_year = people::BirthYearOf(b->second);
    }
    if (!dq.names.empty()) {
      auto m = persons_.CheckDuplicatesIn(t, who, dq, request_id);
      if (!m) return tl::unexpected(m.error());
      matches = std::move(*m);
    }
    auto p = persons_.CreateIn(t, who, *in.person, request_id);
    if (!p) return tl::unexpected(p.error());
    person_id = p->id;
    if (photo)
      if (auto s = persons_.SetPhotoIn(t, who, person_id, *photo, request_id); !s) return tl::unexpected(s.error());
  } else {
    auto d = access_.policy().Decide(t, who, people::kObjectType, *in.person_id, "view");
    if (!d) return tl::unexpected(d.error());
    if (!d->allowed) return Fail(ErrorCode::kInvalidArgument, "no such person");
    person_id = *in.person_id;
  }
  auto reference = store::NextReference(t, "R", "referral", now);
  if (!reference) return tl::unexpected(reference.error());
  auto ins = t.Exec(
      "INSERT INTO referrals (id, reference, kind, status, from_agency_id, to_agency_id, created_by, person_id, "
      "screening_id, circumstances_sealed, ack_due_at, decision_due_at, created_at, updated_at) "
      "VALUES (?, ?, 'spu', 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, *reference, who.agency_id, *spu, who.user_id, person_id, in.screening_id, *sealed_circumstances,
       now + sla_.ack_ms, now + sla_.decision_ms, now, now});
  if (!ins) return tl::unexpected(ins.error());
  for (const auto& f : sealed_files) {
    auto a = t.Exec(
        "INSERT INTO referral_attachments (id, referral_id, filename_sealed, content_type, size_bytes, data_sealed, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {f.id, id, f.name, f.content_type, f.size, f.data, now});
    if (!a) return tl::unexpected(a.error());
  }
  auto linked =
      t.Exec("UPDATE screenings SET referral_id = ? WHERE id = ? AND referral_id IS NULL", {id, in.screening_id});
  if (!linked) return tl::unexpected(linked.error());
  if (*linked != 1) return Fail(ErrorCode::kConflict, "this screening has already been referred");

  // The SPU reads what it is handed before it decides; the relation ends on
  // decline, and on accept gives way to the SPU's own.
  access::Relation intake;
  intake.object_type = people::kObjectType;
  intake.object_id = person_id;
  intake.relation = "referral_recipient";
  intake.subject_type = "agency";
  intake.subject_id = *spu;
  intake.field_classes = IntakeClasses();
  intake.kind = access::GrantKind::kReferral;
  intake.purpose = "referral to the SPU";
  intake.source_id = id;
  if (auto r = access_.AddRelation(t, &who, intake, request_id); !r) return tl::unexpected(r.error());

  if (auto s = TellAgency(t, *spu, kCapReceive, "referral.new", id); !s) return tl::unexpected(s.error());
  Referral r;
  r.id = id;
  r.kind = ReferralKind::kSpu;
  if (auto s = Audit(t, &who, "referral.create", r, request_id,
                     {{"person", person_id},
                      {"screening", in.screening_id},
                      {"attachments", std::to_string(sealed_files.size())}});
      !s)
    return tl::unexpected(s.error());
  if (idem)
    if (auto s = idempotency_.Record(t, *idem, id, 201); !s) return tl::unexpected(s.error());
  auto created = Finish(t, who, id);
  if (created) created->possible_matches = std::move(matches);
  return created;
}

Result<Referral> ReferralService::CreateOnward(const Principal& who, const OnwardReferralInput& in,
                                               const std::string& request_id, const IdempotencyClaim* idem) {
  if (!who.Can(kCapPlace)) return Fail(ErrorCode::kPermissionDenied, "your role does not refer onward");
  if (!IsUuid(in.person_id)) return Fail(ErrorCode::kInvalidArgument, "no such person");
  if (std::find(OnwardServices().begin(), OnwardServices().end(), in.service) == OnwardServices().end())
    return Fail(ErrorCode::kInvalidArgument, "unknown service");
  if (in.field_classes.empty()) return Fail(ErrorCode::kInvalidArgument, "field_classes must name at least one class");
  for (auto c : in.field_classes)
    if (!IsSharableClass(c))
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(access::FieldClassName(c)) + " fields are never shared in an onward referral");
  auto purpose = text::CleanText(in.purpose, "purpose", 2000, kMinPurpose);
  if (!purpose) return tl::unexpected(purpose.error());
  std::optional<std::string> override_reason;
  if (in.override_reason) {
    if (!who.Can(kCapOverride))
      return Fail(ErrorCode::kPermissionDenied, "only a supervisor may refer without the person's consent");
    auto r = text::CleanText(*in.override_reason, "override_reason", 2000, kMinOverrideReason);
    if (!r) return tl::unexpected(r.error());
    override_reason = *r;
  }
  if (in.consent_id && !IsUuid(*in.consent_id)) return Fail(ErrorCode::kInvalidArgument, "no such consent");
  auto agency = dir_.FindAgency(in.recipient_agency);
  if (!agency || !agency->active) return Fail(ErrorCode::kInvalidArgument, "no such recipient agency");
  if (agency->id == who.agency_id)
    return Fail(ErrorCode::kInvalidArgument, "an onward referral goes to another agency");
  if (!ServiceFits(in.service, agency->kind))
    return Fail(ErrorCode::kInvalidArgument, in.service == "shelter" ? "a shelter placement goes to a safe shelter"
                                                                     : "this agency does not provide services");

  const int64_t now = clock_.NowMillis();
  const std::string id = NewUuidV7(clock_);
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto d = access_.policy().Decide(t, who, people::kObjectType, in.person_id, "edit");
  if (!d) return tl::unexpected(d.error());
  if (!d->allowed) return Fail(ErrorCode::kInvalidArgument, "no such person");
  auto consent = ConsentService::FindLive(t, in.person_id, agency->id, in.field_classes, in.consent_id, now);
  if (!consent) return tl::unexpected(consent.error());
  if (!*consent && !override_reason)
    return Fail(ErrorCode::kConflict,
                "no live consent of the person covers sharing these fields with this agency: record the consent "
                "first, or a supervisor may override with a written reason");
  auto reference = store::NextReference(t, "R", "referral", now);
  if (!reference) return tl::unexpected(reference.error());
  const bool overridden = !*consent;
  auto ins = t.Exec(
      "INSERT INTO referrals (id, reference, kind, status, from_agency_id, to_agency_id, created_by, person_id, "
      "service, field_classes, purpose, consent_id, consent_override, override_reason, created_at, updated_at) "
      "VALUES (?, ?, 'onward', 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, *reference, who.agency_id, agency->id, who.user_id, in.person_id, in.service,
       access::FormatFieldMask(in.field_classes), *purpose,
       *consent ? store::Value((*consent)->id) : store::Value(store::Null{}), int64_t{overridden ? 1 : 0},
       overridden ? store::Value(*override_reason) : store::Value(store::Null{}), now, now});
  if (!ins) return tl::unexpected(ins.error());
  Referral r;
  r.id = id;
  r.kind = ReferralKind::kOnward;
  std::map<std::string, std::string> detail = {
      {"person", in.person_id}, {"to_agency", agency->id}, {"service", in.service}};
  if (overridden) {
    detail["consent"] = "override";
    audit::Entry e;
    e.action = "consent.override";
    e.actor_user_id = who.user_id;
    e.actor_agency_id = who.agency_id;
    e.object_type = people::kObjectType;
    e.object_id = in.person_id;
    e.request_id = request_id;
    for (auto c : in.field_classes) e.field_classes.emplace_back(access::FieldClassName(c));
    e.detail = {{"referral", id}, {"to_agency", agency->id}};
    if (auto s = access_.audit().Append(t, e); !s) return tl::unexpected(s.error());
    if (auto s = access_.RaiseAlertIn(t, "consent_override", who.user_id, people::kObjectType, in.person_id,
                                      "onward referral " + *reference + " to " + agency->code +
                                          " without the person's consent: " + *override_reason);
        !s)
      return tl::unexpected(s.error());
  } else {
    detail["consent"] = (*consent)->id;
  }
  if (auto s = Audit(t, &who, "referral.create", r, request_id, detail, in.field_classes); !s)
    return tl::unexpected(s.error());
  if (auto s = TellAgency(t, agency->id, kCapReceiveOnward, "referral.onward", id); !s)
    return tl::unexpected(s.error());
  if (idem)
    if (auto s = idempotency_.Record(t, *idem, id, 201); !s) return tl::unexpected(s.error());
  return Finish(t, who, id);
}

Result<Referral> ReferralService::Finish(store::Transaction& t, const Principal& who, const std::string& id) {
  auto r = internal::LoadReferral(t, id, clock_.NowMillis());
  if (!r) return tl::unexpected(r.error());
  if (!*r) return Fail(ErrorCode::kInternal, "the referral vanished");
  auto view = ViewOf(who, **r);
  if (auto s = Shape(t, **r, view.value_or(View::kStatus), false); !s) return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return **r;
}

Result<Referral> ReferralService::Get(const Principal& who, const std::string& id, const std::string& request_id) {
  std::optional<Referral> r;
  std::optional<View> view;
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto loaded = internal::LoadReferral(**tx, id, clock_.NowMillis());
    if (!loaded) return tl::unexpected(loaded.error());
    if (*loaded) {
      view = ViewOf(who, **loaded);
      if (view) {
        r = std::move(**loaded);
        if (auto s = Shape(**tx, *r, *view, true); !s) return tl::unexpected(s.error());
      }
    }
  }
  if (!r) {
    if (auto s = access_.AuditDenied(who, kReferralObject, id, "view", request_id); !s)
      return tl::unexpected(s.error());
    return Fail(ErrorCode::kNotFound, "no such referral");
  }
  if (r->circumstances || !r->attachments.empty()) {
    access::Decision d;
    d.allowed = true;
    d.fields = {access::FieldClass::kInvestigation};
    d.reason = "SPU intake";
    if (auto s = access_.AuditRead(who, kReferralObject, id, d, request_id); !s) return tl::unexpected(s.error());
  }
  return *r;
}

Result<AttachmentFile> ReferralService::Attachment(const Principal& who, const std::string& referral_id,
                                                   const std::string& attachment_id, const std::string& request_id) {
  std::optional<AttachmentFile> file;
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto r = internal::LoadReferral(**tx, referral_id, clock_.NowMillis());
    if (!r) return tl::unexpected(r.error());
    if (*r && (*r)->kind == ReferralKind::kSpu && ViewOf(who, **r) == View::kFull) {
      auto rows = (*tx)->Query(
          "SELECT filename_sealed, content_type, data_sealed FROM referral_attachments WHERE id = ? AND referral_id = "
          "?",
          {attachment_id, referral_id});
      if (!rows) return tl::unexpected(rows.error());
      if (!rows->empty()) {
        const auto& row = (*rows)[0];
        auto name = crypto::Open(keyring_, "referral_attachments", "filename_sealed", attachment_id, row.Bytes(0));
        if (!name) return tl::unexpected(name.error());
        auto data = crypto::Open(keyring_, "referral_attachments", "data_sealed", attachment_id, row.Bytes(2));
        if (!data) return tl::unexpected(data.error());
        file = AttachmentFile{*name, row.Text(1), std::vector<uint8_t>(data->begin(), data->end())};
      }
    }
  }
  if (!file) {
    if (auto s = access_.AuditDenied(who, kReferralObject, referral_id, "attachment", request_id); !s)
      return tl::unexpected(s.error());
    return Fail(ErrorCode::kNotFound, "no such attachment");
  }
  access::Decision d;
  d.allowed = true;
  d.fields = {access::FieldClass::kInvestigation};
  d.reason = "SPU intake: attachment";
  if (auto s = access_.AuditRead(who, kReferralObject, referral_id, d, request_id); !s)
    return tl::unexpected(s.error());
  return *file;
}

Result<ReferralList> ReferralService::List(const Principal& who, const ListQuery& q) {
  ReferralList out;
  out.box = q.box;
  if (out.box.empty()) out.box = who.Can(kCapReceive) ? "intake" : who.Can(kCapReceiveOnward) ? "onward" : "sent";
  std::string where;
  std::vector<store::Value> params;
  if (out.box == "intake") {
    if (!who.Can(kCapReceive)) return Fail(ErrorCode::kPermissionDenied, "your role does not receive referrals");
    where = "kind = 'spu' AND to_agency_id = ?";
    if (q.open_only) where += " AND status IN ('submitted', 'acknowledged')";
  } else if (out.box == "onward") {
    if (!who.Can(kCapReceiveOnward))
      return Fail(ErrorCode::kPermissionDenied, "your role does not receive onward referrals");
    where = "kind = 'onward' AND to_agency_id = ?";
    if (q.open_only) where += " AND status IN ('pending', 'accepted')";
  } else if (out.box == "sent") {
    where = "from_agency_id = ?";
    if (q.open_only) where += " AND status IN ('submitted', 'acknowledged', 'pending', 'accepted')";
  } else {
    return Fail(ErrorCode::kInvalidArgument, "box must be intake, sent or onward");
  }
  params.push_back(who.agency_id);
  params.push_back(static_cast<int64_t>(std::clamp(q.limit, 1, 200)));
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(std::string("SELECT ") + internal::kReferralColumns + " FROM referrals WHERE " + where +
                               " ORDER BY created_at DESC LIMIT ?",
                           params);
  if (!rows) return tl::unexpected(rows.error());
  const int64_t now = clock_.NowMillis();
  for (const auto& row : *rows) {
    Referral r = internal::ReferralFromRow(row, now);
    auto view = ViewOf(who, r);
    if (!view) continue;
    if (auto s = Shape(**tx, r, *view, false); !s) return tl::unexpected(s.error());
    out.items.push_back(std::move(r));
  }
  return out;
}

}  // namespace nrm::referral
