#include "referral/routes.h"

#include "core/civil_date.h"
#include "core/ids.h"
#include "directory/routes.h"
#include "http/json.h"
#include "http/problem.h"
#include "referral/attachment.h"

namespace nrm::referral {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json Opt(const std::optional<int64_t>& t) { return t ? json(FormatRfc3339(*t)) : json(nullptr); }
json Opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json Classes(const access::FieldMask& m) {
  json a = json::array();
  for (auto c : m) a.push_back(std::string(access::FieldClassName(c)));
  return a;
}

const char* ViewName(View v) {
  switch (v) {
    case View::kFull: return "full";
    case View::kRecipient: return "recipient";
    case View::kStatus: return "status";
  }
  return "status";
}

json ReferralJson(const Referral& r, int64_t now) {
  json j{{"id", r.id},
         {"reference", r.reference},
         {"kind", Name(r.kind)},
         {"status", Name(r.status)},
         {"view", ViewName(r.view)},
         {"version", r.version},
         {"from_agency_id", r.from_agency_id},
         {"to_agency_id", r.to_agency_id},
         {"created_by", r.created_by},
         {"created_at", FormatRfc3339(r.created_at)},
         {"updated_at", FormatRfc3339(r.updated_at)},
         {"server_time", FormatRfc3339(now)},
         {"decline_reason", Opt(r.decline_reason)},
         {"decided_at", Opt(r.decided_at)}};
  if (r.kind == ReferralKind::kSpu) {
    j["ack_due_at"] = Opt(r.ack_due_at);
    j["decision_due_at"] = Opt(r.decision_due_at);
    j["acknowledged_at"] = Opt(r.acknowledged_at);
    j["ack_overdue"] = r.ack_overdue;
    j["decision_overdue"] = r.decision_overdue;
    j["ack_escalated_at"] = Opt(r.ack_escalated_at);
    j["decision_escalated_at"] = Opt(r.decision_escalated_at);
  } else {
    j["end_reason"] = Opt(r.end_reason);
  }
  if (!r.possible_matches.empty()) {
    json m = json::array();
    for (const auto& x : r.possible_matches)
      m.push_back({{"agency_id", x.agency_id},
                   {"agency_code", x.agency_code},
                   {"agency_name", {{"az", x.agency_name.az}, {"en", x.agency_name.en}, {"ru", x.agency_name.ru}}},
                   {"match_token", x.match_token}});
    j["possible_matches"] = m;
  }
  if (r.view == View::kStatus) return j;
  j["person_id"] = r.person_id;
  j["person_reference"] = r.person_reference;
  if (r.kind == ReferralKind::kOnward) {
    j["service"] = r.service;
    j["field_classes"] = Classes(r.field_classes);
    j["purpose"] = r.purpose;
    if (r.view == View::kFull) {
      j["consent_id"] = Opt(r.consent_id);
      j["consent_override"] = r.consent_override;
    }
    return j;
  }
  if (r.screening)
    j["screening"] = json{{"id", r.screening->id},
                          {"reference", r.screening->reference},
                          {"indicators", r.screening->indicators},
                          {"forms_of_exploitation", r.screening->forms_of_exploitation},
                          {"outcome", r.screening->outcome}};
  j["case_id"] = Opt(r.case_id);
  j["case_reference"] = Opt(r.case_reference);
  j["assignee_user_id"] = Opt(r.assignee_user_id);
  if (r.circumstances) j["circumstances"] = *r.circumstances;
  if (r.circumstances || !r.attachments.empty()) {
    json files = json::array();
    for (const auto& a : r.attachments)
      files.push_back(
          {{"id", a.id}, {"filename", a.filename}, {"content_type", a.content_type}, {"size_bytes", a.size_bytes}});
    j["attachments"] = files;
  }
  return j;
}

json ScreeningJson(const Screening& s) {
  json j{{"id", s.id},
         {"reference", s.reference},
         {"agency_id", s.agency_id},
         {"created_by", s.created_by},
         {"indicators", s.indicators},
         {"forms_of_exploitation", s.forms_of_exploitation},
         {"outcome", s.outcome},
         {"referral_id", Opt(s.referral_id)},
         {"created_at", FormatRfc3339(s.created_at)}};
  if (s.notes) j["notes"] = *s.notes;
  return j;
}

json ConsentJson(const Consent& c) {
  json j{{"id", c.id},
         {"person_id", c.person_id},
         {"recipient_agency_id", c.recipient_agency_id},
         {"field_classes", Classes(c.field_classes)},
         {"purpose", c.purpose},
         {"valid_until", FormatRfc3339(c.valid_until)},
         {"status", Name(c.status)},
         {"recorded_by", c.recorded_by},
         {"recorded_by_agency_id", c.recorded_by_agency_id},
         {"created_at", FormatRfc3339(c.created_at)},
         {"withdrawn_at", Opt(c.withdrawn_at)},
         {"version", c.version}};
  if (!c.revoked_referral_ids.empty() || c.status == ConsentStatus::kWithdrawn)
    j["revoked_referral_ids"] = c.revoked_referral_ids;
  return j;
}

Result<std::vector<std::string>> StringList(const json& body, const char* field, bool required, size_t max_items) {
  std::vector<std::string> out;
  if (!body.contains(field) || body[field].is_null()) {
    if (required) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " is required");
    return out;
  }
  const json& a = body[field];
  if (!a.is_array()) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be an array of codes");
  if (a.size() > max_items) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " has too many items");
  for (const auto& e : a) {
    if (!e.is_string() || e.get<std::string>().size() > 200)
      return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be an array of codes");
    out.push_back(e.get<std::string>());
  }
  return out;
}

