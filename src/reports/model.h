// The Coordinator's annual report on the plan's implementation, as plain
// data: every label already in the report's language, every figure already
// counted. The gatherer (gather.h) fills it; the renderers (render.h:
// RenderPdf in pdf.cc, RenderXlsx in xlsx.cc) only lay it out, so they can
// be tested from a struct filled by hand.
//
// It holds no personal data of anyone: agencies, plan items, needs, donors'
// names (never their pledges one by one) and counts.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nrm::reports {

// A report job's state: queued -> running -> done | failed. A job whose
// process stopped reads as failed (jobs.h). Name/Parse spell the values of
// report_jobs.status and of the JSON field; Parse gives nullopt otherwise.
enum class JobStatus { kQueued, kRunning, kDone, kFailed };
const char* Name(JobStatus s);
std::optional<JobStatus> ParseJobStatus(std::string_view name);

struct StatusCounts {
  int64_t total = 0, not_started = 0, in_progress = 0, done = 0, blocked = 0, overdue = 0;
};

struct ItemLine {
  std::string number;  // "3", or "NAP-2004/3" with several plans
  std::string title;
  StatusCounts counts;
};

struct AgencyLine {
  std::string agency;  // name in the report's language
  StatusCounts counts;
  int64_t reports_submitted = 0, reports_accepted = 0;
};

struct IndicatorLine {
  std::string task, agency, period, name, unit;
  std::optional<double> target, value;
};

struct CountLine {
  std::string label;
  int64_t value = 0;
};

struct FindingFigures {
  int64_t recorded = 0, answered = 0, closed = 0;
  std::vector<CountLine> open_by_body;
};

struct MeetingFigures {
  int64_t held = 0, scheduled = 0, decisions = 0, decisions_done = 0;
};

// A need or a total, in one measure (money in minor units of `currency`, or
// a count of `unit`).
struct ResourceLine {
  std::string title;  // the need's title, or the currency/unit for a total
  std::string type;   // need type label ("" for totals)
  bool money = false;
  std::string currency_or_unit;
  int64_t needs = 1, required = 0, pledged = 0, delivered = 0, gap = 0;
};

struct KindLine {
  std::string label;
  int64_t activities = 0, reach = 0;
};

struct AnnualReport {
  int year = 0;
  std::string lang = "az";   // az | en
  std::string generated_on;  // YYYY-MM-DD
  std::string plan_title;    // "" when no plan is loaded
  std::string as_of;         // the plan figures' date

  std::vector<ItemLine> items;
  std::vector<AgencyLine> agencies;
  std::vector<IndicatorLine> indicators;
  FindingFigures findings;
  MeetingFigures meetings;

  std::vector<ResourceLine> needs;
  std::vector<ResourceLine> resource_totals;
  int64_t donors = 0, pledges = 0, deliveries = 0;

  int64_t training_events = 0, training_participants = 0, training_evaluations = 0;
  std::optional<double> training_average_score;
  int64_t training_needs_open = 0, training_needs_people = 0;
  std::vector<CountLine> participants_by_agency;
  std::vector<CountLine> events_by_topic;

  int64_t campaigns = 0, activities = 0, reach = 0;
  std::vector<KindLine> by_kind;
  std::vector<CountLine> reach_by_region;
};

// Progress of a long step: percent 0..100 and a stage code ("gathering",
// "rendering", ...). Called on the producing thread.
using Progress = std::function<void(int percent, const std::string& stage)>;

}  // namespace nrm::reports
