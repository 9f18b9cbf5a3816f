#include "reports/gather.h"

#include <map>
#include <set>

#include "partners/catalogue.h"
#include "reports/labels.h"

namespace nrm::reports {

namespace {

StatusCounts From(const plan::TaskCounts& c) {
  return StatusCounts{c.total, c.not_started, c.in_progress, c.done, c.blocked, c.overdue};
}

void AddTo(StatusCounts& a, const StatusCounts& b) {
  a.total += b.total;
  a.not_started += b.not_started;
  a.in_progress += b.in_progress;
  a.done += b.done;
  a.blocked += b.blocked;
  a.overdue += b.overdue;
}

std::string Pick(const plan::Text& t, const std::string& lang) {
  if (lang == "az") return t.az.value_or(t.en.value_or(""));
  return t.en.value_or(t.az.value_or(""));
}

}  // namespace

AnnualGatherer::AnnualGatherer(plan::PlanService* plan, partners::PartnersService& partners,
                               directory::Directory& directory, const Clock& clock)
    : plan_(plan), partners_(partners), directory_(directory), clock_(clock) {}

Result<AnnualReport> AnnualGatherer::Gather(int year, const std::string& lang, const Progress& progress) {
  AnnualReport r;
  r.year = year;
  r.lang = lang;
  r.generated_on = FormatRfc3339(clock_.NowMillis()).substr(0, 10);

  // Agency names by code and by id, in the report's language.
  auto agencies = directory_.ListAgencies();
  if (!agencies) return tl::unexpected(agencies.error());
  std::map<std::string, std::string> by_code, by_id;
  for (const auto& a : *agencies) {
    const std::string name = lang == "az" ? a.name.az : a.name.en;
    by_code[a.code] = name.empty() ? a.code : name;
    by_id[a.id] = by_code[a.code];
  }
  auto agency_name = [&](const std::string& code) {
    auto it = by_code.find(code);
    return it == by_code.end() ? code : it->second;
  };
  if (progress) progress(5, "gathering");

  if (plan_) {
    auto plans = plan_->ListPlans(nullptr);
    if (!plans) return tl::unexpected(plans.error());
    std::vector<plan::Plan> chosen;
    std::set<std::string> codes;
    for (const auto& p : *plans)  // newest revision of each code first
      if (p.status == "active" && codes.insert(p.code).second) chosen.push_back(p);
    std::map<std::string, AgencyLine> by_agency;
    bool first = true;
    for (const auto& p : chosen) {
      auto s = plan_->Summary(nullptr, p.id, year);
      if (!s) return tl::unexpected(s.error());
      if (!r.plan_title.empty()) r.plan_title += "; ";
      r.plan_title += Pick(p.title, lang);
      r.as_of = s->as_of;
      for (const auto& i : s->items) {
        ItemLine line;
        line.number = chosen.size() > 1 ? p.code + "/" + std::to_string(i.number) : std::to_string(i.number);
        line.title = Pick(i.measure, lang);
        line.counts = From(i.counts);
        r.items.push_back(std::move(line));
        for (const auto& ind : i.indicators)
          r.indicators.push_back({ind.task_number, agency_name(ind.agency), ind.period, ind.name, ind.unit.value_or(""),
                                  ind.target, ind.value});
      }
      for (const auto& a : s->agencies) {
        AgencyLine& line = by_agency[a.agency];
        line.agency = agency_name(a.agency);
        AddTo(line.counts, From(a.counts));
        line.reports_submitted += a.reports_submitted;
        line.reports_accepted += a.reports_accepted;
      }
      // Findings and meetings are not per plan: count them once.
      if (first) {
        r.findings.recorded = s->findings.recorded;
        r.findings.answered = s->findings.answered;
        r.findings.closed = s->findings.closed;
        for (const auto& f : s->findings.open_by_body)
          r.findings.open_by_body.push_back({agency_name(f.agency), f.open});
        r.meetings = {s->meetings.held, s->meetings.scheduled, s->meetings.decisions, s->meetings.decisions_done};
        first = false;
      }
    }
    for (auto& [code, line] : by_agency) r.agencies.push_back(std::move(line));
  }
  if (progress) progress(40, "gathering");

  auto f = partners_.Figures(year);
  if (!f) return tl::unexpected(f.error());
  for (const auto& n : f->needs) {
    if (n.status == "cancelled") continue;
    ResourceLine l;
    l.title = lang == "az" ? n.title_az : n.title_en;
    l.type = partners::LabelOf(partners::NeedTypes(), n.type, lang);
    l.money = n.measure == "money";
    l.currency_or_unit = l.money ? n.currency.value_or("") : n.unit.value_or("");
    l.required = n.required;
    l.pledged = n.pledged;
    l.delivered = n.delivered;
    l.gap = n.Gap();
    r.needs.push_back(std::move(l));
  }
  for (const auto& t : f->totals) {
    ResourceLine l;
    l.money = t.measure == "money";
    l.currency_or_unit = l.money ? t.currency.value_or("") : t.unit.value_or("");
    l.title = l.currency_or_unit;
    l.needs = t.needs;
    l.required = t.required;
    l.pledged = t.pledged;
    l.delivered = t.delivered;
    l.gap = t.gap;
    r.resource_totals.push_back(std::move(l));
  }
  r.donors = f->donors;
  r.pledges = f->pledges;
  r.deliveries = f->deliveries;
  r.training_events = f->training_events;
  r.training_participants = f->training_participants;
  r.training_evaluations = f->training_evaluations;
  r.training_average_score = f->training_average_score;
  r.training_needs_open = f->training_needs_open;
  r.training_needs_people = f->training_needs_people;
  for (const auto& [code, n] : f->participants_by_agency) r.participants_by_agency.push_back({agency_name(code), n});
  for (const auto& [topic, n] : f->events_by_topic)
    r.events_by_topic.push_back({partners::LabelOf(partners::TrainingTopics(), topic, lang), n});
  r.campaigns = f->campaigns;
  r.activities = f->activities;
  r.reach = f->reach;
  for (const auto& [kind, v] : f->by_kind)
    r.by_kind.push_back({partners::LabelOf(partners::ActivityKinds(), kind, lang), v.first, v.second});
  for (const auto& [region, n] : f->reach_by_region)
    r.reach_by_region.push_back({partners::LabelOf(partners::Regions(), region, lang), n});
  if (progress) progress(100, "gathering");
  return r;
}

}  // namespace nrm::reports