Result<access::FieldMask> ClassList(const json& body, const char* field) {
  auto names = StringList(body, field, true, 10);
  if (!names) return tl::unexpected(names.error());
  access::FieldMask m;
  for (const auto& n : *names) {
    auto c = access::ParseFieldClass(n);
    if (!c) return Fail(ErrorCode::kInvalidArgument, std::string(field) + ": unknown field class " + n.substr(0, 40));
    m.insert(*c);
  }
  return m;
}

Result<int64_t> Version(const json& body) {
  if (!body.contains("version") || !body["version"].is_number_integer() || body["version"].get<int64_t>() < 1)
    return Fail(ErrorCode::kInvalidArgument, "version is required (the version you last read)");
  return body["version"].get<int64_t>();
}

// {"identity": {...}, "contact": {...}} as POST /api/v1/persons takes it.
Result<people::PersonInput> PersonFrom(const json& body) {
  if (!body.is_object()) return Fail(ErrorCode::kInvalidArgument, "person must be an object of field groups");
  people::PersonInput in;
  for (const auto& [key, value] : body.items()) {
    auto cls = access::ParseFieldClass(key);
    if (!cls || *cls == access::FieldClass::kReference || *cls == access::FieldClass::kInvestigation)
      return Fail(ErrorCode::kInvalidArgument, "unknown field: person." + key.substr(0, 40));
    if (!value.is_object())
      return Fail(ErrorCode::kInvalidArgument, "person." + key + " must be an object of text fields");
    people::FieldGroup g;
    for (const auto& [k, v] : value.items()) {
      if (!v.is_string())
        return Fail(ErrorCode::kInvalidArgument, "person." + key + "." + k.substr(0, 40) + " must be text");
      g[k] = v.get<std::string>();
    }
    in.groups[*cls] = std::move(g);
  }
  return in;
}

// The Idempotency-Key header claimed for `who` and this body; nullopt when
// the header is absent. kInvalidArgument for a malformed key.
Result<std::optional<IdempotencyClaim>> ClaimFrom(const IdempotencyKeys& keys, const Request& req,
                                                  const directory::Principal& who, const char* scope,
                                                  const json& body) {
  const std::string key = req.Header("Idempotency-Key");
  if (key.empty()) return std::optional<IdempotencyClaim>();
  auto claim = keys.Claim(who.user_id, scope, key, body.dump(-1, ' ', false, json::error_handler_t::replace));
  if (!claim) return tl::unexpected(claim.error());
  return std::optional<IdempotencyClaim>(std::move(*claim));
}

