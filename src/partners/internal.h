// Helpers shared by the partners service's .cc files only.
// Thread-safety: pure functions.
#pragma once

#include <initializer_list>
#include <string>

#include "core/error.h"
#include "directory/model.h"

namespace nrm::partners::internal {

inline bool CanAny(const directory::Principal& who, std::initializer_list<const char*> caps) {
  for (const char* c : caps)
    if (who.Can(c)) return true;
  return false;
}

inline Status Require(const directory::Principal& who, std::initializer_list<const char*> caps,
                      const std::string& what) {
  if (CanAny(who, caps)) return {};
  return Fail(ErrorCode::kPermissionDenied, "your role does not allow " + what);
}

// Turns "0 rows updated" into the optimistic-locking conflict.
inline Status ExpectOneRow(const Result<int64_t>& changed, const char* what) {
  if (!changed) return tl::unexpected(changed.error());
  if (*changed == 0)
    return Fail(ErrorCode::kConflict, std::string(what) + " was changed by someone else; reload it and try again");
  return {};
}

}  // namespace nrm::partners::internal
