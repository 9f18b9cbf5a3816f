// Needs, donors, pledges, deliveries and the gap (PartnersService, part 1).
#include <algorithm>
#include <map>
#include <tuple>

#include "core/ids.h"
#include "directory/capabilities.h"
#include "directory/lookup.h"
#include "directory/roles.h"
#include "partners/catalogue.h"
#include "partners/internal.h"
#include "partners/service.h"
#include "text/bounded.h"

namespace nrm::partners {

using internal::CanAny;
using internal::ExpectOneRow;
using internal::Require;

namespace {

constexpr const char* kNeedSelect =
    "SELECT n.id, n.type, n.title_az, n.title_en, n.description_az, n.description_en, n.plan_item_id, n.measure, "
    "n.currency, n.unit, n.required, n.status, n.version, n.created_at, n.updated_at, "
    "COALESCE((SELECT CAST(SUM(p.amount) AS BIGINT) FROM pledges p WHERE p.need_id = n.id AND p.status = 'pledged'), "
    "0), "
    "COALESCE((SELECT CAST(SUM(d.amount) AS BIGINT) FROM deliveries d JOIN pledges p ON p.id = d.pledge_id "
    "WHERE p.need_id = n.id), 0) FROM needs n";

Need NeedFromRow(const store::Row& r) {
  Need n;
  n.id = r.Text(0);
  n.type = r.Text(1);
  n.title_az = r.Text(2);
  n.title_en = r.Text(3);
  n.description_az = r.Text(4);
  n.description_en = r.Text(5);
  n.plan_item_id = r.OptText(6);
  n.measure = r.Text(7);
  n.currency = r.OptText(8);
  n.unit = r.OptText(9);
  n.required = r.Int(10);
  n.status = r.Text(11);
  n.version = r.Int(12);
  n.created_at = r.Int(13);
  n.updated_at = r.Int(14);
  n.pledged = r.Int(15);
  n.delivered = r.Int(16);
  return n;
}

constexpr const char* kPledgeSelect =
    "SELECT p.id, p.need_id, p.donor_id, n.measure, n.currency, n.unit, p.amount, "
    "COALESCE((SELECT CAST(SUM(d.amount) AS BIGINT) FROM deliveries d WHERE d.pledge_id = p.id), 0), "
    "p.status, p.note, p.version, p.created_at, p.updated_at FROM pledges p JOIN needs n ON n.id = p.need_id";

Pledge PledgeFromRow(const store::Row& r) {
  Pledge p;
  p.id = r.Text(0);
  p.need_id = r.Text(1);
  p.donor_id = r.Text(2);
  p.measure = r.Text(3);
  p.currency = r.OptText(4);
  p.unit = r.OptText(5);
  p.amount = r.Int(6);
  p.delivered = r.Int(7);
  p.status = r.Text(8);
  p.note = r.Text(9);
  p.version = r.Int(10);
  p.created_at = r.Int(11);
  p.updated_at = r.Int(12);
  return p;
}

constexpr const char* kDonorSelect =
    "SELECT id, name_az, name_en, kind, country, active, version, created_at, updated_at FROM donors";

Donor DonorFromRow(const store::Row& r) {
  Donor d;
  d.id = r.Text(0);
  d.name_az = r.Text(1);
  d.name_en = r.Text(2);
  d.kind = r.Text(3);
  d.country = r.OptText(4);
  d.active = r.Int(5) != 0;
  d.version = r.Int(6);
  d.created_at = r.Int(7);
  d.updated_at = r.Int(8);
  return d;
}

Status ValidAmount(const char* field, int64_t v) {
  if (v <= 0) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be greater than zero");
  if (v > kMaxAmount) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " is too large");
  return {};
}

// The amount of a pledge or delivery in its need's measure: amount_minor for
// money, quantity for a count; the other one must be absent.
Result<int64_t> AmountFor(const std::string& measure, const std::optional<int64_t>& amount_minor,
                          const std::optional<int64_t>& quantity) {
  if (measure == "money") {
    if (quantity)
      return Fail(ErrorCode::kInvalidArgument, "this need is counted in money: give amount_minor, not quantity");
    if (!amount_minor) return Fail(ErrorCode::kInvalidArgument, "amount_minor is required");
    if (auto s = ValidAmount("amount_minor", *amount_minor); !s) return tl::unexpected(s.error());
    return *amount_minor;
  }
  if (amount_minor)
    return Fail(ErrorCode::kInvalidArgument, "this need is counted in units: give quantity, not amount_minor");
  if (!quantity) return Fail(ErrorCode::kInvalidArgument, "quantity is required");
  if (auto s = ValidAmount("quantity", *quantity); !s) return tl::unexpected(s.error());
  return *quantity;
}

bool IsCountry(const std::string& c) {
  return c.size() == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z';
}

}  // namespace

