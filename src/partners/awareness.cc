// Awareness campaigns and their activities (PartnersService, part 3).
#include "core/ids.h"
#include "directory/capabilities.h"
#include "partners/catalogue.h"
#include "partners/internal.h"
#include "partners/service.h"
#include "text/bounded.h"

namespace nrm::partners {

using internal::ExpectOneRow;
using internal::Require;

namespace {

constexpr const char* kCampaignColumns =
    "SELECT c.id, c.title_az, c.title_en, c.starts_on, c.ends_on, c.lead_agency_id, c.partner_donor_id, "
    "c.evaluation, c.evaluation_score, c.version, c.created_at, c.updated_at, "
    "(SELECT count(*) FROM awareness_activities a WHERE a.campaign_id = c.id), "
    "COALESCE((SELECT CAST(SUM(a.reach) AS BIGINT) FROM awareness_activities a WHERE a.campaign_id = c.id), 0) "
    "FROM awareness_campaigns c";

AwarenessCampaign CampaignFromRow(const store::Row& r) {
  AwarenessCampaign c;
  c.id = r.Text(0);
  c.title_az = r.Text(1);
  c.title_en = r.Text(2);
  c.starts_on = r.Text(3);
  c.ends_on = r.Text(4);
  c.lead_agency_id = r.Text(5);
  c.partner_donor_id = r.OptText(6);
  c.evaluation = r.Text(7);
  if (auto s = r.OptInt(8)) c.evaluation_score = static_cast<int>(*s);
  c.version = r.Int(9);
  c.created_at = r.Int(10);
  c.updated_at = r.Int(11);
  c.activity_count = r.Int(12);
  c.reach_total = r.Int(13);
  return c;
}

// Free-text place names: letters of any script, digits, spaces and a little
// punctuation; no markup, no control characters.
bool IsPlaceText(const std::string& s) {
  for (unsigned char ch : s) {
    if (ch >= 0x80) continue;
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) continue;
    if (ch == ' ' || ch == '-' || ch == ',' || ch == '.' || ch == '(' || ch == ')' || ch == '\'') continue;
    return false;
  }
  return true;
}

Status ValidDates(const std::string& from, const std::string& to) {
  if (!IsDate(from)) return Fail(ErrorCode::kInvalidArgument, "starts_on must be a date YYYY-MM-DD");
  if (!IsDate(to)) return Fail(ErrorCode::kInvalidArgument, "ends_on must be a date YYYY-MM-DD");
  if (to < from) return Fail(ErrorCode::kInvalidArgument, "ends_on is before starts_on");
  return {};
}

}  // namespace

Result<AwarenessCampaign> PartnersService::LoadCampaign(store::Transaction& tx, const std::string& id,
                                                        bool with_activities) {
  auto rows = tx.Query(std::string(kCampaignColumns) + " WHERE c.id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such campaign");
  AwarenessCampaign c = CampaignFromRow((*rows)[0]);
  if (with_activities) {
    auto acts = tx.Query(
        "SELECT id, campaign_id, kind, audience, region, region_text, held_on, reach, note, created_at "
        "FROM awareness_activities WHERE campaign_id = ? ORDER BY held_on, id",
        {id});
    if (!acts) return tl::unexpected(acts.error());
    for (const auto& r : *acts)
      c.activities.push_back(
          {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Int(7), r.Text(8), r.Int(9)});
  }
  return c;
}

