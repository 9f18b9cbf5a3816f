// Plain types of the need-to-know policy.
//
// A *relation* is a row saying that a subject (a user, or every user of an
// agency) stands in a named relation to an object (a person, a case):
// `person:P assignee user:U`. Relations carry the field classes they open,
// an optional expiry, the purpose stated for them and who granted them.
// A *decision* says whether a principal holds a permission on an object, which
// field classes it may read, and which relations made it so (their ids go
// into the audit record).
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace nrm::access {

// Sensitivity classes of fields, from least to most protected.
enum class FieldClass { kReference, kDetail, kIdentity, kContact, kLocation, kHealth, kInvestigation };

const std::vector<FieldClass>& AllFieldClasses();
std::string_view FieldClassName(FieldClass c);
std::optional<FieldClass> ParseFieldClass(std::string_view name);
// Reads of these classes are audited one by one.
bool IsAuditedClass(FieldClass c);

using FieldMask = std::set<FieldClass>;
std::string FormatFieldMask(const FieldMask& mask);              // "identity,contact"
std::optional<FieldMask> ParseFieldMask(std::string_view text);  // "" -> empty; unknown -> nullopt

// How a relation came to be; decides who may end it and how it ends.
enum class GrantKind { kOwner, kAssignment, kReferral, kInformationRequest, kBreakGlass };
std::string_view GrantKindName(GrantKind k);
std::optional<GrantKind> ParseGrantKind(std::string_view name);

// An information request: pending -> approved | refused | withdrawn; an
// approved one may still be withdrawn (the grant then ends). The names are
// the values of information_requests.status and of the JSON field.
enum class RequestStatus { kPending, kApproved, kRefused, kWithdrawn };
std::string_view RequestStatusName(RequestStatus s);
std::optional<RequestStatus> ParseRequestStatus(std::string_view name);

struct Relation {
  std::string id;
  std::string object_type;  // "person", "case"
  std::string object_id;
  std::string relation;      // "assignee", "owner_agency", ...
  std::string subject_type;  // "user" or "agency"
  std::string subject_id;
  FieldMask field_classes;
  std::optional<int64_t> expires_at;
  std::string purpose;
  std::string granted_by;  // user id; "" for the system
  GrantKind kind = GrantKind::kAssignment;
  std::string source_id;  // referral or information request that created it
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at;
};

struct Decision {
  bool allowed = false;
  FieldMask fields;                       // readable classes (empty when denied)
  std::vector<std::string> relation_ids;  // the relations that granted it
  std::string reason;                     // for logs/audit, never personal data
};

}  // namespace nrm::access