// ---- donors -----------------------------------------------------------------

Result<std::optional<std::string>> PartnersService::DonorOf(store::Transaction& tx, const std::string& user_id) {
  auto rows = tx.Query("SELECT donor_id FROM donor_members WHERE user_id = ?", {user_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>((*rows)[0].Text(0));
}

Result<std::optional<std::string>> PartnersService::DonorOf(const std::string& user_id) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  return DonorOf(**tx, user_id);
}

Result<Donor> PartnersService::CreateDonor(const Principal& who, const DonorInput& in, const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage}, "registering donors"); !s) return tl::unexpected(s.error());
  auto az = text::CleanText(in.name_az, "name_az", 300, 1);
  if (!az) return tl::unexpected(az.error());
  auto en = text::CleanText(in.name_en, "name_en", 300, 1);
  if (!en) return tl::unexpected(en.error());
  if (!HasCode(DonorKinds(), in.kind))
    return Fail(ErrorCode::kInvalidArgument, "kind is not a known kind of organisation");
  if (in.country && !IsCountry(*in.country))
    return Fail(ErrorCode::kInvalidArgument, "country must be an ISO 3166-1 alpha-2 code (AZ, DE, ...)");
  const std::string id = NewUuidV7(clock_);
  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto ins = t.Exec(
      "INSERT INTO donors (id, name_az, name_en, kind, country, active, created_by, version, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, 1, ?, 1, ?, ?)",
      {id, *az, *en, in.kind, store::Opt(in.country), who.user_id, now, now});
  if (!ins) return tl::unexpected(ins.error());
  if (auto s = Audit(t, who, "donor.create", "donor", id, request_id); !s) return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return Donor{id, *az, *en, in.kind, in.country, true, 1, now, now};
}

Result<Donor> PartnersService::GetDonor(const Principal& who, const std::string& id) {
  if (auto s = Require(who, {directory::kNeedsManage, directory::kPledgesManage}, "reading donor organisations"); !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  if (!who.Can(directory::kNeedsManage)) {
    auto mine = DonorOf(**tx, who.user_id);
    if (!mine) return tl::unexpected(mine.error());
    if (!*mine || **mine != id) return Fail(ErrorCode::kPermissionDenied, "you may read only your own organisation");
  }
  auto rows = (*tx)->Query(std::string(kDonorSelect) + " WHERE id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such donor or partner organisation");
  return DonorFromRow((*rows)[0]);
}

Result<std::vector<Donor>> PartnersService::ListDonors(const Principal& who) {
  if (auto s = Require(who, {directory::kNeedsManage, directory::kPledgesManage}, "reading donor organisations"); !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  std::optional<std::string> only;
  if (!who.Can(directory::kNeedsManage)) {
    auto mine = DonorOf(**tx, who.user_id);
    if (!mine) return tl::unexpected(mine.error());
    if (!*mine) return std::vector<Donor>{};
    only = *mine;
  }
  auto rows = (*tx)->Query(std::string(kDonorSelect) + " WHERE CAST(? AS TEXT) IS NULL OR id = ? ORDER BY name_en, id",
                           {store::Opt(only), store::Opt(only)});
  return internal::RowsAs(rows, DonorFromRow);
}

Result<Donor> PartnersService::UpdateDonor(const Principal& who, const std::string& id, const DonorPatch& patch,
                                           const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage}, "changing donor organisations"); !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto rows = t.Query(std::string(kDonorSelect) + " WHERE id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such donor or partner organisation");
  Donor d = DonorFromRow((*rows)[0]);
  if (auto s = internal::PatchText("name_az", patch.name_az, 300, true, d.name_az); !s)
    return tl::unexpected(s.error());
  if (auto s = internal::PatchText("name_en", patch.name_en, 300, true, d.name_en); !s)
    return tl::unexpected(s.error());
  if (patch.kind) {
    if (!HasCode(DonorKinds(), *patch.kind))
      return Fail(ErrorCode::kInvalidArgument, "kind is not a known kind of organisation");
    d.kind = *patch.kind;
  }
  if (patch.country) {
    if (*patch.country && !IsCountry(**patch.country))
      return Fail(ErrorCode::kInvalidArgument, "country must be an ISO 3166-1 alpha-2 code (AZ, DE, ...)");
    d.country = *patch.country;
  }
  if (patch.active) d.active = *patch.active;
  const int64_t now = clock_.NowMillis();
  auto up = t.Exec(
      "UPDATE donors SET name_az = ?, name_en = ?, kind = ?, country = ?, active = ?, version = version + 1, "
      "updated_at = ? WHERE id = ? AND version = ?",
      {d.name_az, d.name_en, d.kind, store::Opt(d.country), int64_t{d.active ? 1 : 0}, now, id, patch.version});
  if (auto s = ExpectOneRow(up, "the organisation"); !s) return tl::unexpected(s.error());
  if (auto s = Audit(t, who, "donor.update", "donor", id, request_id); !s) return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  d.version = patch.version + 1;
  d.updated_at = now;
  return d;
}