// The resource an earlier request with this key created, if any (kConflict
// if the key came with another body).
Result<std::optional<std::string>> Replayed(const IdempotencyKeys& keys, const std::optional<IdempotencyClaim>& claim) {
  if (!claim) return std::optional<std::string>();
  return keys.Find(*claim);
}

Response Created(const json& body, const std::string& location, bool replayed) {
  Response res = http::Created(body, location);
  if (replayed) res.AddHeader("Idempotency-Replayed", "true");
  return res;
}

Result<std::string> PathId(const Request& req, const char* name = "id") {
  std::string id = req.Param(name);
  if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, "no such record");
  return id;
}

}  // namespace

void RegisterRoutes(http::Router& router, ScreeningService& screenings, ReferralService& referrals,
                    ConsentService& consents, directory::Directory& dir) {
  const http::RouteLimits small{.max_body_bytes = 64 * 1024, .max_header_bytes = 16 * 1024};
  const http::RouteLimits referral_limits{.max_body_bytes = kReferralBodyLimit, .max_header_bytes = 16 * 1024};
  const Clock& clock = dir.clock();

  router.Add("GET", "/api/v1/indicators", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               Response res = Response::Json(200, screenings.catalogue().json());
               res.AddHeader("Cache-Control", "private, max-age=3600");
               return res;
             }),
             small);

  router.Add(
      "POST", "/api/v1/screenings", http::ResultHandler([&](Request& req) -> Result<Response> {
        auto p = directory::RequirePrincipal(dir, req, kCapScreen);
        if (!p) return tl::unexpected(p.error());
        auto body = http::ParseJsonObject(req);
        if (!body) return tl::unexpected(body.error());
        auto claim = ClaimFrom(screenings.idempotency(), req, *p, "screening", *body);
        if (!claim) return tl::unexpected(claim.error());
        auto replay = [&]() -> Result<std::optional<Response>> {
          auto prior = Replayed(screenings.idempotency(), *claim);
          if (!prior) return tl::unexpected(prior.error());
          if (!*prior) return std::optional<Response>();
          auto s = screenings.Get(*p, **prior, req.request_id);
          if (!s) return tl::unexpected(s.error());
          return std::optional<Response>(Created(ScreeningJson(*s), "/api/v1/screenings/" + s->id, true));
        };
        if (auto r = replay(); !r || *r) return r ? std::move(**r) : Result<Response>(tl::unexpected(r.error()));
        if (auto s = http::RejectUnknownFields(*body, {"indicators", "forms_of_exploitation", "outcome", "notes"}); !s)
          return tl::unexpected(s.error());
        ScreeningInput in;
        auto ind = StringList(*body, "indicators", true, 300);
        if (!ind) return tl::unexpected(ind.error());
        auto forms = StringList(*body, "forms_of_exploitation", false, 20);
        if (!forms) return tl::unexpected(forms.error());
        auto outcome = http::RequiredString(*body, "outcome", 64);
        if (!outcome) return tl::unexpected(outcome.error());
        auto notes = http::OptionalString(*body, "notes", kMaxNotesBytes);
        if (!notes) return tl::unexpected(notes.error());
        in.indicators = *ind;
        in.forms_of_exploitation = *forms;
        in.outcome = *outcome;
        in.notes = notes->value_or("");
        auto s = screenings.Create(*p, in, req.request_id, *claim ? &**claim : nullptr);
        if (!s && *claim && s.error().code == ErrorCode::kAlreadyExists) {
          // A concurrent request with the same key committed first: answer with its screening.
          if (auto r = replay(); r && *r) return std::move(**r);
        }
        if (!s) return tl::unexpected(s.error());
        return Created(ScreeningJson(*s), "/api/v1/screenings/" + s->id, false);
      }),
      small);

  router.Add("GET", "/api/v1/screenings/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = PathId(req);
               if (!id) return tl::unexpected(id.error());
               auto s = screenings.Get(*p, *id, req.request_id);
               if (!s) return tl::unexpected(s.error());
               return http::JsonResponse(200, ScreeningJson(*s));
             }),
             small);

  router.Add(
      "POST", "/api/v1/referrals", http::ResultHandler([&](Request& req) -> Result<Response> {
        auto p = directory::RequirePrincipal(dir, req, nullptr);
        if (!p) return tl::unexpected(p.error());
        auto body = http::ParseJsonObject(req);
        if (!body) return tl::unexpected(body.error());
        auto claim = ClaimFrom(referrals.idempotency(), req, *p, "referral", *body);
        if (!claim) return tl::unexpected(claim.error());
        const IdempotencyClaim* idem = *claim ? &**claim : nullptr;
        auto replay = [&]() -> Result<std::optional<Response>> {
          auto prior = Replayed(referrals.idempotency(), *claim);
          if (!prior) return tl::unexpected(prior.error());
          if (!*prior) return std::optional<Response>();
          auto r = referrals.Get(*p, **prior, req.request_id);
          if (!r) return tl::unexpected(r.error());
          return std::optional<Response>(
              Created(ReferralJson(*r, clock.NowMillis()), "/api/v1/referrals/" + r->id, true));
        };
        if (auto r = replay(); !r || *r) return r ? std::move(**r) : Result<Response>(tl::unexpected(r.error()));
        auto kind = http::RequiredString(*body, "kind", 16);
        if (!kind) return tl::unexpected(kind.error());
        Result<Referral> r = Fail(ErrorCode::kInvalidArgument, "kind must be spu or onward");
        if (*kind == "spu") {
          if (auto s = http::RejectUnknownFields(
                  *body, {"kind", "screening_id", "person", "person_id", "circumstances", "attachments", "photo"});
              !s)
            return tl::unexpected(s.error());
          ReferralToSpuInput in;
          auto sid = http::RequiredString(*body, "screening_id", 64);
          if (!sid) return tl::unexpected(sid.error());
          in.screening_id = *sid;
          auto pid = http::OptionalString(*body, "person_id", 64);
          if (!pid) return tl::unexpected(pid.error());
          in.person_id = *pid;
          if (body->contains("person") && !(*body)["person"].is_null()) {
            auto person = PersonFrom((*body)["person"]);
            if (!person) return tl::unexpected(person.error());
            in.person = *person;
          }
          auto circ = http::RequiredString(*body, "circumstances", kMaxNotesBytes);
          if (!circ) return tl::unexpected(circ.error());
          in.circumstances = *circ;
          if (body->contains("attachments") && !(*body)["attachments"].is_null()) {
            const json& a = (*body)["attachments"];
            if (!a.is_array()) return Fail(ErrorCode::kInvalidArgument, "attachments must be an array");
            if (a.size() > kMaxAttachments)
              return Fail(ErrorCode::kInvalidArgument, "at most " + std::to_string(kMaxAttachments) + " attachments");
            for (size_t i = 0; i < a.size(); ++i) {
              const std::string where = "attachments/" + std::to_string(i);
              if (!a[i].is_object()) return Fail(ErrorCode::kInvalidArgument, where + " must be an object");
              if (auto s = http::RejectUnknownFields(a[i], {"filename", "content_type", "data_base64"}); !s)
                return Fail(ErrorCode::kInvalidArgument, where + ": " + s.error().message);
              auto fn = http::RequiredString(a[i], "filename", 400);
              auto ct = http::RequiredString(a[i], "content_type", 100);
              auto data = http::RequiredString(a[i], "data_base64", kReferralBodyLimit);
              if (!fn) return Fail(ErrorCode::kInvalidArgument, where + ": " + fn.error().message);
              if (!ct) return Fail(ErrorCode::kInvalidArgument, where + ": " + ct.error().message);
              if (!data) return Fail(ErrorCode::kInvalidArgument, where + ": " + data.error().message);
              in.attachments.push_back(AttachmentInput{*fn, *ct, *data});
            }
          }
          if (body->contains("photo") && !(*body)["photo"].is_null()) {
            const json& ph = (*body)["photo"];
            if (!ph.is_object()) return Fail(ErrorCode::kInvalidArgument, "photo must be an object");
            if (auto s = http::RejectUnknownFields(ph, {"content_type", "data_base64"}); !s)
              return Fail(ErrorCode::kInvalidArgument, "photo: " + s.error().message);
            auto ct = http::RequiredString(ph, "content_type", 100);
            auto data = http::RequiredString(ph, "data_base64", (people::kMaxPhotoBytes / 3 + 2) * 4);
            if (!ct) return Fail(ErrorCode::kInvalidArgument, "photo: " + ct.error().message);
            if (!data) return Fail(ErrorCode::kInvalidArgument, "photo: " + data.error().message);
            in.photo = PhotoInput{*ct, *data};
          }
          r = referrals.CreateToSpu(*p, in, req.request_id, idem);
        } else if (*kind == "onward") {
          if (auto s = http::RejectUnknownFields(*body, {"kind", "person_id", "recipient_agency_id", "service",
                                                         "field_classes", "purpose", "consent_id", "override_reason"});
              !s)
            return tl::unexpected(s.error());
          OnwardReferralInput in;
          auto pid = http::RequiredString(*body, "person_id", 64);
          auto to = http::RequiredString(*body, "recipient_agency_id", 64);
          auto service = http::RequiredString(*body, "service", 32);
          auto purpose = http::RequiredString(*body, "purpose", 4000);
          auto consent = http::OptionalString(*body, "consent_id", 64);
          auto reason = http::OptionalString(*body, "override_reason", 4000);
          auto classes = ClassList(*body, "field_classes");
          for (const Error* e :
               {pid ? nullptr : &pid.error(), to ? nullptr : &to.error(), service ? nullptr : &service.error(),
                purpose ? nullptr : &purpose.error(), consent ? nullptr : &consent.error(),
                reason ? nullptr : &reason.error(), classes ? nullptr : &classes.error()})
            if (e) return tl::unexpected(*e);
          in.person_id = *pid;
          in.recipient_agency = *to;
          in.service = *service;
          in.purpose = *purpose;
          in.consent_id = *consent;
          in.override_reason = *reason;
          in.field_classes = *classes;
          r = referrals.CreateOnward(*p, in, req.request_id, idem);
        }
        if (!r && idem && r.error().code == ErrorCode::kAlreadyExists) {
          // A concurrent request with the same key committed first: answer with its referral.
          if (auto again = replay(); again && *again) return std::move(**again);
        }
        if (!r) return tl::unexpected(r.error());
        return Created(ReferralJson(*r, clock.NowMillis()), "/api/v1/referrals/" + r->id, false);
      }),
      referral_limits);

  router.Add(
      "GET", "/api/v1/referrals", http::ResultHandler([&](Request& req) -> Result<Response> {
        auto p = directory::RequirePrincipal(dir, req, nullptr);
        if (!p) return tl::unexpected(p.error());
        ListQuery q;
        if (auto b = req.QueryParam("box")) q.box = *b;
        if (q.box.empty() && req.QueryParam("box"))
          return Fail(ErrorCode::kInvalidArgument, "box must be intake, sent or onward");
        if (auto s = req.QueryParam("status")) {
          if (*s != "open" && *s != "all") return Fail(ErrorCode::kInvalidArgument, "status must be open or all");
          q.open_only = *s == "open";
        }
        if (auto l = req.QueryParam("limit")) {
          char* end = nullptr;
          const long v = std::strtol(l->c_str(), &end, 10);
          if (l->empty() || *end || v < 1 || v > 200) return Fail(ErrorCode::kInvalidArgument, "limit must be 1..200");
          q.limit = static_cast<int>(v);
        }
        auto list = referrals.List(*p, q);
        if (!list) return tl::unexpected(list.error());
        const int64_t now = clock.NowMillis();
        json items = json::array();
        for (const auto& r : list->items) items.push_back(ReferralJson(r, now));
        return http::JsonResponse(200, json{{"items", items}, {"box", list->box}, {"server_time", FormatRfc3339(now)}});
      }),
      small);

  router.Add("GET", "/api/v1/referrals/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = PathId(req);
               if (!id) return tl::unexpected(id.error());
               auto r = referrals.Get(*p, *id, req.request_id);
               if (!r) return tl::unexpected(r.error());
               return http::JsonResponse(200, ReferralJson(*r, clock.NowMillis()));
             }),
             small);

  router.Add("GET", "/api/v1/referrals/{id}/attachments/{attachment_id}",
             http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = PathId(req);
               if (!id) return tl::unexpected(id.error());
               auto att = PathId(req, "attachment_id");
               if (!att) return tl::unexpected(att.error());
               auto f = referrals.Attachment(*p, *id, *att, req.request_id);
               if (!f) return tl::unexpected(f.error());
               Response res;
               res.status = 200;
               res.content_type = f->content_type;
               res.body.assign(f->bytes.begin(), f->bytes.end());
               // The file name may name a person: it stays out of headers and logs.
               res.AddHeader("Content-Disposition", "attachment");
               res.AddHeader("Cache-Control", "no-store");
               return res;
             }),
             small);

  // State changes share one shape: a JSON body with the version read.
  auto change = [&](const char* path, std::vector<std::string> fields, auto step) {
    router.Add("POST", path, http::ResultHandler([&dir, &clock, fields, step](Request& req) -> Result<Response> {
                 auto p = directory::RequirePrincipal(dir, req, nullptr);
                 if (!p) return tl::unexpected(p.error());
                 auto id = PathId(req);
                 if (!id) return tl::unexpected(id.error());
                 auto body = http::ParseJsonObject(req);
                 if (!body) return tl::unexpected(body.error());
                 for (const auto& [key, value] : body->items()) {
                   (void)value;
                   bool known = false;
                   for (const auto& f : fields) known = known || key == f;
                   if (!known) return Fail(ErrorCode::kInvalidArgument, "unknown field: " + key.substr(0, 64));
                 }
                 auto version = Version(*body);
                 if (!version) return tl::unexpected(version.error());
                 Result<Referral> r = step(*p, *id, *version, *body, req.request_id);
                 if (!r) return tl::unexpected(r.error());
                 return http::JsonResponse(200, ReferralJson(*r, clock.NowMillis()));
               }),
               small);
  };
  auto reason_of = [](const json& body, bool required) -> Result<std::string> {
    auto r = required ? http::RequiredString(body, "reason", 4000)
                      : http::OptionalString(body, "reason", 4000).map([](auto o) { return o.value_or(""); });
    return r;
  };
  change("/api/v1/referrals/{id}/acknowledge", {"version"},
         [&referrals](const directory::Principal& p, const std::string& id, int64_t v, const json&,
                      const std::string& rid) { return referrals.Acknowledge(p, id, v, rid); });
  change("/api/v1/referrals/{id}/accept", {"version", "case_id", "assignee_user_id"},
         [&referrals](const directory::Principal& p, const std::string& id, int64_t v, const json& body,
                      const std::string& rid) -> Result<Referral> {
           AcceptInput in;
           in.version = v;
           auto c = http::OptionalString(body, "case_id", 64);
           auto a = http::OptionalString(body, "assignee_user_id", 64);
           if (!c) return tl::unexpected(c.error());
           if (!a) return tl::unexpected(a.error());
           in.case_id = *c;
           in.assignee_user_id = *a;
           return referrals.Accept(p, id, in, rid);
         });
  change("/api/v1/referrals/{id}/decline", {"version", "reason"},
         [&referrals, reason_of](const directory::Principal& p, const std::string& id, int64_t v, const json& body,
                                 const std::string& rid) -> Result<Referral> {
           auto why = reason_of(body, true);
           if (!why) return tl::unexpected(why.error());
           return referrals.Decline(p, id, v, *why, rid);
         });
  change("/api/v1/referrals/{id}/revoke", {"version", "reason"},
         [&referrals, reason_of](const directory::Principal& p, const std::string& id, int64_t v, const json& body,
                                 const std::string& rid) -> Result<Referral> {
           auto why = reason_of(body, true);
           if (!why) return tl::unexpected(why.error());
           return referrals.Revoke(p, id, v, *why, rid);
         });
  change("/api/v1/referrals/{id}/close", {"version", "reason"},
         [&referrals, reason_of](const directory::Principal& p, const std::string& id, int64_t v, const json& body,
                                 const std::string& rid) -> Result<Referral> {
           auto why = reason_of(body, false);
           if (!why) return tl::unexpected(why.error());
           return referrals.Close(p, id, v, *why, rid);
         });

  router.Add("POST", "/api/v1/consents", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, kCapPlace);
               if (!p) return tl::unexpected(p.error());
               auto body = http::ParseJsonObject(req);
               if (!body) return tl::unexpected(body.error());
               if (auto s = http::RejectUnknownFields(
                       *body, {"person_id", "recipient_agency_id", "field_classes", "purpose", "valid_until"});
                   !s)
                 return tl::unexpected(s.error());
               auto pid = http::RequiredString(*body, "person_id", 64);
               auto to = http::RequiredString(*body, "recipient_agency_id", 64);
               auto purpose = http::RequiredString(*body, "purpose", 4000);
               auto until = http::RequiredString(*body, "valid_until", 64);
               auto classes = ClassList(*body, "field_classes");
               for (const Error* e :
                    {pid ? nullptr : &pid.error(), to ? nullptr : &to.error(), purpose ? nullptr : &purpose.error(),
                     until ? nullptr : &until.error(), classes ? nullptr : &classes.error()})
                 if (e) return tl::unexpected(*e);
               if (!IsUuid(*pid)) return Fail(ErrorCode::kNotFound, "no such person");
               auto when = civil::ParseInstantOrDate(*until);
               if (!when)
                 return Fail(ErrorCode::kInvalidArgument, "valid_until must be an RFC 3339 date-time or YYYY-MM-DD");
               ConsentInput in{*pid, *to, *classes, *purpose, *when};
               auto c = consents.Create(*p, in, req.request_id);
               if (!c) return tl::unexpected(c.error());
               Response res = http::JsonResponse(201, ConsentJson(*c));
               return res;
             }),
             small);

  router.Add("GET", "/api/v1/consents", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, kCapPlace);
               if (!p) return tl::unexpected(p.error());
               auto pid = req.QueryParam("person_id");
               if (!pid) return Fail(ErrorCode::kInvalidArgument, "person_id is required");
               if (!IsUuid(*pid)) return Fail(ErrorCode::kNotFound, "no such person");
               auto list = consents.List(*p, *pid, req.request_id);
               if (!list) return tl::unexpected(list.error());
               json items = json::array();
               for (const auto& c : *list) items.push_back(ConsentJson(c));
               return http::JsonResponse(200, json{{"items", items}});
             }),
             small);

  router.Add("POST", "/api/v1/consents/{id}/withdraw", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, kCapPlace);
               if (!p) return tl::unexpected(p.error());
               auto id = PathId(req);
               if (!id) return tl::unexpected(id.error());
               auto body = http::ParseJsonObject(req);
               if (!body) return tl::unexpected(body.error());
               if (auto s = http::RejectUnknownFields(*body, {"version", "reason"}); !s)
                 return tl::unexpected(s.error());
               auto version = Version(*body);
               if (!version) return tl::unexpected(version.error());
               auto why = http::OptionalString(*body, "reason", 4000);
               if (!why) return tl::unexpected(why.error());
               auto c = consents.Withdraw(*p, *id, *version, why->value_or(""), req.request_id);
               if (!c) return tl::unexpected(c.error());
               return http::JsonResponse(200, ConsentJson(*c));
             }),
             small);
}

}  // namespace nrm::referral
