// decide(): whether a principal holds a permission on an object, with the
// field mask and the relations that granted it -- and the SQL predicate that
// filters lists by the same rule.
//
// Invariants:
//  - default deny: no relation, no access; a policy error (unknown object
//    type or permission, a store failure) denies;
//  - relations are read from the store on every decision, never cached, so a
//    revocation holds for the next request in every process;
//  - a relation opens only the field classes it carries; `reference` comes
//    with any allowed view; capability() opens nothing but `reference`;
//  - ListPredicate(p, t, perm) selects exactly the objects for which
//    Evaluate(p, t, perm, relations).allowed is true (the matrix test holds
//    the two to each other).
//
// Who calls it: the services of personal-data modules (people, referral,
// investigation, ...) before they touch a record.
// Thread-safety: safe for concurrent use.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "access/model.h"
#include "access/schema.h"
#include "core/clock.h"
#include "core/error.h"
#include "directory/model.h"
#include "store/database.h"

namespace nrm::access {

struct SqlPredicate {
  std::string sql;
  std::vector<store::Value> params;
};

class Policy {
 public:
  Policy(std::shared_ptr<const Schema> schema, const Clock& clock);

  // Loads the object's live relations in `tx` and evaluates.
  Result<Decision> Decide(store::Transaction& tx, const directory::Principal& who, const std::string& object_type,
                          const std::string& object_id, const std::string& permission) const;

  // Pure evaluation over already-loaded relations of one object (expired and
  // revoked ones are ignored here too).
  Decision Evaluate(const directory::Principal& who, const std::string& object_type, const std::string& permission,
                    const std::vector<Relation>& relations) const;

  // A boolean SQL expression true for the rows of `object_type` whose id is in
  // `id_column` and on which `who` holds `permission`.
  SqlPredicate ListPredicate(const directory::Principal& who, const std::string& object_type,
                             const std::string& permission, const std::string& id_column) const;

  const Schema& schema() const { return *schema_; }
  const Clock& clock() const { return clock_; }

 private:
  std::shared_ptr<const Schema> schema_;
  const Clock& clock_;
};

// The columns RelationFromRow() reads, in order.
extern const char* const kRelationColumns;
Relation RelationFromRow(const store::Row& row);

// Relations of the given objects that are live now (not revoked, not expired).
Result<std::vector<Relation>> LoadLiveRelations(store::Transaction& tx, const std::string& object_type,
                                                const std::vector<std::string>& object_ids, int64_t now);

}  // namespace nrm::access
