#include "referral/routes.h"

#include <algorithm>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/ids.h"
#include "directory/endpoint.h"
#include "http/json.h"
#include "referral/attachment.h"
#include "referral/json.h"

namespace nrm::referral {

namespace {

using directory::Call;
using http::JsonReader;
using http::Response;
using nlohmann::json;

struct Deps {
  ScreeningService& screenings;
  ReferralService& referrals;
  ConsentService& consents;
  const Clock& clock;
};

// One attachment in base64; the service checks the decoded sizes and types.
constexpr size_t kMaxBase64 = (kMaxAttachmentBytes + 2) / 3 * 4;
constexpr size_t kMaxPhotoBase64 = (people::kMaxPhotoBytes + 2) / 3 * 4;
constexpr size_t kMaxReason = 4000;
// The body members of each kind of referral.
const std::vector<std::string_view> kSpuFields = {"kind",          "screening_id", "person", "person_id",
                                                  "circumstances", "attachments",  "photo"};
const std::vector<std::string_view> kOnwardFields = {
    "kind", "person_id", "recipient_agency_id", "service", "field_classes", "purpose", "consent_id", "override_reason"};

// The members `names` of the body as the whole object's compact dump() writes
// them (keys sorted), so that whitespace and member order do not make a retried
// request differ: what an Idempotency-Key is bound to.
std::string Canonical(JsonReader& body, std::vector<std::string_view> names) {
  std::sort(names.begin(), names.end());
  std::string out = "{";
  for (std::string_view name : names) {
    const std::string key(name);
    const json* v = body.Raw(key.c_str());
    if (!v) continue;
    if (out.size() > 1) out += ',';
    out += json(key).dump() + ':' + v->dump(-1, ' ', false, json::error_handler_t::replace);
  }
  return out + "}";
}

// Creates a resource under the request's Idempotency-Key, if it has one: the
// same key with the same body answers the first resource again (also when a
// concurrent twin committed first), another body is a 409.
template <class T, class Get, class Create, class Write>
Result<Response> CreateOnce(const IdempotencyKeys& keys, Call& c, const char* scope, const std::string& base,
                            JsonReader& body, const std::vector<std::string_view>& fields, Get get, Create create,
                            Write write) {
  std::optional<IdempotencyClaim> claim;
  if (const std::string key = c.req.Header("Idempotency-Key"); !key.empty()) {
    NRM_TRY(claim, keys.Claim(c.who.user_id, scope, key, Canonical(body, fields)));
  }
  auto replay = [&]() -> Result<std::optional<Response>> {
    if (!claim) return std::optional<Response>();
    NRM_TRY(auto prior, keys.Find(*claim));
    if (!prior) return std::optional<Response>();
    NRM_TRY(T first, get(*prior));
    Response res = http::Created(write(first), base + first.id);
    res.AddHeader("Idempotency-Replayed", "true");
    return std::optional<Response>(std::move(res));
  };
  NRM_TRY(auto replayed, replay());
  if (replayed) return std::move(*replayed);
  Result<T> made = create(claim ? &*claim : nullptr);
  if (!made && claim && made.error().code == ErrorCode::kAlreadyExists)
    if (auto again = replay(); again && *again) return std::move(**again);
  NRM_TRY(T done, std::move(made));
  return http::Created(write(done), base + done.id);
}

// Field classes by name (at least one).
access::FieldMask ClassesFrom(JsonReader& body, const char* name) {
  access::FieldMask m;
  for (const std::string& n : body.TextList(name, 10, 200, true)) {
    if (auto c = access::ParseFieldClass(n))
      m.insert(*c);
    else
      body.Invalid(name, "enum", body.PathOf(name) + ": unknown field class " + n.substr(0, 40));
  }
  return m;
}

// {"identity": {...}, "contact": {...}}: field groups of text fields, as
// POST /api/v1/persons takes them. An unread group is refused as unknown.
people::PersonInput PersonFrom(JsonReader& person, const json& raw) {
  people::PersonInput in;
  for (const auto& [key, value] : raw.items()) {
    auto cls = access::ParseFieldClass(key);
    if (!cls || *cls == access::FieldClass::kReference || *cls == access::FieldClass::kInvestigation) continue;
    bool present = false;
    JsonReader group = person.Object(key.c_str(), false, &present);
    if (!present) {
      if (value.is_null()) person.Invalid(key, "type", person.PathOf(key) + " must be an object");
      continue;
    }
    people::FieldGroup fields;
    for (const auto& [k, v] : value.items()) {
      group.Raw(k.c_str());
      if (v.is_string())
        fields[k] = v.get<std::string>();
      else
        group.Invalid(k, "type", group.PathOf(k) + " must be text");
    }
    in.groups[*cls] = std::move(fields);
  }
  return in;
}

ReferralToSpuInput ToSpuFrom(JsonReader& body) {
  ReferralToSpuInput in;
  in.screening_id = body.Text("screening_id", 64);
  in.person_id = body.OptText("person_id", 64);
  bool has_person = false;
  JsonReader person = body.Object("person", false, &has_person);
  if (has_person) in.person = PersonFrom(person, *body.Raw("person"));
  in.circumstances = body.Text("circumstances", kMaxNotesBytes);
  for (JsonReader& a : body.Objects("attachments", kMaxAttachments))
    in.attachments.push_back({a.Text("filename", 400), a.Text("content_type", 100), a.Text("data_base64", kMaxBase64)});
  bool has_photo = false;
  JsonReader photo = body.Object("photo", false, &has_photo);
  if (has_photo) in.photo = PhotoInput{photo.Text("content_type", 100), photo.Text("data_base64", kMaxPhotoBase64)};
  return in;
}

OnwardReferralInput OnwardFrom(JsonReader& body) {
  OnwardReferralInput in;
  in.person_id = body.Text("person_id", 64);
  in.recipient_agency = body.Text("recipient_agency_id", 64);
  in.service = body.Text("service", 32);
  in.field_classes = ClassesFrom(body, "field_classes");
  in.purpose = body.Text("purpose", kMaxReason);
  in.consent_id = body.OptText("consent_id", 64);
  in.override_reason = body.OptText("override_reason", kMaxReason);
  return in;
}

Result<Response> Indicators(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  Response res = Response::Json(200, d.screenings.catalogue().json());
  res.AddHeader("Cache-Control", "private, max-age=3600");
  return res;
}

Result<Response> CreateScreening(const Deps& d, Call& c) {
  auto body = c.in.Body();
  ScreeningInput in;
  in.indicators = body.TextList("indicators", 300, 200, true);
  in.forms_of_exploitation = body.TextList("forms_of_exploitation", 20, 200);
  in.outcome = body.Text("outcome", 64);
  in.notes = body.OptText("notes", kMaxNotesBytes).value_or("");
  NRM_CHECK(c.in.Finish());
  return CreateOnce<Screening>(
      d.screenings.idempotency(), c, "screening", "/api/v1/screenings/", body,
      {"indicators", "forms_of_exploitation", "outcome", "notes"},
      [&](const std::string& id) { return d.screenings.Get(c.who, id, c.req.request_id); },
      [&](const IdempotencyClaim* k) { return d.screenings.Create(c.who, in, c.req.request_id, k); },
      [](const Screening& s) { return ToJson(s); });
}

Result<Response> GetScreening(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "screening"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto s, d.screenings.Get(c.who, id, c.req.request_id));
  return http::JsonResponse(200, ToJson(s));
}

Result<Response> CreateReferral(const Deps& d, Call& c) {
  auto body = c.in.Body();
  const std::string kind = body.OneOf("kind", {"spu", "onward"});
  ReferralToSpuInput spu;
  OnwardReferralInput onward;
  if (kind == "spu") {
    spu = ToSpuFrom(body);
  } else if (kind == "onward") {
    onward = OnwardFrom(body);
  } else {  // without a kind, name only it (and members of neither kind)
    for (const auto* fields : {&kSpuFields, &kOnwardFields})
      for (std::string_view f : *fields) body.Raw(std::string(f).c_str());
  }
  NRM_CHECK(c.in.Finish());
  auto get = [&](const std::string& id) { return d.referrals.Get(c.who, id, c.req.request_id); };
  auto write = [&](const Referral& r) { return ToJson(r, d.clock.NowMillis()); };
  const IdempotencyKeys& keys = d.referrals.idempotency();
  if (kind == "spu")
    return CreateOnce<Referral>(
        keys, c, "referral", "/api/v1/referrals/", body, kSpuFields, get,
        [&](const IdempotencyClaim* k) { return d.referrals.CreateToSpu(c.who, spu, c.req.request_id, k); }, write);
  return CreateOnce<Referral>(
      keys, c, "referral", "/api/v1/referrals/", body, kOnwardFields, get,
      [&](const IdempotencyClaim* k) { return d.referrals.CreateOnward(c.who, onward, c.req.request_id, k); }, write);
}

Result<Response> ListReferrals(const Deps& d, Call& c) {
  auto q = c.in.Query();
  ListQuery list;
  list.box = q.OneOf("box", {"intake", "sent", "onward"}).value_or("");
  list.open_only = q.OneOf("status", {"open", "all"}).value_or("open") == "open";
  list.limit = static_cast<int>(q.Int("limit", 1, 200).value_or(list.limit));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto found, d.referrals.List(c.who, list));
  const int64_t now = d.clock.NowMillis();
  json items = json::array();
  for (const auto& r : found.items) items.push_back(ToJson(r, now));
  return http::JsonResponse(200, json{{"items", items}, {"box", found.box}, {"server_time", FormatRfc3339(now)}});
}

