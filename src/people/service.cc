#include "people/service.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "core/ids.h"
#include "crypto/blind_index.h"
#include "crypto/field_cipher.h"
#include "directory/capabilities.h"
#include "people/identity.h"
#include "store/reference.h"
#include "text/name_skeleton.h"
#include "text/normalize.h"

namespace nrm::people {

namespace {

using access::FieldClass;
using directory::Principal;

constexpr const char* kTable = "persons";

std::string Column(FieldClass c) { return std::string(access::FieldClassName(c)) + "_sealed"; }

// The sealed classes, in column order.
const std::vector<FieldClass>& SealedClasses() {
  static const std::vector<FieldClass> v = {FieldClass::kDetail,   FieldClass::kIdentity, FieldClass::kContact,
                                            FieldClass::kLocation, FieldClass::kHealth,   FieldClass::kInvestigation};
  return v;
}

std::string GroupJson(const FieldGroup& g) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : g) j[k] = v;
  return j.dump();
}

Result<FieldGroup> ParseGroup(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Fail(ErrorCode::kInternal, "a sealed group is not valid JSON");
  FieldGroup g;
  for (const auto& [k, v] : j.items())
    if (v.is_string()) g[k] = v.get<std::string>();
  return g;
}

}  // namespace

Result<std::string> PersonService::BirthYearToken(int year) {
  return crypto::BlindIndex(keyring_, "birth_year", std::to_string(year));
}

const std::map<FieldClass, std::vector<std::string>>& FieldsByClass() {
  static const std::map<FieldClass, std::vector<std::string>> m = {
      {FieldClass::kDetail, {"gender", "citizenship", "languages", "age_estimate"}},
      // document_type/document_number: the first API's single document,
      // kept; `documents` holds several (identity.h).
      {FieldClass::kIdentity,
       {"given_names", "family_name", "patronymic", "other_names", "birth_date", "documents", "document_type",
        "document_number"}},
      {FieldClass::kContact, {"phone", "email"}},
      {FieldClass::kLocation, {"address", "whereabouts"}},
      {FieldClass::kHealth, {"notes"}},
      {FieldClass::kInvestigation, {"notes"}},
  };
  return m;
}

namespace {

// One group's fields checked and normalised; each bad one appended to `errors`.
FieldGroup CheckGroup(FieldClass cls, const FieldGroup& group, std::vector<FieldError>& errors) {
  const std::string name(access::FieldClassName(cls));
  FieldGroup out;
  const auto it = FieldsByClass().find(cls);
  if (it == FieldsByClass().end()) {
    errors.push_back(FieldError{name, "unknown", name + " holds no fields"});
    return out;
  }
  for (const auto& [k, v] : group) {
    const std::string path = name + "." + k.substr(0, 40);
    if (std::find(it->second.begin(), it->second.end(), k) == it->second.end()) {
      errors.push_back(FieldError{path, "unknown", "unknown field " + path});
      continue;
    }
    auto clean = text::NormalizeUserText(v);
    const size_t max = (k == "notes") ? 20000 : (k == "documents") ? 4000 : 400;
    if (!clean) {
      errors.push_back(FieldError{path, "format", path + ": " + clean.error().message});
    } else if (clean->size() > max) {
      errors.push_back(FieldError{path, "too_long", path + " is longer than " + std::to_string(max) + " bytes"});
    } else if (!clean->empty()) {
      auto checked = CheckField(cls, k, *clean, errors);
      if (checked && !checked->empty() && *checked != "[]") out[k] = *checked;
    }
  }
  return out;
}

}  // namespace

Result<FieldGroup> ValidateGroup(FieldClass cls, const FieldGroup& group) {
  std::vector<FieldError> errors;
  FieldGroup out = CheckGroup(cls, group, errors);
  if (!errors.empty()) return FailFields(std::move(errors));
  return out;
}

Result<PersonInput> ValidatePerson(const PersonInput& in) {
  std::vector<FieldError> errors;
  PersonInput out;
  for (const auto& [cls, g] : in.groups) out.groups[cls] = CheckGroup(cls, g, errors);
  if (!errors.empty()) return FailFields(std::move(errors));
  return out;
}