Result<std::vector<DonorMember>> PartnersService::ListMembers(const Principal& who, const std::string& donor_id) {
  if (auto s = Require(who, {directory::kNeedsManage}, "reading donor accounts"); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  if (auto s = CheckDonor(**tx, donor_id); !s)
    return Fail(ErrorCode::kNotFound, "no such donor or partner organisation");
  auto rows = (*tx)->Query("SELECT user_id, donor_id, created_at FROM donor_members WHERE donor_id = ?", {donor_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<DonorMember> out;
  for (const auto& r : *rows) {
    auto user = directory::UserById(**tx, r.Text(0));
    if (!user && user.error().code == ErrorCode::kNotFound) continue;  // users are never deleted; as a join would
    if (!user) return tl::unexpected(user.error());
    out.push_back(DonorMember{r.Text(0), user->username, r.Text(1), r.Int(2)});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.username < b.username; });
  return out;
}

Result<DonorMember> PartnersService::AddMember(const Principal& who, const std::string& donor_id,
                                               const std::string& username, const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage}, "linking donor accounts"); !s) return tl::unexpected(s.error());
  auto user = directory_.FindUserByName(username);
  if (!user) {
    if (user.error().code == ErrorCode::kNotFound) return Fail(ErrorCode::kInvalidArgument, "no such user");
    return tl::unexpected(user.error());
  }
  if (!directory::CapabilitiesOf(user->roles).count(directory::kPledgesManage))
    return Fail(ErrorCode::kInvalidArgument, "only a donor account (pledges.manage) can be linked to an organisation");
  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  if (auto s = CheckDonor(t, donor_id); !s) return Fail(ErrorCode::kNotFound, "no such donor or partner organisation");
  auto ins = t.Exec(
      "INSERT INTO donor_members (user_id, donor_id, created_by, created_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT DO NOTHING",
      {user->id, donor_id, who.user_id, now});
  if (!ins) return tl::unexpected(ins.error());
  if (*ins == 0) return Fail(ErrorCode::kConflict, "this account is already linked to an organisation");
  if (auto s = Audit(t, who, "donor.member_add", "donor", donor_id, request_id, {{"user_id", user->id}}); !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return DonorMember{user->id, user->username, donor_id, now};
}

Status PartnersService::RemoveMember(const Principal& who, const std::string& donor_id, const std::string& user_id,
                                     const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage}, "unlinking donor accounts"); !s) return s;
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto del = t.Exec("DELETE FROM donor_members WHERE user_id = ? AND donor_id = ?", {user_id, donor_id});
  if (!del) return tl::unexpected(del.error());
  if (*del == 0) return Fail(ErrorCode::kNotFound, "this account is not linked to the organisation");
  if (auto s = Audit(t, who, "donor.member_remove", "donor", donor_id, request_id, {{"user_id", user_id}}); !s)
    return s;
  return t.Commit();
}

