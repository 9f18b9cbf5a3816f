// Persons as the API sees them: a pseudonymous reference that most users
// ever see, and groups of fields, one group per sensitivity class, so that a
// field mask is applied by leaving groups out.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "access/model.h"

namespace nrm::people {

// A group's fields: name -> value (strings; dates as YYYY-MM-DD).
using FieldGroup = std::map<std::string, std::string>;

struct Person {
  std::string id;
  std::string reference;  // P-2026-000123
  std::string owner_agency_id;
  std::string status;  // "active"
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t version = 1;
  std::map<access::FieldClass, FieldGroup> groups;  // only the classes the reader may see
  access::FieldMask visible;                        // the decision's mask
  bool has_photo = false;                           // told only to readers of the identity class
};

// The fields each class may hold; anything else is refused at the edge.
const std::map<access::FieldClass, std::vector<std::string>>& FieldsByClass();

}  // namespace nrm::people
