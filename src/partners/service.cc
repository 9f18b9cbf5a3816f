#include "partners/service.h"

#include "directory/lookup.h"
#include "text/normalize.h"

namespace nrm::partners {

int Need::CoveragePercent() const {
  if (required <= 0) return 100;
  if (delivered >= required) return 100;
  // delivered < required <= 2^53, so delivered * 100 < 2^60 fits int64.
  return static_cast<int>(delivered * 100 / required);
}

PartnersService::PartnersService(store::Database& db, audit::AuditLog& audit, directory::Directory& directory,
                                 const Clock& clock)
    : db_(db), audit_(audit), directory_(directory), clock_(clock) {}

Status PartnersService::Audit(store::Transaction& tx, const Principal& who, const std::string& action,
                              const std::string& type, const std::string& id, const std::string& request_id,
                              std::map<std::string, std::string> detail) {
  audit::Entry e;
  e.action = action;
  e.actor_user_id = who.user_id;
  e.actor_agency_id = who.agency_id;
  e.object_type = type;
  e.object_id = id;
  e.request_id = request_id;
  e.detail = std::move(detail);
  return audit_.Append(tx, e);
}

Status PartnersService::CheckAgency(store::Transaction& tx, const std::string& agency_id) {
  auto agency = directory::AgencyById(tx, agency_id);
  if (!agency) return tl::unexpected(agency.error());
  if (!*agency) return Fail(ErrorCode::kInvalidArgument, "no such agency");
  return {};
}

Status PartnersService::CheckDonor(store::Transaction& tx, const std::string& donor_id) {
  auto rows = tx.Query("SELECT 1 FROM donors WHERE id = ?", {donor_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kInvalidArgument, "no such donor or partner organisation");
  return {};
}

}  // namespace nrm::partners
