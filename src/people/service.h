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
// Audit action of a duplicate check; access/ counts these per user for the
// "duplicate_checks" oversight alert.
inline constexpr const char* kDuplicateCheckAction = "person.duplicate_check";

struct PersonInput {
  std::map<access::FieldClass, FieldGroup> groups;  // classes to set (a group replaces the old one)
};

// The duplicate check before a person is recorded: "is this person perhaps
// already held by some agency?"
struct DuplicateQuery {
  std::vector<std::string> names;  // name parts and spellings, any script (at most 10, 200 bytes each)
  std::optional<int> birth_year;   // a record with another known (or estimated) birth year does not match
};

// All that a possible match discloses: which agency holds it, and an opaque
// token (valid 24 hours, for the caller only) that names it in an
// information request (POST /api/v1/information-requests, object = token).
struct PossibleMatch {
  std::string agency_id;
  std::string agency_code;
  directory::LocalizedText agency_name;
  std::string match_token;
};

inline constexpr size_t kMaxPhotoBytes = 512 * 1024;

struct Photo {
  std::string media_type;  // image/jpeg or image/png
  std::string bytes;
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
  Result<Person> Update(const directory::Principal& who, const std::string& id, int64_t version, const PersonInput& in,
                        const std::string& request_id);
  // Records the caller may view, newest first, filtered by the same policy as
  // Get(); with a query, only those matching it.
  Result<std::vector<Person>> List(const directory::Principal& who, const SearchQuery& query,
                                   const std::string& request_id);

  // Possible matches among ALL persons (not only those the caller may see),
  // through the blind-indexed name skeletons and birth year: a person matches
  // when it holds at least two of the query's name tokens (or the only one),
  // and its birth year, when known, is the one asked. Needs referrals.create,
  // screening.create or persons.create. Audited (counts only, no names);
  // each match also leaves a "person.duplicate_match" entry on the record's
  // history. At most 20 matches, ordered by agency code.
  Result<std::vector<PossibleMatch>> CheckDuplicates(const directory::Principal& who, const DuplicateQuery& query,
                                                     const std::string& request_id);
  // The same inside the caller's transaction (referral/).
  Result<std::vector<PossibleMatch>> CheckDuplicatesIn(store::Transaction& tx, const directory::Principal& who,
                                                       const DuplicateQuery& query, const std::string& request_id);

  // The photo: JPEG or PNG (checked by magic bytes), at most kMaxPhotoBytes,
  // sealed at rest. Setting it needs edit on the identity class; reading it
  // needs view on the identity class (and is audited like any read).
  Result<Person> SetPhoto(const directory::Principal& who, const std::string& id, int64_t version,
                          const std::string& bytes, const std::string& request_id);
  Result<Photo> GetPhoto(const directory::Principal& who, const std::string& id, const std::string& request_id);

  // For the access layer: what may be known of a person without reading it.
  // Also resolves a match token from CheckDuplicates (ObjectInfo::match_holder set).
  Result<std::optional<access::ObjectInfo>> Describe(store::Transaction& tx, const std::string& id_or_reference);

  // Steps referral/ takes inside its own transaction.
  // Create() inside `tx`, so that a referral and the person it brings commit
  // together or not at all. Same rules and audit as Create().
  Result<Person> CreateIn(store::Transaction& tx, const directory::Principal& who, const PersonInput& in,
                          const std::string& request_id);
  // SetPhoto() inside `tx`, for a person `who` has just created there (the
  // photo sent with a referral): the same checks, sealing and audit, without
  // a version to compare (the record is not yet visible to anyone else).
  Status SetPhotoIn(store::Transaction& tx, const directory::Principal& who, const std::string& id,
                    const std::string& bytes, const std::string& request_id);
  // Hands the record over to `to_agency_id` (the SPU, on an accepted
  // referral): the owner agency changes, every live owner_agency and assignee
  // relation ends, and `assignee_user_id` becomes the assignee. Audited
  // ("person.handover", detail source = `source_id`) in `tx`.
  Status HandOver(store::Transaction& tx, const directory::Principal& actor, const std::string& person_id,
                  const std::string& to_agency_id, const std::string& assignee_user_id, const std::string& source_id,
                  const std::string& request_id);

 private:
  Result<std::string> BirthYearToken(int year);
  Result<std::vector<std::string>> IndexTokens(const PersonInput& in);
  Result<Person> Load(store::Transaction& tx, const std::string& id, const access::Decision& decision);

  store::Database& db_;
  const crypto::Keyring& keyring_;
  access::AccessService& access_;
  const Clock& clock_;
};

// Match tokens: "m_" + 48 hex digits; stored as MatchTokenHash only.
bool LooksLikeMatchToken(const std::string& key);
std::string MatchTokenHash(const std::string& token);

// "image/jpeg", "image/png" or "" by the file's first bytes.
std::string PhotoMediaType(const std::string& bytes);
// Non-empty, at most kMaxPhotoBytes (kPayloadTooLarge), JPEG or PNG by its
// magic bytes (kUnsupportedMediaType). For callers that check before they write.
Status CheckPhoto(const std::string& bytes);

// Validates a group's fields against FieldsByClass() and normalises values.
// A kInvalidArgument names every bad field (Error::fields) by its dotted path
// in the person body: "identity.birth_date", "identity.documents.0.number".
Result<FieldGroup> ValidateGroup(access::FieldClass cls, const FieldGroup& group);
// The same over every group of `in`: one error naming all bad fields.
Result<PersonInput> ValidatePerson(const PersonInput& in);

}  // namespace nrm::people
