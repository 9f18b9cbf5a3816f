// The resources desk of the National Coordinator (NAP §4, items 6, 7, 11, 12):
// needs and their gaps, donor and partner organisations, pledges and
// deliveries, training needs and events, awareness campaigns.
//
// Rules it holds:
//  - default deny: every call checks the principal's capabilities first
//    (needs.manage: the Coordinator's office; needs.view + pledges.manage: a
//    donor user; plan.report: a ministry focal point, for its own agency's
//    training needs; statistics.view: aggregate gaps);
//  - a donor user acts for the one organisation its account is linked to
//    (donor_members); it sees needs, the aggregate figures, and only its own
//    organisation's pledges and deliveries; another organisation's pledge is
//    refused (kPermissionDenied), and lists are filtered;
//  - money is int64 minor units of a validated ISO 4217 currency; a pledge
//    has its need's measure; deliveries never exceed their pledge; a pledge
//    never drops below what it delivered;
//  - every change is audited in its own transaction, which is all or nothing;
//    editable records carry a version (kConflict on a stale one).
//
// Who calls it: partners/*routes.cc, reports/ (Figures), tests.
// Thread-safety: safe for concurrent use; all state is in the Database.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/log.h"
#include "core/civil_date.h"
#include "core/clock.h"
#include "core/error.h"
#include "directory/model.h"
#include "directory/service.h"
#include "partners/model.h"
#include "store/database.h"

namespace nrm::partners {

using directory::Principal;

struct NeedInput {
  std::string type, title_az, title_en, description_az, description_en;
  std::optional<std::string> plan_item_id;
  std::optional<std::string> currency;
  std::optional<int64_t> amount_minor;
  std::optional<std::string> unit;
  std::optional<int64_t> quantity;
};

struct NeedPatch {
  int64_t version = 0;
  std::optional<std::string> title_az, title_en, description_az, description_en, status;
  std::optional<std::optional<std::string>> plan_item_id;  // set to null to unlink
  std::optional<int64_t> amount_minor, quantity;
};

struct NeedFilter {
  std::optional<std::string> status, type, plan_item_id;
};

struct DonorInput {
  std::string name_az, name_en, kind;
  std::optional<std::string> country;
};

struct DonorPatch {
  int64_t version = 0;
  std::optional<std::string> name_az, name_en, kind;
  std::optional<std::optional<std::string>> country;
  std::optional<bool> active;
};

struct PledgeInput {
  std::string need_id;
  std::optional<std::string> donor_id, currency, note;
  std::optional<int64_t> amount_minor, quantity;
};

struct PledgePatch {
  int64_t version = 0;
  std::optional<int64_t> amount_minor, quantity;
  std::optional<std::string> note, status;
};

struct DeliveryInput {
  std::string pledge_id, delivered_on;
  std::optional<int64_t> amount_minor, quantity;
  std::string note;
};

struct TrainingNeedInput {
  std::optional<std::string> agency_id;
  std::string role, topic;
  int64_t people_count = 0;
  std::string priority = "medium", note;
};

struct TrainingNeedPatch {
  int64_t version = 0;
  std::optional<int64_t> people_count;
  std::optional<std::string> priority, note, status;
};

struct TrainingEventInput {
  std::string title_az, title_en;
  std::vector<std::string> topics;
  std::string starts_on, ends_on, organiser_agency_id;
  std::optional<std::string> funding_donor_id;
  std::string location;
  std::vector<Participation> participants;
};

struct TrainingEventPatch {
  int64_t version = 0;
  std::optional<std::string> title_az, title_en, starts_on, ends_on, location;
  std::optional<std::optional<std::string>> funding_donor_id;
  std::optional<std::vector<Participation>> participants;
};

struct CampaignInput {
  std::string title_az, title_en, starts_on, ends_on;
  std::optional<std::string> lead_agency_id, partner_donor_id;
};

struct CampaignPatch {
  int64_t version = 0;
  std::optional<std::string> title_az, title_en, starts_on, ends_on, evaluation;
  std::optional<std::optional<std::string>> partner_donor_id;
  std::optional<std::optional<int>> evaluation_score;
};

struct ActivityInput {
  std::string kind, audience, region, region_text, held_on, note;
  int64_t reach = -1;
};

class PartnersService {
 public:
  PartnersService(store::Database& db, audit::AuditLog& audit, directory::Directory& directory, const Clock& clock);

  // Needs and gaps.
  Result<Need> CreateNeed(const Principal& who, const NeedInput& in, const std::string& request_id);
  Result<Need> GetNeed(const Principal& who, const std::string& id);
  Result<std::vector<Need>> ListNeeds(const Principal& who, const NeedFilter& filter);
  Result<Need> UpdateNeed(const Principal& who, const std::string& id, const NeedPatch& patch,
                          const std::string& request_id);
  Result<Gaps> GetGaps(const Principal& who);

