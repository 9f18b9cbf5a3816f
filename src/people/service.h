// Persons: create, read, change, list and search, every step through the
// need-to-know policy and the audit log.
//
// Invariants:
//  - nothing but the reference, status and owner agency is stored in clear:
//    each field class is sealed as one JSON object bound to its row and
//    column; names, document numbers and phones are found through keyed
//    blind indexes only;
//  - a read returns only the classes the decision opens, and the audit entry
//    for it is durable before the data is returned;
//  - a refused read answers "not found" (the record's existence is not the
//    caller's business) and is itself audited;
//  - the creator's agency owns the record and the creator is its assignee.
//
// Who calls it: people/routes.cc; later the referral module.
// Thread-safety: safe for concurrent use.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/service.h"
#include "core/clock.h"
#include "core/error.h"
#include "crypto/keyring.h"
#include "directory/model.h"
#include "people/model.h"
#include "store/database.h"

namespace nrm::people {

inline constexpr const char* kObjectType = "person";

struct PersonInput {
  std::map<access::FieldClass, FieldGroup> groups;  // classes to set (a group replaces the old one)
};

struct SearchQuery {
  std::string name;             // any script; matched by name skeleton tokens
  std::string document_number;  // exact, through the blind index
  std::string phone;            // exact, through the blind index
  int limit = 50;
};

class PersonService {
 public:
  PersonService(store::Database& db, const crypto::Keyring& keyring, access::AccessService& access, const Clock& clock);

  Result<Person> Create(const directory::Principal& who, const PersonInput& in, const std::string& request_id);
  Result<Person> Get(const directory::Principal& who, const std::string& id, const std::string& request_id);
  Result<Person> Update(const directory::Principal& who, const std::string& id, int64_t version,
                        const PersonInput& in, const std::string& request_id);
  // Records the caller may view, newest first, filtered by the same policy as
  // Get(); with a query, only those matching it.
  Result<std::vector<Person>> List(const directory::Principal& who, const SearchQuery& query,
                                   const std::string& request_id);

  // For the access layer: what may be known of a person without reading it.
  Result<std::optional<access::ObjectInfo>> Describe(store::Transaction& tx, const std::string& id_or_reference);

 private:
  Result<std::vector<std::string>> IndexTokens(const PersonInput& in);
  Result<Person> Load(store::Transaction& tx, const std::string& id, const access::Decision& decision);

  store::Database& db_;
  const crypto::Keyring& keyring_;
  access::AccessService& access_;
  const Clock& clock_;
};

// Validates a group's fields against FieldsByClass() and normalises values.
Result<FieldGroup> ValidateGroup(access::FieldClass cls, const FieldGroup& group);

}  // namespace nrm::people