// A referral as the caller may see it after a read or a change.
Result<Response> Answer(const Deps& d, Result<Referral> r) {
  NRM_TRY(Referral done, std::move(r));
  return http::JsonResponse(200, ToJson(done, d.clock.NowMillis()));
}

Result<Response> GetReferral(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "referral"));
  NRM_CHECK(c.in.Finish());
  return Answer(d, d.referrals.Get(c.who, id, c.req.request_id));
}

Result<Response> GetAttachment(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "referral"));
  NRM_TRY(auto attachment, http::PathUuid(c.req, "attachment_id", "attachment"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto f, d.referrals.Attachment(c.who, id, attachment, c.req.request_id));
  Response res;
  res.status = 200;
  res.content_type = f.content_type;
  res.body.assign(f.bytes.begin(), f.bytes.end());
  // The file name may name a person: it stays out of headers and logs.
  res.AddHeader("Content-Disposition", "attachment");
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

// The state changes: the path id, the version read and what each one takes.
Result<Response> Acknowledge(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "referral"));
  const int64_t version = c.in.Body().Version();
  NRM_CHECK(c.in.Finish());
  return Answer(d, d.referrals.Acknowledge(c.who, id, version, c.req.request_id));
}

Result<Response> Accept(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "referral"));
  auto body = c.in.Body();
  AcceptInput in;
  in.version = body.Version();
  in.case_id = body.OptText("case_id", 64);
  in.assignee_user_id = body.OptText("assignee_user_id", 64);
  NRM_CHECK(c.in.Finish());
  return Answer(d, d.referrals.Accept(c.who, id, in, c.req.request_id));
}