  // Donor and partner organisations, and the user accounts linked to them.
  Result<Donor> CreateDonor(const Principal& who, const DonorInput& in, const std::string& request_id);
  Result<Donor> GetDonor(const Principal& who, const std::string& id);
  Result<std::vector<Donor>> ListDonors(const Principal& who);
  Result<Donor> UpdateDonor(const Principal& who, const std::string& id, const DonorPatch& patch,
                            const std::string& request_id);
  Result<std::vector<DonorMember>> ListMembers(const Principal& who, const std::string& donor_id);
  Result<DonorMember> AddMember(const Principal& who, const std::string& donor_id, const std::string& username,
                                const std::string& request_id);
  Status RemoveMember(const Principal& who, const std::string& donor_id, const std::string& user_id,
                      const std::string& request_id);
  // The organisation the user acts for, if linked.
  Result<std::optional<std::string>> DonorOf(const std::string& user_id);

  // Pledges and deliveries.
  Result<Pledge> CreatePledge(const Principal& who, const PledgeInput& in, const std::string& request_id);
  Result<Pledge> GetPledge(const Principal& who, const std::string& id);
  Result<std::vector<Pledge>> ListPledges(const Principal& who, const std::optional<std::string>& need_id);
  Result<Pledge> UpdatePledge(const Principal& who, const std::string& id, const PledgePatch& patch,
                              const std::string& request_id);
  Result<Delivery> CreateDelivery(const Principal& who, const DeliveryInput& in, const std::string& request_id);
  Result<std::vector<Delivery>> ListDeliveries(const Principal& who, const std::optional<std::string>& pledge_id,
                                               const std::optional<std::string>& need_id);

  // Training.
  Result<TrainingNeed> CreateTrainingNeed(const Principal& who, const TrainingNeedInput& in,
                                          const std::string& request_id);
  Result<std::vector<TrainingNeed>> ListTrainingNeeds(const Principal& who, const std::optional<std::string>& agency_id,
                                                      const std::optional<std::string>& topic);
  Result<TrainingNeed> UpdateTrainingNeed(const Principal& who, const std::string& id, const TrainingNeedPatch& patch,
                                          const std::string& request_id);
  Result<TrainingEvent> CreateEvent(const Principal& who, const TrainingEventInput& in, const std::string& request_id);
  Result<TrainingEvent> GetEvent(const Principal& who, const std::string& id);
  Result<std::vector<TrainingEvent>> ListEvents(const Principal& who, std::optional<int> year);
  Result<TrainingEvent> UpdateEvent(const Principal& who, const std::string& id, const TrainingEventPatch& patch,
                                    const std::string& request_id);
  Result<TrainingEvaluation> AddEvaluation(const Principal& who, const std::string& event_id, int score,
                                           const std::string& comment, const std::string& request_id);
  Result<std::vector<TrainingEvaluation>> ListEvaluations(const Principal& who, const std::string& event_id);

  // Awareness.
  Result<AwarenessCampaign> CreateCampaign(const Principal& who, const CampaignInput& in,
                                           const std::string& request_id);
  Result<AwarenessCampaign> GetCampaign(const Principal& who, const std::string& id);
  Result<std::vector<AwarenessCampaign>> ListCampaigns(const Principal& who, std::optional<int> year);
  Result<AwarenessCampaign> UpdateCampaign(const Principal& who, const std::string& id, const CampaignPatch& patch,
                                           const std::string& request_id);
  Result<AwarenessActivity> AddActivity(const Principal& who, const std::string& campaign_id, const ActivityInput& in,
                                        const std::string& request_id);

  // A year's figures for the annual report. No principal: reports/ checks
  // reports.produce before it calls, and the figures name no person.
  Result<YearFigures> Figures(int year);

 private:
  Status Audit(store::Transaction& tx, const Principal& who, const std::string& action, const std::string& type,
               const std::string& id, const std::string& request_id, std::map<std::string, std::string> detail = {});
  Result<std::optional<std::string>> DonorOf(store::Transaction& tx, const std::string& user_id);
  Result<Need> LoadNeed(store::Transaction& tx, const std::string& id);
  Result<Pledge> LoadPledge(store::Transaction& tx, const std::string& id);
  Status CheckAgency(store::Transaction& tx, const std::string& agency_id);
  Status CheckDonor(store::Transaction& tx, const std::string& donor_id);
  Result<TrainingEvent> LoadEvent(store::Transaction& tx, const std::string& id);
  Result<AwarenessCampaign> LoadCampaign(store::Transaction& tx, const std::string& id, bool with_activities);

  store::Database& db_;
  audit::AuditLog& audit_;
  directory::Directory& directory_;
  const Clock& clock_;
};

// Shared validation (also used at the HTTP edge).
// YYYY-MM-DD, a real calendar date of 1990..2100 (core/civil_date.h).
inline bool IsDate(std::string_view s) { return civil::IsDate(s, 1990, 2100); }
// Largest amount or quantity accepted: 2^53 - 1, exact in every JSON reader.
inline constexpr int64_t kMaxAmount = 9007199254740991;

}  // namespace nrm::partners