// ---- needs ------------------------------------------------------------------

Result<Need> PartnersService::LoadNeed(store::Transaction& tx, const std::string& id) {
  auto rows = tx.Query(std::string(kNeedSelect) + " WHERE n.id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such need");
  return NeedFromRow((*rows)[0]);
}

Result<Need> PartnersService::CreateNeed(const Principal& who, const NeedInput& in, const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage}, "recording needs"); !s) return tl::unexpected(s.error());
  Need n;
  if (!HasCode(NeedTypes(), in.type))
    return Fail(ErrorCode::kInvalidArgument,
                "type must be one of technical, physical, financial, information, methodical, organisational, "
                "material, consultative");
  n.type = in.type;
  struct F {
    const char* name;
    const std::string& value;
    size_t max;
    bool required;
    std::string* out;
  };
  for (const F& f :
       {F{"title_az", in.title_az, 300, true, &n.title_az}, F{"title_en", in.title_en, 300, true, &n.title_en},
        F{"description_az", in.description_az, 4000, false, &n.description_az},
        F{"description_en", in.description_en, 4000, false, &n.description_en}}) {
    auto v = text::CleanText(f.value, f.name, f.max, f.required ? 1 : 0);
    if (!v) return tl::unexpected(v.error());
    *f.out = *v;
  }
  if (in.plan_item_id && !IsUuid(*in.plan_item_id))
    return Fail(ErrorCode::kInvalidArgument, "plan_item_id must be the id of a plan item");
  n.plan_item_id = in.plan_item_id;
  const bool money = in.currency || in.amount_minor;
  const bool count = in.unit || in.quantity;
  if (money == count)
    return Fail(ErrorCode::kInvalidArgument, "give either currency and amount_minor, or unit and quantity");
  if (money) {
    if (!in.currency || !IsCurrency(*in.currency))
      return Fail(ErrorCode::kInvalidArgument, "currency must be an ISO 4217 code such as AZN, USD or EUR");
    if (!in.amount_minor) return Fail(ErrorCode::kInvalidArgument, "amount_minor is required with a currency");
    if (auto s = ValidAmount("amount_minor", *in.amount_minor); !s) return tl::unexpected(s.error());
    n.measure = "money";
    n.currency = in.currency;
    n.required = *in.amount_minor;
  } else {
    if (!in.unit) return Fail(ErrorCode::kInvalidArgument, "unit is required with a quantity");
    auto u = text::CleanText(*in.unit, "unit", 40, 1);
    if (!u) return tl::unexpected(u.error());
    if (!in.quantity) return Fail(ErrorCode::kInvalidArgument, "quantity is required with a unit");
    if (auto s = ValidAmount("quantity", *in.quantity); !s) return tl::unexpected(s.error());
    n.measure = "quantity";
    n.unit = *u;
    n.required = *in.quantity;
  }
  n.id = NewUuidV7(clock_);
  n.status = "open";
  n.created_at = n.updated_at = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto ins = t.Exec(
      "INSERT INTO needs (id, type, title_az, title_en, description_az, description_en, plan_item_id, measure, "
      "currency, unit, required, status, created_by, version, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
      {n.id, n.type, n.title_az, n.title_en, n.description_az, n.description_en, store::Opt(n.plan_item_id), n.measure,
       store::Opt(n.currency), store::Opt(n.unit), n.required, n.status, who.user_id, n.created_at, n.updated_at});
  if (!ins) return tl::unexpected(ins.error());
  if (auto s = Audit(t, who, "need.create", "need", n.id, request_id); !s) return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return n;
}

