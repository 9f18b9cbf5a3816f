// Plain types of the Coordinator's resources desk: needs, donor and partner
// organisations, pledges, deliveries, training and awareness. None of them
// holds personal data of victims; training participants are counts per
// agency, never names.
//
// Money is an int64 count of the currency's minor units (qəpik, cents), never
// a double; a need's figures (required, pledged, delivered, gap) are in that
// need's measure: minor units of its currency, or a count of its unit.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nrm::partners {

struct Need {
  std::string id;
  std::string type;  // technical, physical, financial, ...
  std::string title_az, title_en;
  std::string description_az, description_en;
  std::optional<std::string> plan_item_id;
  std::string measure;                  // "money" or "quantity"
  std::optional<std::string> currency;  // money
  std::optional<std::string> unit;      // quantity
  int64_t required = 0;
  int64_t pledged = 0;    // active pledges of all donors
  int64_t delivered = 0;  // deliveries of all donors
  std::string status;     // open, closed, cancelled
  int64_t version = 1;
  int64_t created_at = 0, updated_at = 0;

  int64_t Gap() const { return required > delivered ? required - delivered : 0; }
  int64_t Unpledged() const { return required > pledged ? required - pledged : 0; }
  int CoveragePercent() const;
};

struct Donor {
  std::string id;
  std::string name_az, name_en;
  std::string kind;                    // donor, international, ngo, government, other
  std::optional<std::string> country;  // ISO 3166-1 alpha-2
  bool active = true;
  int64_t version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct DonorMember {
  std::string user_id, username, donor_id;
  int64_t created_at = 0;
};

struct Pledge {
  std::string id, need_id, donor_id;
  std::string measure;
  std::optional<std::string> currency, unit;
  int64_t amount = 0;
  int64_t delivered = 0;
  std::string status;  // pledged, withdrawn
  std::string note;
  int64_t version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct Delivery {
  std::string id, pledge_id, need_id, donor_id;
  int64_t amount = 0;
  std::string delivered_on;  // YYYY-MM-DD
  std::string note;
  int64_t created_at = 0;
};

// One line of the gap table: per plan item (or none) and measure.
struct GapLine {
  std::optional<std::string> plan_item_id;
  std::string measure;
  std::optional<std::string> currency, unit;
  int64_t needs = 0, required = 0, pledged = 0, delivered = 0, gap = 0;
};

struct Gaps {
  std::vector<GapLine> by_plan_item;
  std::vector<GapLine> totals;
};

struct TrainingNeed {
  std::string id, agency_id, role, topic;
  int64_t people_count = 0;
  std::string priority, note, status;
  int64_t version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct Participation {
  std::string agency_id;
  int64_t count = 0;
};

struct TrainingEvent {
  std::string id, title_az, title_en;
  std::vector<std::string> topics;
  std::string starts_on, ends_on;
  std::string organiser_agency_id;
  std::optional<std::string> funding_donor_id;
  std::string location;
  std::vector<Participation> participants;
  int64_t evaluations = 0;
  std::optional<double> average_score;
  int64_t version = 1;
  int64_t created_at = 0, updated_at = 0;

  int64_t ParticipantsTotal() const {
    int64_t n = 0;
    for (const auto& p : participants) n += p.count;
    return n;
  }
};

struct TrainingEvaluation {
  std::string id, event_id, agency_id;
  int score = 0;
  std::string comment;
  int64_t created_at = 0;
};

struct AwarenessActivity {
  std::string id, campaign_id, kind, audience, region, region_text, held_on;
  int64_t reach = 0;
  std::string note;
  int64_t created_at = 0;
};

struct AwarenessCampaign {
  std::string id, title_az, title_en, starts_on, ends_on, lead_agency_id;
  std::optional<std::string> partner_donor_id;
  std::string evaluation;
  std::optional<int> evaluation_score;
  int64_t activity_count = 0, reach_total = 0;
  std::vector<AwarenessActivity> activities;  // filled by GetCampaign only
  int64_t version = 1;
  int64_t created_at = 0, updated_at = 0;
};

}  // namespace nrm::partners

namespace nrm::partners {

// A year's figures for the annual report (reports/ gathers them). Counts and
// sums only; donor names appear, pledges per donor do not.
struct YearFigures {
  int year = 0;
  std::vector<Need> needs;      // created before the end of the year, current figures
  std::vector<GapLine> totals;  // per measure over `needs` that are not cancelled
  int64_t donors = 0, pledges = 0, deliveries = 0;
  // Training: events starting in the year.
  int64_t training_events = 0, training_participants = 0, training_evaluations = 0;
  std::optional<double> training_average_score;
  std::vector<std::pair<std::string, int64_t>> participants_by_agency;  // agency code -> people
  std::vector<std::pair<std::string, int64_t>> events_by_topic;         // topic code -> events
  int64_t training_needs_open = 0, training_needs_people = 0;
  // Awareness: activities held in the year.
  int64_t campaigns = 0, activities = 0, reach = 0;
  std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> by_kind;  // kind -> (activities, reach)
  std::vector<std::pair<std::string, int64_t>> reach_by_region;              // region code -> reach
};

}  // namespace nrm::partners
