// One audit record: who did what to which object, under which grants, with
// what outcome; and its canonical JSON form, the bytes the Merkle tree hashes.
//
// An Entry never holds personal data: it names objects by id and field
// classes by name ("identity", "location"), never by value. `detail` is for
// extra non-personal facts (a reason code, a referral id, an HTTP route
// pattern), never names, free text typed by a user, or document numbers.
//
// Canonical JSON (an RFC 8785-style form, for our value types only):
//  - one object whose members are exactly: "action", "actor_agency_id",
//    "actor_user_id", "detail", "field_classes", "grant_ids", "object_id",
//    "object_type", "outcome", "purpose", "request_id", "seq", "ts", "v";
//  - members sorted by key, compared as UTF-8 bytes (all our keys, and
//    `detail`'s keys, are ASCII, where this equals RFC 8785's UTF-16 order);
//  - no whitespace outside strings;
//  - strings as UTF-8, not normalised (the bytes given are the bytes hashed);
//    only '"', '\\' and U+0000..U+001F are escaped: \b \f \n \r \t by their
//    short forms, the other control characters as \u00xx (lower-case hex);
//    everything else, "/" and non-ASCII included, is written as is;
//  - integers (seq, ts, v) in plain decimal; there are no floats, booleans
//    or nulls;
//  - arrays keep the caller's order (field_classes and grant_ids are listed
//    as given; the order is part of what is recorded);
//  - "v" is the format version, 1.
//
// Invariants checked by ValidateEntry (and so by every append):
//  - action: 1..64 of [a-z0-9_.]; outcome: "allow" or "deny";
//  - field_classes: each 1..32 of [a-z0-9_]; detail keys: 1..64 of
//    [A-Za-z0-9_.-];
//  - every string valid UTF-8 without NUL; each at most 1024 bytes, detail
//    values at most 4096, the whole JSON at most 64 KiB.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nrm::audit {

inline constexpr std::string_view kOutcomeAllow = "allow";
inline constexpr std::string_view kOutcomeDeny = "deny";

struct Entry {
  std::string action;         // "person.read", "grant.create", "access.denied", "break_glass", ...
  std::string actor_user_id;  // "" for the system itself (CLI, schedulers)
  std::string actor_agency_id;
  std::string object_type;  // "person", "case", "user", ...
  std::string object_id;
  std::vector<std::string> field_classes;  // sensitivity classes read or written
  std::vector<std::string> grant_ids;      // the relations that allowed it
  std::string purpose;                     // the declared purpose (a code, not free text)
  std::string outcome = "allow";           // "allow" or "deny"
  std::string request_id;
  std::map<std::string, std::string> detail;

  bool operator==(const Entry&) const = default;
};

// An entry as stored: its position in the log and its time.
struct StoredEntry {
  int64_t seq = 0;  // 1, 2, 3, ... without gaps
  int64_t ts = 0;   // ms since the epoch, from the AuditLog's clock
  Entry entry;

  bool operator==(const StoredEntry&) const = default;
};

Status ValidateEntry(const Entry& entry);

// The canonical JSON of `entry` at `seq` and `ts`. Fails (kInvalidArgument)
// when the entry does not validate.
Result<std::string> CanonicalJson(const Entry& entry, int64_t seq, int64_t ts);

// Parses an entry's JSON (any key order, any valid JSON escapes). Every
// member listed above must be present with its type, and no other; "v" must
// be 1. Fails with kInvalidArgument otherwise.
Result<StoredEntry> ParseEntryJson(std::string_view json);

// field_classes as stored in the indexed column: ",identity,contact," (the
// leading and trailing commas let `LIKE '%,identity,%'` match whole names);
// "" when empty.
std::string JoinFieldClasses(const std::vector<std::string>& field_classes);

}  // namespace nrm::audit