PersonService::PersonService(store::Database& db, const crypto::Keyring& keyring, access::AccessService& access,
                             const Clock& clock)
    : db_(db), keyring_(keyring), access_(access), clock_(clock) {}

Result<std::vector<std::string>> PersonService::IndexTokens(const PersonInput& in) {
  std::vector<std::string> out;  // "kind\ttoken"
  auto id = in.groups.find(FieldClass::kIdentity);
  if (id != in.groups.end()) {
    std::string name;
    for (const char* f : {"given_names", "family_name", "patronymic", "other_names"})
      if (auto v = id->second.find(f); v != id->second.end()) name += v->second + " ";
    for (const auto& t : text::NameSkeletonTokens(name)) {
      auto b = crypto::BlindIndex(keyring_, "name_token", t);
      if (!b) return tl::unexpected(b.error());
      out.push_back("name\t" + *b);
    }
    std::vector<std::string> numbers;
    if (auto v = id->second.find("document_number"); v != id->second.end()) numbers.push_back(v->second);
    if (auto v = id->second.find("documents"); v != id->second.end())
      for (const auto& d : ParseDocuments(v->second)) numbers.push_back(d.number);
    for (const auto& number : numbers) {
      const std::string doc = crypto::NormalizeDocumentNumber(number);
      if (!doc.empty()) {
        auto b = crypto::BlindIndex(keyring_, "document_number", doc);
        if (!b) return tl::unexpected(b.error());
        out.push_back("document\t" + *b);
      }
    }
    if (auto v = id->second.find("birth_date"); v != id->second.end())
      if (auto year = BirthYearOf(v->second)) {
        auto b = BirthYearToken(*year);
        if (!b) return tl::unexpected(b.error());
        out.push_back("birth_year\t" + *b);
      }
  }
  // An age estimate stands for the birth years it allows (one either side:
  // "about 17" said in March covers three years).
  auto detail = in.groups.find(FieldClass::kDetail);
  if (detail != in.groups.end())
    if (auto v = detail->second.find("age_estimate"); v != detail->second.end()) {
      const int year = civil::YearOfMillis(clock_.NowMillis()) - std::stoi(v->second);
      for (int y = year - 1; y <= year + 1; ++y) {
        auto b = BirthYearToken(y);
        if (!b) return tl::unexpected(b.error());
        out.push_back("birth_year_est\t" + *b);
      }
    }
  auto contact = in.groups.find(FieldClass::kContact);
  if (contact != in.groups.end())
    if (auto v = contact->second.find("phone"); v != contact->second.end()) {
      const std::string phone = crypto::NormalizePhone(v->second);
      if (!phone.empty()) {
        auto b = crypto::BlindIndex(keyring_, "phone", phone);
        if (!b) return tl::unexpected(b.error());
        out.push_back("phone\t" + *b);
      }
    }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

Status WriteIndex(store::Transaction& tx, const std::string& person_id, const std::vector<std::string>& tokens,
                  bool replace_identity, bool replace_contact, bool replace_detail) {
  if (replace_identity)
    if (auto r = tx.Exec("DELETE FROM person_index WHERE person_id = ? AND kind IN ('name', 'document', 'birth_year')",
                         {person_id});
        !r)
      return tl::unexpected(r.error());
  if (replace_detail)
    if (auto r = tx.Exec("DELETE FROM person_index WHERE person_id = ? AND kind = 'birth_year_est'", {person_id}); !r)
      return tl::unexpected(r.error());
  if (replace_contact)
    if (auto r = tx.Exec("DELETE FROM person_index WHERE person_id = ? AND kind = 'phone'", {person_id}); !r)
      return tl::unexpected(r.error());
  for (const auto& t : tokens) {
    const auto tab = t.find('\t');
    auto r = tx.Exec("INSERT INTO person_index (person_id, kind, token) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                     {person_id, t.substr(0, tab), t.substr(tab + 1)});
    if (!r) return tl::unexpected(r.error());
  }
  return {};
}

}  // namespace

Result<Person> PersonService::Create(const Principal& who, const PersonInput& raw, const std::string& request_id) {
  if (!who.Can(directory::kPersonsCreate) && !who.Can(directory::kScreeningCreate))
    return Fail(ErrorCode::kPermissionDenied, "your role does not allow recording persons");
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto person = CreateIn(**tx, who, raw, request_id);
  if (!person) return person;
  if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  return person;
}

Result<Person> PersonService::Load(store::Transaction& tx, const std::string& id, const access::Decision& d) {
  auto rows = tx.Query(
      "SELECT id, reference, owner_agency_id, status, created_at, updated_at, version, detail_sealed, "
      "identity_sealed, contact_sealed, location_sealed, health_sealed, investigation_sealed, "
      "CASE WHEN photo_sealed IS NULL THEN 0 ELSE 1 END FROM persons WHERE id = ?",
      {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such record");
  const auto& r = (*rows)[0];
  Person p;
  p.id = r.Text(0);
  p.reference = r.Text(1);
  p.owner_agency_id = r.Text(2);
  p.status = r.Text(3);
  p.created_at = r.Int(4);
  p.updated_at = r.Int(5);
  p.version = r.Int(6);
  p.visible = d.fields;
  p.has_photo = d.fields.count(FieldClass::kIdentity) && r.Int(13) != 0;
  const auto& classes = SealedClasses();
  for (size_t i = 0; i < classes.size(); ++i) {
    const FieldClass c = classes[i];
    if (!d.fields.count(c) || r.IsNull(7 + i)) continue;  // never opened unless the mask allows it
    auto text = crypto::Open(keyring_, kTable, Column(c), p.id, r.Bytes(7 + i));
    if (!text) return tl::unexpected(text.error());
    auto g = ParseGroup(*text);
    if (!g) return tl::unexpected(g.error());
    p.groups[c] = std::move(*g);
  }
  return p;
}

Result<Person> PersonService::Get(const Principal& who, const std::string& id, const std::string& request_id) {
  Result<Person> person = Fail(ErrorCode::kNotFound, "no such record");
  access::Decision decision;
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto d = access_.policy().Decide(**tx, who, kObjectType, id, "view");
    if (!d) return tl::unexpected(d.error());
    decision = *d;
    if (decision.allowed) person = Load(**tx, id, decision);
  }
  if (!decision.allowed) {
    if (auto s = access_.AuditDenied(who, kObjectType, id, "view", request_id); !s) return tl::unexpected(s.error());
    return Fail(ErrorCode::kNotFound, "no such record");
  }
  if (!person) return person;
  // Durable before the data leaves.
  if (auto s = access_.AuditRead(who, kObjectType, id, decision, request_id); !s) return tl::unexpected(s.error());
  return person;
}

Result<Person> PersonService::Update(const Principal& who, const std::string& id, int64_t version,
                                     const PersonInput& raw, const std::string& request_id) {
  NRM_TRY(const PersonInput in, ValidatePerson(raw));
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto d = access_.policy().Decide(t, who, kObjectType, id, "edit");
  if (!d) return tl::unexpected(d.error());
  if (!d->allowed) {
    // A reader who may not change the record is told so; anyone else learns
    // nothing of its existence.
    auto view = access_.policy().Decide(t, who, kObjectType, id, "view");
    tx->reset();
    (void)access_.AuditDenied(who, kObjectType, id, "edit", request_id);
    if (view && view->allowed) return Fail(ErrorCode::kPermissionDenied, "you may read this record but not change it");
    return Fail(ErrorCode::kNotFound, "no such record");
  }
  for (const auto& [cls, g] : in.groups)
    if (!d->fields.count(cls))
      return Fail(ErrorCode::kPermissionDenied,
                  "you may not change " + std::string(access::FieldClassName(cls)) + " fields of this record");
  std::string sets;
  std::vector<store::Value> params;
  for (const auto& [cls, g] : in.groups) {
    auto blob = crypto::Seal(keyring_, kTable, Column(cls), id, GroupJson(g));
    if (!blob) return tl::unexpected(blob.error());
    sets += Column(cls) + " = ?, ";
    params.emplace_back(std::move(*blob));
  }
  params.push_back(clock_.NowMillis());
  params.push_back(id);
  params.push_back(version);
  auto u = t.Exec("UPDATE persons SET " + sets + "updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                  params);
  if (!u) return tl::unexpected(u.error());
  if (*u == 0) return Fail(ErrorCode::kConflict, "the record was changed by someone else; reload and try again");
  auto tokens = IndexTokens(in);
  if (!tokens) return tl::unexpected(tokens.error());
  if (auto s = WriteIndex(t, id, *tokens, in.groups.count(FieldClass::kIdentity) > 0,
                          in.groups.count(FieldClass::kContact) > 0, in.groups.count(FieldClass::kDetail) > 0);
      !s)
    return tl::unexpected(s.error());
  audit::Entry e;
  e.action = "person.update";
  e.actor_user_id = who.user_id;
  e.actor_agency_id = who.agency_id;
  e.object_type = kObjectType;
  e.object_id = id;
  for (const auto& [c, g] : in.groups) e.field_classes.emplace_back(access::FieldClassName(c));
  e.grant_ids = d->relation_ids;
  e.request_id = request_id;
  if (auto s = access_.audit().Append(t, e); !s) return tl::unexpected(s.error());
  auto person = Load(t, id, *d);
  if (!person) return person;
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  if (auto s = access_.AuditRead(who, kObjectType, id, *d, request_id); !s) return tl::unexpected(s.error());
  return person;
}

Result<std::vector<Person>> PersonService::List(const Principal& who, const SearchQuery& q,
                                                const std::string& request_id) {
  const int limit = std::clamp(q.limit, 1, 200);
  // Blind-index tokens of the query: a record matches when it holds all.
  std::vector<std::pair<std::string, std::string>> wanted;
  auto want = [&](const char* kind, const char* domain, const std::string& value) -> Status {
    if (value.empty()) return {};
    auto b = crypto::BlindIndex(keyring_, domain, value);
    if (!b) return tl::unexpected(b.error());
    wanted.emplace_back(kind, *b);
    return {};
  };
  for (const auto& t : text::NameSkeletonTokens(q.name))
    if (auto s = want("name", "name_token", t); !s) return tl::unexpected(s.error());
  if (auto s = want("document", "document_number", crypto::NormalizeDocumentNumber(q.document_number)); !s)
    return tl::unexpected(s.error());
  if (auto s = want("phone", "phone", crypto::NormalizePhone(q.phone)); !s) return tl::unexpected(s.error());
  const bool searching = !q.name.empty() || !q.document_number.empty() || !q.phone.empty();
  if (searching && wanted.empty()) return std::vector<Person>{};

  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  std::string match_sql;
  std::vector<store::Value> match_params;
  if (searching) {
    match_sql = "p.id IN (SELECT person_id FROM person_index WHERE ";
    for (size_t i = 0; i < wanted.size(); ++i) {
      match_sql += (i ? " OR " : "") + std::string("(kind = ? AND token = ?)");
      match_params.push_back(wanted[i].first);
      match_params.push_back(wanted[i].second);
    }
    match_sql += " GROUP BY person_id HAVING COUNT(*) = ?)";
    match_params.push_back(static_cast<int64_t>(wanted.size()));
  }
  const auto pred = access_.policy().ListPredicate(who, kObjectType, "view", "p.id");
  std::string sql = "SELECT p.id FROM persons p WHERE " + pred.sql;
  std::vector<store::Value> params = pred.params;
  if (searching) {
    sql += " AND " + match_sql;
    params.insert(params.end(), match_params.begin(), match_params.end());
  }
  sql += " ORDER BY p.created_at DESC LIMIT ?";
  params.push_back(static_cast<int64_t>(limit));
  auto rows = t.Query(sql, params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::string> ids;
  for (const auto& r : *rows) ids.push_back(r.Text(0));

  int hidden = 0;
  if (searching) {
    auto all = t.Query("SELECT COUNT(*) FROM persons p WHERE " + match_sql, match_params);
    if (!all) return tl::unexpected(all.error());
    hidden = static_cast<int>((*all)[0].Int(0)) - static_cast<int>(ids.size());
  }

  auto rels = access::LoadLiveRelations(t, kObjectType, ids, clock_.NowMillis());
  if (!rels) return tl::unexpected(rels.error());
  std::vector<Person> out;
  std::vector<access::Decision> decisions;
  for (const auto& id : ids) {
    std::vector<access::Relation> mine;
    for (const auto& r : *rels)
      if (r.object_id == id) mine.push_back(r);
    access::Decision d = access_.policy().Evaluate(who, kObjectType, "view", mine);
    if (!d.allowed) continue;  // the predicate and the evaluator disagree: trust the stricter
    auto p = Load(t, id, d);
    if (!p) return tl::unexpected(p.error());
    out.push_back(std::move(*p));
    decisions.push_back(d);
  }
  tx->reset();
  for (size_t i = 0; i < out.size(); ++i)
    if (auto s = access_.AuditRead(who, kObjectType, out[i].id, decisions[i], request_id); !s)
      return tl::unexpected(s.error());
  if (hidden > 0)
    if (auto s = access_.NoteOutsideSearch(who, kObjectType, hidden, request_id); !s) return tl::unexpected(s.error());
  return out;
}

Result<std::optional<access::ObjectInfo>> PersonService::Describe(store::Transaction& tx, const std::string& key) {
  if (LooksLikeMatchToken(key)) {
    auto rows = tx.Query(
        "SELECT p.id, p.reference, p.owner_agency_id, t.user_id FROM person_match_tokens t "
        "JOIN persons p ON p.id = t.person_id WHERE t.token_hash = ? AND t.expires_at > ?",
        {MatchTokenHash(key), clock_.NowMillis()});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<access::ObjectInfo>();
    const auto& r = (*rows)[0];
    access::ObjectInfo info{kObjectType, r.Text(0), r.Text(1), r.Text(2)};
    info.match_holder = r.Text(3);
    return std::optional<access::ObjectInfo>(std::move(info));
  }
  auto rows = tx.Query("SELECT id, reference, owner_agency_id FROM persons WHERE id = ? OR reference = ?", {key, key});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<access::ObjectInfo>();
  const auto& r = (*rows)[0];
  return std::optional<access::ObjectInfo>(access::ObjectInfo{kObjectType, r.Text(0), r.Text(1), r.Text(2)});
}

// Steps referral/ takes inside its own transaction. CreateIn mirrors
// Create() without owning the transaction (Create could delegate to it).

Result<Person> PersonService::CreateIn(store::Transaction& t, const Principal& who, const PersonInput& raw,
                                       const std::string& request_id) {
  if (!who.Can(directory::kPersonsCreate) && !who.Can(directory::kScreeningCreate))
    return Fail(ErrorCode::kPermissionDenied, "your role does not allow recording persons");
  NRM_TRY(const PersonInput in, ValidatePerson(raw));
  auto tokens = IndexTokens(in);
  if (!tokens) return tl::unexpected(tokens.error());
  const std::string id = NewUuidV7(clock_);
  const int64_t now = clock_.NowMillis();
  std::vector<store::Value> sealed;
  for (FieldClass c : SealedClasses()) {
    auto g = in.groups.find(c);
    if (g == in.groups.end()) {
      sealed.emplace_back(store::Null{});
      continue;
    }
    auto blob = crypto::Seal(keyring_, kTable, Column(c), id, GroupJson(g->second));
    if (!blob) return tl::unexpected(blob.error());
    sealed.emplace_back(std::move(*blob));
  }
  auto reference = store::NextReference(t, "P", "person", now);
  if (!reference) return tl::unexpected(reference.error());
  std::vector<store::Value> params{id, *reference, who.agency_id, std::string("active"), who.user_id};
  params.insert(params.end(), sealed.begin(), sealed.end());
  params.push_back(now);
  params.push_back(now);
  auto ins = t.Exec(
      "INSERT INTO persons (id, reference, owner_agency_id, status, created_by, detail_sealed, identity_sealed, "
      "contact_sealed, location_sealed, health_sealed, investigation_sealed, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      params);
  if (!ins) return tl::unexpected(ins.error());
  if (auto s = WriteIndex(t, id, *tokens, false, false, false); !s) return tl::unexpected(s.error());
  access::Relation owner;
  owner.object_type = kObjectType;
  owner.object_id = id;
  owner.relation = "owner_agency";
  owner.subject_type = "agency";
  owner.subject_id = who.agency_id;
  owner.kind = access::GrantKind::kOwner;
  owner.purpose = "record holder";
  if (auto r = access_.AddRelation(t, &who, owner, request_id); !r) return tl::unexpected(r.error());
  access::Relation assignee;
  assignee.object_type = kObjectType;
  assignee.object_id = id;
  assignee.relation = "assignee";
  assignee.subject_type = "user";
  assignee.subject_id = who.user_id;
  assignee.field_classes = access::FieldMask(access::AllFieldClasses().begin(), access::AllFieldClasses().end());
  assignee.kind = access::GrantKind::kAssignment;
  assignee.purpose = "recorded the person";
  auto rel = access_.AddRelation(t, &who, assignee, request_id);
  if (!rel) return tl::unexpected(rel.error());
  audit::Entry e;
  e.action = "person.create";
  e.actor_user_id = who.user_id;
  e.actor_agency_id = who.agency_id;
  e.object_type = kObjectType;
  e.object_id = id;
  for (const auto& [c, g] : in.groups) e.field_classes.emplace_back(access::FieldClassName(c));
  e.grant_ids = {rel->id};
  e.request_id = request_id;
  if (auto s = access_.audit().Append(t, e); !s) return tl::unexpected(s.error());
  access::Decision d = access_.policy().Evaluate(who, kObjectType, "view", {owner, *rel});
  return Load(t, id, d);
}

Status PersonService::HandOver(store::Transaction& t, const Principal& actor, const std::string& person_id,
                               const std::string& to_agency_id, const std::string& assignee_user_id,
                               const std::string& source_id, const std::string& request_id) {
  auto u = t.Exec("UPDATE persons SET owner_agency_id = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                  {to_agency_id, clock_.NowMillis(), person_id});
  if (!u) return tl::unexpected(u.error());
  if (*u == 0) return Fail(ErrorCode::kNotFound, "no such record");
  if (auto s = access_.RevokeRelationsOn(t, &actor, kObjectType, person_id, {"owner_agency", "assignee"}, request_id);
      !s)
    return s;
  access::Relation owner;
  owner.object_type = kObjectType;
  owner.object_id = person_id;
  owner.relation = "owner_agency";
  owner.subject_type = "agency";
  owner.subject_id = to_agency_id;
  owner.kind = access::GrantKind::kOwner;
  owner.purpose = "record holder (handover)";
  if (auto r = access_.AddRelation(t, &actor, owner, request_id); !r) return tl::unexpected(r.error());
  access::Relation assignee;
  assignee.object_type = kObjectType;
  assignee.object_id = person_id;
  assignee.relation = "assignee";
  assignee.subject_type = "user";
  assignee.subject_id = assignee_user_id;
  assignee.field_classes = access::FieldMask(access::AllFieldClasses().begin(), access::AllFieldClasses().end());
  assignee.kind = access::GrantKind::kAssignment;
  assignee.purpose = "assigned on handover";
  auto rel = access_.AddRelation(t, &actor, assignee, request_id);
  if (!rel) return tl::unexpected(rel.error());
  audit::Entry e;
  e.action = "person.handover";
  e.actor_user_id = actor.user_id;
  e.actor_agency_id = actor.agency_id;
  e.object_type = kObjectType;
  e.object_id = person_id;
  e.grant_ids = {rel->id};
  e.request_id = request_id;
  e.detail = {{"source", source_id}, {"to_agency", to_agency_id}};
  return access_.audit().Append(t, e);
}

}  // namespace nrm::people
