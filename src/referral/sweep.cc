// The SLA sweep: overdue acknowledgements and decisions escalate once each.
#include "referral/service.h"
#include "referral/store.h"

namespace nrm::referral {

Result<int> ReferralService::EscalateOverdue(int64_t now) {
  auto spu = AgencyId(kSpuAgencyCode);
  if (!spu) return tl::unexpected(spu.error());
  auto coordinator = dir_.FindAgency(kCoordinatorAgencyCode);
  struct Stage {
    const char* name;
    const char* column;
    const char* due;
    const char* states;
  };
  const Stage stages[] = {
      {"acknowledgement", "ack_escalated_at", "ack_due_at", "('submitted')"},
      {"decision", "decision_escalated_at", "decision_due_at", "('submitted', 'acknowledged')"},
  };
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  std::vector<std::string> watchers;
  {
    auto sup = inbox_.UsersWith(t, *spu, kCapSupervise);
    if (!sup) return tl::unexpected(sup.error());
    watchers = *sup;
    if (coordinator) {
      auto office = inbox_.UsersWith(t, coordinator->id, kCapCoordinate);
      if (!office) return tl::unexpected(office.error());
      watchers.insert(watchers.end(), office->begin(), office->end());
    }
  }
  int escalated = 0;
  for (const auto& st : stages) {
    auto rows = t.Query(std::string("SELECT id FROM referrals WHERE kind = 'spu' AND status IN ") + st.states +
                            " AND " + st.due + " < ? AND " + st.column + " IS NULL ORDER BY created_at LIMIT 500",
                        {now});
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& row : *rows) {
      const std::string id = row.Text(0);
      // The marking decides: a second sweeper (another process) updates nothing.
      auto u =
          t.Exec(std::string("UPDATE referrals SET ") + st.column + " = ? WHERE id = ? AND " + st.column + " IS NULL",
                 {now, id});
      if (!u) return tl::unexpected(u.error());
      if (*u == 0) continue;
      if (auto s = Tell(t, watchers, "referral.overdue", id); !s) return tl::unexpected(s.error());
      Referral r;
      r.id = id;
      r.kind = ReferralKind::kSpu;
      if (auto s = Audit(t, nullptr, "referral.overdue", r, "", {{"stage", st.name}}); !s)
        return tl::unexpected(s.error());
      ++escalated;
    }
  }
  if (escalated == 0) return 0;  // nothing written: the transaction rolls back
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return escalated;
}

}  // namespace nrm::referral