Result<Response> Decline(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "referral"));
  auto body = c.in.Body();
  const int64_t version = body.Version();
  const std::string reason = body.Text("reason", kMaxReason);
  NRM_CHECK(c.in.Finish());
  return Answer(d, d.referrals.Decline(c.who, id, version, reason, c.req.request_id));
}

Result<Response> Revoke(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "referral"));
  auto body = c.in.Body();
  const int64_t version = body.Version();
  const std::string reason = body.Text("reason", kMaxReason);
  NRM_CHECK(c.in.Finish());
  return Answer(d, d.referrals.Revoke(c.who, id, version, reason, c.req.request_id));
}

Result<Response> Close(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "referral"));
  auto body = c.in.Body();
  const int64_t version = body.Version();
  const std::string reason = body.OptText("reason", kMaxReason).value_or("");
  NRM_CHECK(c.in.Finish());
  return Answer(d, d.referrals.Close(c.who, id, version, reason, c.req.request_id));
}

Result<Response> CreateConsent(const Deps& d, Call& c) {
  auto body = c.in.Body();
  ConsentInput in;
  in.person_id = body.Text("person_id", 64);
  in.recipient_agency = body.Text("recipient_agency_id", 64);
  in.field_classes = ClassesFrom(body, "field_classes");
  in.purpose = body.Text("purpose", kMaxReason);
  const std::string until = body.Text("valid_until", 64);
  if (body.Ok("valid_until")) {
    if (auto t = ParseInstant(until))
      in.valid_until = *t;
    else
      body.Invalid("valid_until", "format", "valid_until must be an RFC 3339 date-time or YYYY-MM-DD");
  }
  NRM_CHECK(c.in.Finish());
  if (!IsUuid(in.person_id)) return Fail(ErrorCode::kNotFound, "no such person");
  NRM_TRY(auto consent, d.consents.Create(c.who, in, c.req.request_id));
  return http::JsonResponse(201, ToJson(consent));
}