Result<Need> PartnersService::GetNeed(const Principal& who, const std::string& id) {
  if (auto s = Require(who, {directory::kNeedsManage, directory::kNeedsView}, "reading needs"); !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  return LoadNeed(**tx, id);
}

Result<std::vector<Need>> PartnersService::ListNeeds(const Principal& who, const NeedFilter& f) {
  if (auto s = Require(who, {directory::kNeedsManage, directory::kNeedsView}, "reading needs"); !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows =
      (*tx)->Query(std::string(kNeedSelect) +
                       " WHERE (CAST(? AS TEXT) IS NULL OR n.status = ?) AND (CAST(? AS TEXT) IS NULL OR n.type = ?)"
                       " AND (CAST(? AS TEXT) IS NULL OR n.plan_item_id = ?) ORDER BY n.created_at DESC, n.id",
                   {store::Opt(f.status), store::Opt(f.status), store::Opt(f.type), store::Opt(f.type),
                    store::Opt(f.plan_item_id), store::Opt(f.plan_item_id)});
  return internal::RowsAs(rows, NeedFromRow);
}

Result<Need> PartnersService::UpdateNeed(const Principal& who, const std::string& id, const NeedPatch& patch,
                                         const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage}, "changing needs"); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto cur = LoadNeed(t, id);
  if (!cur) return cur;
  Need n = *cur;
  if (auto s = internal::PatchText("title_az", patch.title_az, 300, true, n.title_az); !s)
    return tl::unexpected(s.error());
  if (auto s = internal::PatchText("title_en", patch.title_en, 300, true, n.title_en); !s)
    return tl::unexpected(s.error());
  if (auto s = internal::PatchText("description_az", patch.description_az, 4000, false, n.description_az); !s)
    return tl::unexpected(s.error());
  if (auto s = internal::PatchText("description_en", patch.description_en, 4000, false, n.description_en); !s)
    return tl::unexpected(s.error());
  if (patch.plan_item_id) {
    if (*patch.plan_item_id && !IsUuid(**patch.plan_item_id))
      return Fail(ErrorCode::kInvalidArgument, "plan_item_id must be the id of a plan item");
    n.plan_item_id = *patch.plan_item_id;
  }
  if (patch.status) {
    if (*patch.status != "open" && *patch.status != "closed" && *patch.status != "cancelled")
      return Fail(ErrorCode::kInvalidArgument, "status must be open, closed or cancelled");
    n.status = *patch.status;
  }
  if (patch.amount_minor || patch.quantity) {
    auto amount = AmountFor(n.measure, patch.amount_minor, patch.quantity);
    if (!amount) return tl::unexpected(amount.error());
    if (*amount < n.delivered)
      return Fail(ErrorCode::kConflict, "the need cannot be smaller than what has already been delivered");
    n.required = *amount;
  }
  const int64_t now = clock_.NowMillis();
  auto up = t.Exec(
      "UPDATE needs SET title_az = ?, title_en = ?, description_az = ?, description_en = ?, plan_item_id = ?, "
      "status = ?, required = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
      {n.title_az, n.title_en, n.description_az, n.description_en, store::Opt(n.plan_item_id), n.status, n.required,
       now, id, patch.version});
  if (auto s = ExpectOneRow(up, "the need"); !s) return tl::unexpected(s.error());
  if (auto s = Audit(t, who, "need.update", "need", id, request_id); !s) return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  n.version = patch.version + 1;
  n.updated_at = now;
  return n;
}

namespace {

std::vector<GapLine> Aggregate(const std::vector<Need>& needs, bool per_item) {
  // Keyed by (item, measure, currency/unit); money in different currencies
  // and counts of different units are never added together.
  std::map<std::tuple<std::string, std::string, std::string>, GapLine> lines;
  for (const auto& n : needs) {
    if (n.status == "cancelled") continue;
    const std::string item = per_item ? n.plan_item_id.value_or("") : "";
    const std::string what = n.measure == "money" ? n.currency.value_or("") : n.unit.value_or("");
    GapLine& l = lines[{item, n.measure, what}];
    if (per_item && n.plan_item_id) l.plan_item_id = n.plan_item_id;
    l.measure = n.measure;
    l.currency = n.currency;
    l.unit = n.unit;
    l.needs += 1;
    l.required += n.required;
    l.pledged += n.pledged;
    l.delivered += n.delivered;
    l.gap += n.Gap();
  }
  std::vector<GapLine> out;
  out.reserve(lines.size());
  for (auto& [k, v] : lines) out.push_back(std::move(v));
  return out;
}

}  // namespace