Result<AwarenessCampaign> PartnersService::CreateCampaign(const Principal& who, const CampaignInput& in,
                                                          const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage}, "recording awareness campaigns"); !s)
    return tl::unexpected(s.error());
  auto az = text::CleanText(in.title_az, "title_az", 300, 1);
  if (!az) return tl::unexpected(az.error());
  auto en = text::CleanText(in.title_en, "title_en", 300, 1);
  if (!en) return tl::unexpected(en.error());
  if (auto s = ValidDates(in.starts_on, in.ends_on); !s) return tl::unexpected(s.error());
  const std::string lead = in.lead_agency_id.value_or(who.agency_id);
  if (!IsUuid(lead)) return Fail(ErrorCode::kInvalidArgument, "lead_agency_id must be an agency id");
  if (in.partner_donor_id && !IsUuid(*in.partner_donor_id))
    return Fail(ErrorCode::kInvalidArgument, "partner_donor_id must be a donor id");
  const std::string id = NewUuidV7(clock_);
  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  if (auto s = CheckAgency(t, lead); !s) return tl::unexpected(s.error());
  if (in.partner_donor_id)
    if (auto s = CheckDonor(t, *in.partner_donor_id); !s) return tl::unexpected(s.error());
  auto ins = t.Exec(
      "INSERT INTO awareness_campaigns (id, title_az, title_en, starts_on, ends_on, lead_agency_id, partner_donor_id, "
      "created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
      {id, *az, *en, in.starts_on, in.ends_on, lead, store::Opt(in.partner_donor_id), who.user_id, now, now});
  if (!ins) return tl::unexpected(ins.error());
  if (auto s = Audit(t, who, "campaign.create", "campaign", id, request_id); !s) return tl::unexpected(s.error());
  auto out = LoadCampaign(t, id, true);
  if (!out) return out;
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return out;
}

Result<AwarenessCampaign> PartnersService::GetCampaign(const Principal& who, const std::string& id) {
  if (auto s = Require(
          who, {directory::kNeedsManage, directory::kNeedsView, directory::kPlanReport, directory::kStatisticsView},
          "reading campaigns");
      !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  return LoadCampaign(**tx, id, true);
}

Result<std::vector<AwarenessCampaign>> PartnersService::ListCampaigns(const Principal& who, std::optional<int> year) {
  if (auto s = Require(
          who, {directory::kNeedsManage, directory::kNeedsView, directory::kPlanReport, directory::kStatisticsView},
          "reading campaigns");
      !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  // A campaign belongs to every year its period touches.
  std::optional<std::string> first, last;
  if (year) {
    first = std::to_string(*year) + "-01-01";
    last = std::to_string(*year) + "-12-31";
  }
  auto rows = (*tx)->Query(std::string(kCampaignColumns) +
                               " WHERE CAST(? AS TEXT) IS NULL OR (c.starts_on <= ? AND c.ends_on >= ?) "
                               "ORDER BY c.starts_on DESC, c.id",
                           {store::Opt(first), store::Opt(last), store::Opt(first)});
  return internal::RowsAs(rows, CampaignFromRow);
}

Result<AwarenessCampaign> PartnersService::UpdateCampaign(const Principal& who, const std::string& id,
                                                          const CampaignPatch& patch, const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage}, "changing campaigns"); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto cur = LoadCampaign(t, id, false);
  if (!cur) return cur;
  AwarenessCampaign c = *cur;
  if (auto s = internal::PatchText("title_az", patch.title_az, 300, true, c.title_az); !s)
    return tl::unexpected(s.error());
  if (auto s = internal::PatchText("title_en", patch.title_en, 300, true, c.title_en); !s)
    return tl::unexpected(s.error());
  if (auto s = internal::PatchText("evaluation", patch.evaluation, 4000, false, c.evaluation); !s)
    return tl::unexpected(s.error());
  if (patch.starts_on) c.starts_on = *patch.starts_on;
  if (patch.ends_on) c.ends_on = *patch.ends_on;
  if (auto s = ValidDates(c.starts_on, c.ends_on); !s) return tl::unexpected(s.error());
  if (patch.partner_donor_id) {
    if (*patch.partner_donor_id) {
      if (!IsUuid(**patch.partner_donor_id))
        return Fail(ErrorCode::kInvalidArgument, "partner_donor_id must be a donor id");
      if (auto s = CheckDonor(t, **patch.partner_donor_id); !s) return tl::unexpected(s.error());
    }
    c.partner_donor_id = *patch.partner_donor_id;
  }
  if (patch.evaluation_score) {
    if (*patch.evaluation_score && (**patch.evaluation_score < 1 || **patch.evaluation_score > 5))
      return Fail(ErrorCode::kInvalidArgument, "evaluation_score must be 1..5");
    c.evaluation_score = *patch.evaluation_score;
  }
  const int64_t now = clock_.NowMillis();
  std::optional<int64_t> score;
  if (c.evaluation_score) score = *c.evaluation_score;
  auto up = t.Exec(
      "UPDATE awareness_campaigns SET title_az = ?, title_en = ?, starts_on = ?, ends_on = ?, partner_donor_id = ?, "
      "evaluation = ?, evaluation_score = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
      {c.title_az, c.title_en, c.starts_on, c.ends_on, store::Opt(c.partner_donor_id), c.evaluation, store::Opt(score),
       now, id, patch.version});
  if (auto s = ExpectOneRow(up, "the campaign"); !s) return tl::unexpected(s.error());
  if (auto s = Audit(t, who, "campaign.update", "campaign", id, request_id); !s) return tl::unexpected(s.error());
  auto out = LoadCampaign(t, id, true);
  if (!out) return out;
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return out;
}

