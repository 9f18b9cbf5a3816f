// Helpers shared by the partners service's .cc files only.
// Thread-safety: pure functions.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.h"
#include "directory/model.h"
#include "partners/service.h"
#include "store/database.h"
#include "text/bounded.h"

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

// A patch's text change: absent leaves `out` as it is; present, it is cleaned
// and bounded as on creation (CleanText).
inline Status PatchText(const char* field, const std::optional<std::string>& change, size_t max_bytes, bool required,
                        std::string& out) {
  if (!change) return {};
  auto v = text::CleanText(*change, field, max_bytes, required ? 1 : 0);
  if (!v) return tl::unexpected(v.error());
  out = *v;
  return {};
}

// The rows a query returned, each made a record by `from_row`; the query's
// error passes through.
template <class F>
auto RowsAs(const Result<std::vector<store::Row>>& rows, F from_row)
    -> Result<std::vector<std::decay_t<decltype(from_row(std::declval<const store::Row&>()))>>> {
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::decay_t<decltype(from_row(std::declval<const store::Row&>()))>> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(from_row(r));
  return out;
}

}  // namespace nrm::partners::internal
