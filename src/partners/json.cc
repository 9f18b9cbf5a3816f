#include "partners/json.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace nrm::partners {

using nlohmann::json;

namespace {

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
template <class T>
json OptNumber(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}
json Time(int64_t ms) { return FormatRfc3339(ms); }
json Bilingual(const std::string& az, const std::string& en) { return json{{"az", az}, {"en", en}}; }

}  // namespace

json ToJson(const CodeLabel& c) {
  return json{{"code", c.code}, {"label", {{"az", c.az}, {"en", c.en}, {"ru", c.ru}}}};
}

json ToJson(const Need& n) {
  return json{{"id", n.id},
              {"type", n.type},
              {"title", Bilingual(n.title_az, n.title_en)},
              {"description", Bilingual(n.description_az, n.description_en)},
              {"plan_item_id", Opt(n.plan_item_id)},
              {"measure", n.measure},
              {"currency", Opt(n.currency)},
              {"unit", Opt(n.unit)},
              {"required", n.required},
              {"pledged", n.pledged},
              {"delivered", n.delivered},
              {"gap", n.Gap()},
              {"unpledged", n.Unpledged()},
              {"coverage_percent", n.CoveragePercent()},
              {"status", n.status},
              {"version", n.version},
              {"created_at", Time(n.created_at)},
              {"updated_at", Time(n.updated_at)}};
}

json ToJson(const GapLine& l) {
  return json{{"plan_item_id", Opt(l.plan_item_id)},
              {"measure", l.measure},
              {"currency", Opt(l.currency)},
              {"unit", Opt(l.unit)},
              {"needs", l.needs},
              {"required", l.required},
              {"pledged", l.pledged},
              {"delivered", l.delivered},
              {"gap", l.gap}};
}

json ToJson(const Gaps& g) {
  json by_item = json::array(), totals = json::array();
  for (const auto& l : g.by_plan_item) by_item.push_back(ToJson(l));
  for (const auto& l : g.totals) totals.push_back(ToJson(l));
  return json{{"by_plan_item", by_item}, {"totals", totals}};
}

json ToJson(const Donor& d) {
  return json{{"id", d.id},
              {"name", Bilingual(d.name_az, d.name_en)},
              {"kind", d.kind},
              {"country", Opt(d.country)},
              {"active", d.active},
              {"version", d.version},
              {"created_at", Time(d.created_at)},
              {"updated_at", Time(d.updated_at)}};
}

json ToJson(const DonorMember& m) {
  return json{
      {"user_id", m.user_id}, {"username", m.username}, {"donor_id", m.donor_id}, {"created_at", Time(m.created_at)}};
}

json ToJson(const Pledge& p) {
  return json{{"id", p.id},
              {"need_id", p.need_id},
              {"donor_id", p.donor_id},
              {"measure", p.measure},
              {"currency", Opt(p.currency)},
              {"unit", Opt(p.unit)},
              {"amount", p.amount},
              {"delivered", p.delivered},
              {"status", p.status},
              {"note", p.note},
              {"version", p.version},
              {"created_at", Time(p.created_at)},
              {"updated_at", Time(p.updated_at)}};
}

json ToJson(const Delivery& d) {
  return json{{"id", d.id},           {"pledge_id", d.pledge_id},
              {"need_id", d.need_id}, {"donor_id", d.donor_id},
              {"amount", d.amount},   {"delivered_on", d.delivered_on},
              {"note", d.note},       {"created_at", Time(d.created_at)}};
}

json ToJson(const TrainingNeed& n) {
  return json{{"id", n.id},
              {"agency_id", n.agency_id},
              {"role", n.role},
              {"topic", n.topic},
              {"people_count", n.people_count},
              {"priority", n.priority},
              {"note", n.note},
              {"status", n.status},
              {"version", n.version},
              {"created_at", Time(n.created_at)},
              {"updated_at", Time(n.updated_at)}};
}

json ToJson(const TrainingEvent& e) {
  json parts = json::array();
  for (const auto& p : e.participants) parts.push_back(json{{"agency_id", p.agency_id}, {"count", p.count}});
  return json{{"id", e.id},
              {"title", Bilingual(e.title_az, e.title_en)},
              {"topics", e.topics},
              {"starts_on", e.starts_on},
              {"ends_on", e.ends_on},
              {"organiser_agency_id", e.organiser_agency_id},
              {"funding_donor_id", Opt(e.funding_donor_id)},
              {"location", e.location},
              {"participants", parts},
              {"participants_total", e.ParticipantsTotal()},
              {"names_recorded", false},
              {"evaluations", e.evaluations},
              {"average_score", OptNumber(e.average_score)},
              {"version", e.version},
              {"created_at", Time(e.created_at)},
              {"updated_at", Time(e.updated_at)}};
}

json ToJson(const TrainingEvaluation& v) {
  return json{{"id", v.id},       {"event_id", v.event_id}, {"agency_id", v.agency_id},
              {"score", v.score}, {"comment", v.comment},   {"created_at", Time(v.created_at)}};
}

json ToJson(const AwarenessActivity& a) {
  return json{{"id", a.id},         {"campaign_id", a.campaign_id},    {"kind", a.kind},       {"audience", a.audience},
              {"region", a.region}, {"region_text", a.region_text},    {"held_on", a.held_on}, {"reach", a.reach},
              {"note", a.note},     {"created_at", Time(a.created_at)}};
}

json ToJson(const AwarenessCampaign& c, bool with_activities) {
  json j{{"id", c.id},
         {"title", Bilingual(c.title_az, c.title_en)},
         {"starts_on", c.starts_on},
         {"ends_on", c.ends_on},
         {"lead_agency_id", c.lead_agency_id},
         {"partner_donor_id", Opt(c.partner_donor_id)},
         {"evaluation", c.evaluation},
         {"evaluation_score", OptNumber(c.evaluation_score)},
         {"activity_count", c.activity_count},
         {"reach_total", c.reach_total},
         {"version", c.version},
         {"created_at", Time(c.created_at)},
         {"updated_at", Time(c.updated_at)}};
  if (with_activities) {
    json acts = json::array();
    for (const auto& a : c.activities) acts.push_back(ToJson(a));
    j["activities"] = acts;
  }
  return j;
}

}  // namespace nrm::partners