Result<AwarenessActivity> PartnersService::AddActivity(const Principal& who, const std::string& campaign_id,
                                                       const ActivityInput& in, const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage}, "recording awareness activities"); !s)
    return tl::unexpected(s.error());
  if (!HasCode(ActivityKinds(), in.kind))
    return Fail(ErrorCode::kInvalidArgument,
                "kind must be film_screening, printed_materials, media, school_session or other");
  if (!HasCode(Audiences(), in.audience)) return Fail(ErrorCode::kInvalidArgument, "audience is not a known audience");
  if (!HasCode(Regions(), in.region))
    return Fail(ErrorCode::kInvalidArgument, "region must be a code of /api/v1/awareness/regions");
  auto region_text = text::CleanText(in.region_text, "region_text", 200, in.region == "other" ? 1 : 0);
  if (!region_text) return tl::unexpected(region_text.error());
  if (!IsPlaceText(*region_text))
    return Fail(ErrorCode::kInvalidArgument, "region_text may hold letters, digits, spaces and - , . ( ) only");
  if (in.region != "other" && !region_text->empty())
    return Fail(ErrorCode::kInvalidArgument, "region_text is only for region 'other'");
  if (!IsDate(in.held_on)) return Fail(ErrorCode::kInvalidArgument, "held_on must be a date YYYY-MM-DD");
  if (in.reach < 0 || in.reach > 100000000) return Fail(ErrorCode::kInvalidArgument, "reach must be 0..100000000");
  auto note = text::CleanText(in.note, "note", 2000);
  if (!note) return tl::unexpected(note.error());
  AwarenessActivity a{NewUuidV7(clock_), campaign_id, in.kind,  in.audience, in.region,
                      *region_text,      in.held_on,  in.reach, *note,       clock_.NowMillis()};
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto exists = t.Query("SELECT 1 FROM awareness_campaigns WHERE id = ?", {campaign_id});
  if (!exists) return tl::unexpected(exists.error());
  if (exists->empty()) return Fail(ErrorCode::kNotFound, "no such campaign");
  auto ins = t.Exec(
      "INSERT INTO awareness_activities (id, campaign_id, kind, audience, region, region_text, held_on, reach, note, "
      "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {a.id, a.campaign_id, a.kind, a.audience, a.region, a.region_text, a.held_on, a.reach, a.note, who.user_id,
       a.created_at});
  if (!ins) return tl::unexpected(ins.error());
  if (auto s = Audit(t, who, "campaign.activity_add", "campaign", campaign_id, request_id, {{"activity_id", a.id}}); !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return a;
}

}  // namespace nrm::partners