Result<Response> ListConsents(const Deps& d, Call& c) {
  const auto person = c.in.Query().Text("person_id", 64);
  NRM_CHECK(c.in.Finish());
  if (!person) return FailFields({{"person_id", "required", "person_id is required"}});
  if (!IsUuid(*person)) return Fail(ErrorCode::kNotFound, "no such person");
  NRM_TRY(auto list, d.consents.List(c.who, *person, c.req.request_id));
  return http::Items(list, [](const Consent& x) { return ToJson(x); });
}

Result<Response> WithdrawConsent(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "consent"));
  auto body = c.in.Body();
  const int64_t version = body.Version();
  const std::string reason = body.OptText("reason", kMaxReason).value_or("");
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto consent, d.consents.Withdraw(c.who, id, version, reason, c.req.request_id));
  return http::JsonResponse(200, ToJson(consent));
}

using directory::Holding;
using directory::HoldingAny;
using directory::kNoBody;
using directory::kSmallBody;
using directory::SignedIn;
constexpr size_t kStateBody = 4 * 1024;    // a version and ids
constexpr size_t kReasonBody = 16 * 1024;  // ...and a reason or purpose
// Attachments travel as base64 strings inside the referral.
constexpr http::JsonLimits kReferralJson{.max_string_bytes = kMaxBase64};

// Creating needs the capability of its kind (referrals.create to the SPU,
// placements.create onward): a caller with neither is refused before its body
// is read. The state changes are guarded by the caller's relation to the
// referral in the service, so that a non-party gets 404 as for a read.
const directory::Endpoint<Deps> kEndpoints[] = {
    {"GET", "/api/v1/indicators", SignedIn(), kNoBody, Indicators},
    {"POST", "/api/v1/screenings", Holding(kCapScreen), kSmallBody, CreateScreening},
    {"GET", "/api/v1/screenings/{id}", SignedIn(), kNoBody, GetScreening},
    {"POST", "/api/v1/referrals", HoldingAny(kCapRefer, kCapPlace), kReferralBodyLimit, CreateReferral, kReferralJson},
    {"GET", "/api/v1/referrals", SignedIn(), kNoBody, ListReferrals},
    {"GET", "/api/v1/referrals/{id}", SignedIn(), kNoBody, GetReferral},
    {"GET", "/api/v1/referrals/{id}/attachments/{attachment_id}", SignedIn(), kNoBody, GetAttachment},
    {"POST", "/api/v1/referrals/{id}/acknowledge", SignedIn(), kStateBody, Acknowledge},
    {"POST", "/api/v1/referrals/{id}/accept", SignedIn(), kStateBody, Accept},
    {"POST", "/api/v1/referrals/{id}/decline", SignedIn(), kReasonBody, Decline},
    {"POST", "/api/v1/referrals/{id}/revoke", SignedIn(), kReasonBody, Revoke},
    {"POST", "/api/v1/referrals/{id}/close", SignedIn(), kReasonBody, Close},
    {"POST", "/api/v1/consents", Holding(kCapPlace), kReasonBody, CreateConsent},
    {"GET", "/api/v1/consents", Holding(kCapPlace), kNoBody, ListConsents},
    {"POST", "/api/v1/consents/{id}/withdraw", Holding(kCapPlace), kReasonBody, WithdrawConsent},
};

}  // namespace

void RegisterRoutes(http::Router& router, ScreeningService& screenings, ReferralService& referrals,
                    ConsentService& consents, directory::Directory& dir) {
  directory::RegisterEndpoints(router, dir, Deps{screenings, referrals, consents, dir.clock()}, kEndpoints);
}

}  // namespace nrm::referral
