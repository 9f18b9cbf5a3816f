#include "access/json.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace nrm::access {

using nlohmann::json;

namespace {

std::optional<std::string> Ts(const std::optional<int64_t>& t) {
  if (!t) return std::nullopt;
  return FormatRfc3339(*t);
}

json OptJson(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json ClassesJson(const FieldMask& m) {
  json a = json::array();
  for (FieldClass c : m) a.push_back(std::string(FieldClassName(c)));
  return a;
}

}  // namespace

json ToJson(const InformationRequest& q) {
  return json{{"id", q.id},
              {"object_type", q.object_type},
              {"object_id", q.object_id},
              {"object_reference", q.object_reference},
              {"requester_user_id", q.requester_user_id},
              {"requester_agency_id", q.requester_agency_id},
              {"fields", ClassesJson(q.fields)},
              {"purpose", q.purpose},
              {"status", q.status},
              {"decided_by", OptJson(q.decided_by)},
              {"decided_at", OptJson(Ts(q.decided_at))},
              {"decision_reason", q.decision_reason},
              {"grant_id", OptJson(q.grant_id)},
              {"grant_expires_at", OptJson(Ts(q.grant_expires_at))},
              {"created_at", FormatRfc3339(q.created_at)},
              {"version", q.version}};
}

json ToJson(const Relation& r) {
  return json{{"id", r.id},
              {"object_type", r.object_type},
              {"object_id", r.object_id},
              {"relation", r.relation},
              {"kind", std::string(GrantKindName(r.kind))},
              {"fields", ClassesJson(r.field_classes)},
              {"purpose", r.purpose},
              {"expires_at", OptJson(Ts(r.expires_at))},
              {"created_at", FormatRfc3339(r.created_at)}};
}

json ToJson(const Alert& a) {
  return json{{"id", a.id},
              {"kind", a.kind},
              {"actor_user_id", a.actor_user_id},
              {"object_type", a.object_type},
              {"object_id", a.object_id},
              {"detail", a.detail},
              {"created_at", FormatRfc3339(a.created_at)},
              {"acknowledged_by", OptJson(a.acknowledged_by)},
              {"acknowledged_at", OptJson(Ts(a.acknowledged_at))}};
}

json ToJson(const HistoryLine& h) {
  return json{{"seq", h.seq},
              {"at", FormatRfc3339(h.ts)},
              {"action", h.action},
              {"actor_user_id", h.actor_user_id},
              {"actor_agency_id", h.actor_agency_id},
              {"fields", h.field_classes},
              {"grant_ids", h.grant_ids},
              {"purpose", h.purpose},
              {"outcome", h.outcome}};
}

}  // namespace nrm::access
