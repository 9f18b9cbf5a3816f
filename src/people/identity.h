// The rules of the identity and detail fields beyond "text of bounded
// length": HTCDS picklists (picklists.h), several identity documents, an age
// estimate, and the birth years a record can be found by.
//
// Documents travel in the API as an array of objects under
// identity.documents; inside a sealed group they are kept as that array's
// canonical JSON text (a FieldGroup holds strings only).
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/model.h"
#include "core/civil_date.h"
#include "core/error.h"

namespace nrm::people {

struct IdentityDocument {
  std::string type;  // DocumentTypes()
  std::string number;
  std::string issuing_country;  // ISO 3166-1 alpha-3, may be empty
  std::string expiry;           // YYYY-MM-DD, may be empty
};

inline constexpr size_t kMaxDocuments = 10;

// Checks and normalises one field's (already NFC-normalised, non-empty)
// value; the caller has checked that the field exists in the class. A bad
// value gives nullopt and appends to `errors` every bad part, named by its
// dotted path in the request body ("identity.birth_date",
// "identity.documents.0.number").
std::optional<std::string> CheckField(access::FieldClass cls, const std::string& field, const std::string& value,
                                      std::vector<FieldError>& errors);

// identity.documents text -> documents (an invalid text gives none).
std::vector<IdentityDocument> ParseDocuments(const std::string& json_text);

// Birth year of a YYYY-MM-DD date, or nullopt.
std::optional<int> BirthYearOf(const std::string& date);

// YYYY-MM-DD, a real calendar date of 1900..2100 (core/civil_date.h).
inline bool IsDate(std::string_view s) { return civil::IsDate(s, 1900, 2100); }

}  // namespace nrm::people
