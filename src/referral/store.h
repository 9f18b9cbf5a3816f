// SQL and small helpers shared inside referral/ (not for other modules):
// people-facing reference numbers, clean bounded text, JSON code lists, and
// the referral row as the services load it.
//
// Thread-safety: functions use only the transaction they are given.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "referral/model.h"
#include "store/database.h"

namespace nrm::referral::internal {

std::string CodesJson(const std::vector<std::string>& codes);
std::vector<std::string> ParseCodes(const std::string& json);

// The referrals columns ReferralFromRow reads, in order.
extern const char* const kReferralColumns;
// Fills the row's own fields (no view shaping); SLA flags against `now`.
Referral ReferralFromRow(const store::Row& row, int64_t now);
Result<std::optional<Referral>> LoadReferral(store::Transaction& tx, const std::string& id, int64_t now);

// UPDATE referrals SET <sets>, updated_at = ?, version = version + 1 WHERE id
// = ? AND version = ?; kConflict when the version is stale.
Status UpdateReferral(store::Transaction& tx, const std::string& id, int64_t version, const std::string& sets,
                      std::vector<store::Value> params, int64_t now);

}  // namespace nrm::referral::internal