Result<Gaps> PartnersService::GetGaps(const Principal& who) {
  if (auto s = Require(who, {directory::kNeedsManage, directory::kNeedsView, directory::kStatisticsView},
                       "reading the gaps");
      !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(std::string(kNeedSelect) + " WHERE n.status = 'open'");
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Need> needs;
  for (const auto& r : *rows) needs.push_back(NeedFromRow(r));
  return Gaps{Aggregate(needs, true), Aggregate(needs, false)};
}

// ---- pledges and deliveries -------------------------------------------------

Result<Pledge> PartnersService::LoadPledge(store::Transaction& tx, const std::string& id) {
  auto rows = tx.Query(std::string(kPledgeSelect) + " WHERE p.id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such pledge");
  return PledgeFromRow((*rows)[0]);
}

Result<Pledge> PartnersService::CreatePledge(const Principal& who, const PledgeInput& in,
                                             const std::string& request_id) {
  if (auto s = Require(who, {directory::kPledgesManage, directory::kNeedsManage}, "pledging"); !s)
    return tl::unexpected(s.error());
  if (!IsUuid(in.need_id)) return Fail(ErrorCode::kInvalidArgument, "need_id must be the id of a need");
  if (in.donor_id && !IsUuid(*in.donor_id))
    return Fail(ErrorCode::kInvalidArgument, "donor_id must be the id of a donor");
  std::string note;
  if (in.note) {
    auto v = text::CleanText(*in.note, "note", 2000);
    if (!v) return tl::unexpected(v.error());
    note = *v;
  }
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  std::string donor_id;
  if (who.Can(directory::kNeedsManage)) {
    if (!in.donor_id)
      return Fail(ErrorCode::kInvalidArgument, "donor_id is required: name the organisation that pledges");
    donor_id = *in.donor_id;
  } else {
    auto mine = DonorOf(t, who.user_id);
    if (!mine) return tl::unexpected(mine.error());
    if (!*mine) return Fail(ErrorCode::kPermissionDenied, "your account is not linked to a donor organisation");
    if (in.donor_id && *in.donor_id != **mine)
      return Fail(ErrorCode::kPermissionDenied, "you may pledge only for your own organisation");
    donor_id = **mine;
  }
  auto donor = t.Query("SELECT active FROM donors WHERE id = ?", {donor_id});
  if (!donor) return tl::unexpected(donor.error());
  if (donor->empty()) return Fail(ErrorCode::kInvalidArgument, "no such donor or partner organisation");
  if ((*donor)[0].Int(0) == 0) return Fail(ErrorCode::kConflict, "this organisation is inactive");
  auto need = LoadNeed(t, in.need_id);
  if (!need) {
    if (need.error().code == ErrorCode::kNotFound) return Fail(ErrorCode::kInvalidArgument, "no such need");
    return tl::unexpected(need.error());
  }
  if (need->status != "open") return Fail(ErrorCode::kConflict, "this need is not open for pledges");
  if (in.currency && (!IsCurrency(*in.currency)))
    return Fail(ErrorCode::kInvalidArgument, "currency must be an ISO 4217 code such as AZN, USD or EUR");
  if (in.currency && need->measure == "money" && *in.currency != need->currency)
    return Fail(ErrorCode::kInvalidArgument, "pledge in the need's currency (" + need->currency.value_or("") + ")");
  if (in.currency && need->measure != "money")
    return Fail(ErrorCode::kInvalidArgument, "this need is counted in units, not money");
  auto amount = AmountFor(need->measure, in.amount_minor, in.quantity);
  if (!amount) return tl::unexpected(amount.error());
  Pledge p;
  p.id = NewUuidV7(clock_);
  p.need_id = need->id;
  p.donor_id = donor_id;
  p.measure = need->measure;
  p.currency = need->currency;
  p.unit = need->unit;
  p.amount = *amount;
  p.status = "pledged";
  p.note = note;
  p.created_at = p.updated_at = clock_.NowMillis();
  auto ins = t.Exec(
      "INSERT INTO pledges (id, need_id, donor_id, amount, status, note, created_by, version, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
      {p.id, p.need_id, p.donor_id, p.amount, p.status, p.note, who.user_id, p.created_at, p.updated_at});
  if (!ins) return tl::unexpected(ins.error());
  if (auto s =
          Audit(t, who, "pledge.create", "pledge", p.id, request_id, {{"need_id", p.need_id}, {"donor_id", donor_id}});
      !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return p;
}

Result<Pledge> PartnersService::GetPledge(const Principal& who, const std::string& id) {
  if (auto s = Require(who, {directory::kPledgesManage, directory::kNeedsManage}, "reading pledges"); !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto p = LoadPledge(**tx, id);
  if (!p) return p;
  if (!who.Can(directory::kNeedsManage)) {
    auto mine = DonorOf(**tx, who.user_id);
    if (!mine) return tl::unexpected(mine.error());
    if (!*mine || **mine != p->donor_id)
      return Fail(ErrorCode::kPermissionDenied, "this pledge belongs to another organisation");
  }
  return p;
}

Result<std::vector<Pledge>> PartnersService::ListPledges(const Principal& who,
                                                         const std::optional<std::string>& need_id) {
  if (auto s = Require(who, {directory::kPledgesManage, directory::kNeedsManage}, "reading pledges"); !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  std::optional<std::string> only;
  if (!who.Can(directory::kNeedsManage)) {
    auto mine = DonorOf(**tx, who.user_id);
    if (!mine) return tl::unexpected(mine.error());
    if (!*mine) return std::vector<Pledge>{};
    only = *mine;
  }
  auto rows = (*tx)->Query(std::string(kPledgeSelect) +
                               " WHERE (CAST(? AS TEXT) IS NULL OR p.donor_id = ?) AND (CAST(? AS TEXT) IS NULL OR "
                               "p.need_id = ?) ORDER BY p.created_at DESC, p.id",
                           {store::Opt(only), store::Opt(only), store::Opt(need_id), store::Opt(need_id)});
  return internal::RowsAs(rows, PledgeFromRow);
}

Result<Pledge> PartnersService::UpdatePledge(const Principal& who, const std::string& id, const PledgePatch& patch,
                                             const std::string& request_id) {
  if (auto s = Require(who, {directory::kPledgesManage, directory::kNeedsManage}, "changing pledges"); !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto cur = LoadPledge(t, id);
  if (!cur) return cur;
  if (!who.Can(directory::kNeedsManage)) {
    auto mine = DonorOf(t, who.user_id);
    if (!mine) return tl::unexpected(mine.error());
    if (!*mine || **mine != cur->donor_id)
      return Fail(ErrorCode::kPermissionDenied, "this pledge belongs to another organisation");
  }
  Pledge p = *cur;
  if (patch.amount_minor || patch.quantity) {
    auto amount = AmountFor(p.measure, patch.amount_minor, patch.quantity);
    if (!amount) return tl::unexpected(amount.error());
    if (*amount < p.delivered)
      return Fail(ErrorCode::kConflict, "a pledge cannot be smaller than what it has delivered");
    p.amount = *amount;
  }
  if (auto s = internal::PatchText("note", patch.note, 2000, false, p.note); !s) return tl::unexpected(s.error());
  if (patch.status) {
    if (*patch.status != "pledged" && *patch.status != "withdrawn")
      return Fail(ErrorCode::kInvalidArgument, "status must be pledged or withdrawn");
    if (*patch.status == "withdrawn" && p.delivered > 0)
      return Fail(ErrorCode::kConflict, "a pledge that has delivered cannot be withdrawn");
    p.status = *patch.status;
  }
  const int64_t now = clock_.NowMillis();
  auto up = t.Exec(
      "UPDATE pledges SET amount = ?, note = ?, status = ?, version = version + 1, updated_at = ? "
      "WHERE id = ? AND version = ?",
      {p.amount, p.note, p.status, now, id, patch.version});
  if (auto s = ExpectOneRow(up, "the pledge"); !s) return tl::unexpected(s.error());
  if (auto s = Audit(t, who, "pledge.update", "pledge", id, request_id); !s) return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  p.version = patch.version + 1;
  p.updated_at = now;
  return p;
}

Result<Delivery> PartnersService::CreateDelivery(const Principal& who, const DeliveryInput& in,
                                                 const std::string& request_id) {
  if (auto s = Require(who, {directory::kPledgesManage, directory::kNeedsManage}, "recording deliveries"); !s)
    return tl::unexpected(s.error());
  if (!IsUuid(in.pledge_id)) return Fail(ErrorCode::kInvalidArgument, "pledge_id must be the id of a pledge");
  if (!IsDate(in.delivered_on)) return Fail(ErrorCode::kInvalidArgument, "delivered_on must be a date YYYY-MM-DD");
  auto note = text::CleanText(in.note, "note", 2000);
  if (!note) return tl::unexpected(note.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  // Takes the pledge's row lock first, so two deliveries against one pledge
  // are checked one after the other (PostgreSQL runs READ COMMITTED).
  auto lock = t.Exec("UPDATE pledges SET updated_at = updated_at WHERE id = ?", {in.pledge_id});
  if (!lock) return tl::unexpected(lock.error());
  if (*lock == 0) return Fail(ErrorCode::kInvalidArgument, "no such pledge");
  auto p = LoadPledge(t, in.pledge_id);
  if (!p) return tl::unexpected(p.error());
  if (!who.Can(directory::kNeedsManage)) {
    auto mine = DonorOf(t, who.user_id);
    if (!mine) return tl::unexpected(mine.error());
    if (!*mine || **mine != p->donor_id)
      return Fail(ErrorCode::kPermissionDenied, "this pledge belongs to another organisation");
  }
  if (p->status != "pledged") return Fail(ErrorCode::kConflict, "the pledge was withdrawn");
  auto amount = AmountFor(p->measure, in.amount_minor, in.quantity);
  if (!amount) return tl::unexpected(amount.error());
  if (*amount > p->amount - p->delivered)
    return Fail(ErrorCode::kConflict, "deliveries cannot exceed the pledge; raise the pledge first");
  Delivery d{NewUuidV7(clock_), p->id, p->need_id, p->donor_id, *amount, in.delivered_on, *note, clock_.NowMillis()};
  auto ins = t.Exec(
      "INSERT INTO deliveries (id, pledge_id, amount, delivered_on, note, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {d.id, d.pledge_id, d.amount, d.delivered_on, d.note, who.user_id, d.created_at});
  if (!ins) return tl::unexpected(ins.error());
  if (auto s = Audit(t, who, "delivery.create", "delivery", d.id, request_id, {{"pledge_id", d.pledge_id}}); !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return d;
}

Result<std::vector<Delivery>> PartnersService::ListDeliveries(const Principal& who,
                                                              const std::optional<std::string>& pledge_id,
                                                              const std::optional<std::string>& need_id) {
  if (auto s = Require(who, {directory::kPledgesManage, directory::kNeedsManage}, "reading deliveries"); !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  std::optional<std::string> only;
  if (!who.Can(directory::kNeedsManage)) {
    auto mine = DonorOf(**tx, who.user_id);
    if (!mine) return tl::unexpected(mine.error());
    if (!*mine) return std::vector<Delivery>{};
    only = *mine;
  }
  auto rows = (*tx)->Query(
      "SELECT d.id, d.pledge_id, p.need_id, p.donor_id, d.amount, d.delivered_on, d.note, d.created_at "
      "FROM deliveries d JOIN pledges p ON p.id = d.pledge_id "
      "WHERE (CAST(? AS TEXT) IS NULL OR p.donor_id = ?) AND (CAST(? AS TEXT) IS NULL OR d.pledge_id = ?) "
      "AND (CAST(? AS TEXT) IS NULL OR p.need_id = ?) ORDER BY d.delivered_on DESC, d.id",
      {store::Opt(only), store::Opt(only), store::Opt(pledge_id), store::Opt(pledge_id), store::Opt(need_id),
       store::Opt(need_id)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Delivery> out;
  for (const auto& r : *rows)
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5), r.Text(6), r.Int(7)});
  return out;
}

}  // namespace nrm::partners
