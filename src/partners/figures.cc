// A year's figures for the annual report (PartnersService, part 4): sums and
// counts in SQL, so the report never loads a donor's pledges one by one.
#include <algorithm>
#include <map>

#include "directory/lookup.h"
#include "partners/service.h"

namespace nrm::partners {

Result<YearFigures> PartnersService::Figures(int year) {
  YearFigures f;
  f.year = year;
  const std::string y = std::to_string(year);
  const std::string first = y + "-01-01", last = y + "-12-31", prefix = y + "-%";
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto needs = t.Query(
      "SELECT n.id, n.type, n.title_az, n.title_en, n.plan_item_id, n.measure, n.currency, n.unit, n.required, "
      "n.status, "
      "COALESCE((SELECT CAST(SUM(p.amount) AS BIGINT) FROM pledges p WHERE p.need_id = n.id AND p.status = 'pledged'), "
      "0), "
      "COALESCE((SELECT CAST(SUM(d.amount) AS BIGINT) FROM deliveries d JOIN pledges p ON p.id = d.pledge_id "
      "WHERE p.need_id = n.id), 0) FROM needs n WHERE n.created_at < ? ORDER BY n.created_at, n.id",
      {civil::YearEndMillis(year)});
  if (!needs) return tl::unexpected(needs.error());
  std::map<std::pair<std::string, std::string>, GapLine> totals;
  for (const auto& r : *needs) {
    Need n;
    n.id = r.Text(0);
    n.type = r.Text(1);
    n.title_az = r.Text(2);
    n.title_en = r.Text(3);
    n.plan_item_id = r.OptText(4);
    n.measure = r.Text(5);
    n.currency = r.OptText(6);
    n.unit = r.OptText(7);
    n.required = r.Int(8);
    n.status = r.Text(9);
    n.pledged = r.Int(10);
    n.delivered = r.Int(11);
    if (n.status != "cancelled") {
      GapLine& l = totals[{n.measure, n.measure == "money" ? n.currency.value_or("") : n.unit.value_or("")}];
      l.measure = n.measure;
      l.currency = n.currency;
      l.unit = n.unit;
      l.needs += 1;
      l.required += n.required;
      l.pledged += n.pledged;
      l.delivered += n.delivered;
      l.gap += n.Gap();
    }
    f.needs.push_back(std::move(n));
  }
  for (auto& [k, v] : totals) f.totals.push_back(v);

  auto counts = t.Query(
      "SELECT (SELECT count(*) FROM donors WHERE active = 1), "
      "(SELECT count(*) FROM pledges p JOIN needs n ON n.id = p.need_id WHERE p.status = 'pledged' AND n.created_at < "
      "?), "
      "(SELECT count(*) FROM deliveries WHERE delivered_on LIKE ?), "
      "(SELECT count(*) FROM training_events WHERE starts_on LIKE ?), "
      "(SELECT count(*) FROM training_evaluations v JOIN training_events e ON e.id = v.event_id WHERE e.starts_on LIKE "
      "?), "
      "(SELECT CAST(SUM(v.score) AS BIGINT) FROM training_evaluations v JOIN training_events e ON e.id = v.event_id "
      " WHERE e.starts_on LIKE ?), "
      "(SELECT count(*) FROM training_needs WHERE status <> 'met'), "
      "(SELECT CAST(COALESCE(SUM(people_count), 0) AS BIGINT) FROM training_needs WHERE status <> 'met'), "
      "(SELECT count(*) FROM awareness_campaigns WHERE starts_on <= ? AND ends_on >= ?)",
      {civil::YearEndMillis(year), prefix, prefix, prefix, prefix, last, first});
  if (!counts) return tl::unexpected(counts.error());
  const auto& c = (*counts)[0];
  f.donors = c.Int(0);
  f.pledges = c.Int(1);
  f.deliveries = c.Int(2);
  f.training_events = c.Int(3);
  f.training_evaluations = c.Int(4);
  if (f.training_evaluations > 0)
    f.training_average_score = static_cast<double>(c.Int(5)) / static_cast<double>(f.training_evaluations);
  f.training_needs_open = c.Int(6);
  f.training_needs_people = c.Int(7);
  f.campaigns = c.Int(8);

  auto by_agency = t.Query(
      "SELECT p.agency_id, CAST(SUM(p.people) AS BIGINT) FROM training_participants p JOIN training_events e ON e.id = "
      "p.event_id WHERE e.starts_on LIKE ? GROUP BY p.agency_id",
      {prefix});
  if (!by_agency) return tl::unexpected(by_agency.error());
  auto agencies = directory::ListAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  std::map<std::string, std::string> code_of;
  for (const auto& a : *agencies) code_of[a.id] = a.code;
  for (const auto& r : *by_agency) {
    auto code = code_of.find(r.Text(0));
    if (code == code_of.end()) continue;  // an id the registry lacks is left out, as a join would
    f.participants_by_agency.emplace_back(code->second, r.Int(1));
    f.training_participants += r.Int(1);
  }
  // Most participants first, then by agency code.
  std::sort(f.participants_by_agency.begin(), f.participants_by_agency.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  auto topics = t.Query("SELECT topics FROM training_events WHERE starts_on LIKE ?", {prefix});
  if (!topics) return tl::unexpected(topics.error());
  std::map<std::string, int64_t> by_topic;
  for (const auto& r : *topics) {
    const std::string s = r.Text(0);
    size_t start = 0;
    while (start < s.size()) {
      size_t comma = s.find(',', start);
      if (comma == std::string::npos) comma = s.size();
      by_topic[s.substr(start, comma - start)] += 1;
      start = comma + 1;
    }
  }
  for (const auto& [k, v] : by_topic) f.events_by_topic.emplace_back(k, v);

  auto kinds = t.Query(
      "SELECT kind, count(*), CAST(SUM(reach) AS BIGINT) FROM awareness_activities WHERE held_on LIKE ? GROUP BY kind "
      "ORDER BY kind",
      {prefix});
  if (!kinds) return tl::unexpected(kinds.error());
  for (const auto& r : *kinds) {
    f.by_kind.push_back({r.Text(0), {r.Int(1), r.Int(2)}});
    f.activities += r.Int(1);
    f.reach += r.Int(2);
  }
  auto regions = t.Query(
      "SELECT region, CAST(SUM(reach) AS BIGINT) FROM awareness_activities WHERE held_on LIKE ? GROUP BY region "
      "ORDER BY 2 DESC, region",
      {prefix});
  if (!regions) return tl::unexpected(regions.error());
  for (const auto& r : *regions) f.reach_by_region.emplace_back(r.Text(0), r.Int(1));
  return f;
}

}  // namespace nrm::partners
