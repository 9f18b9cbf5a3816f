// Human-readable reference numbers ("P-2026-000042", "R-2026-000007"): the one
// allocator, shared by persons, screenings, referrals and cases.
//
// Input: the caller's write transaction, a prefix ("P", "R", "S", "C"), a
// counter name ("person", "referral", ...) and the moment of creation (ms
// since the epoch, UTC). Output: "PREFIX-YYYY-NNNNNN", YYYY the UTC year of
// `now_ms`, NNNNNN the counter "<counter>:<YYYY>" after one increment, at
// least six digits (a seventh appears after 999,999 in one year). Numbering
// starts again at 000001 every year.
//
// Uniqueness: one row per counter and year in `reference_counters`, bumped
// with INSERT ... ON CONFLICT (name) DO UPDATE ... RETURNING inside the
// caller's transaction, so the number commits or rolls back with the record
// that carries it (no gaps from failed creates).
// - SQLite: write transactions start with BEGIN IMMEDIATE, so only one
//   writer runs at a time and the read-increment-write cannot interleave.
// - PostgreSQL (READ COMMITTED): the upsert takes the counter row's lock and
//   holds it until the caller commits or rolls back; a concurrent allocator
//   of the same counter and year waits, then increments the committed value.
//   Two first-of-the-year inserts meet on the primary key, and the loser
//   takes the DO UPDATE path. Allocations of one counter are therefore
//   serialised for the rest of the caller's transaction.
//
// Lock order: because the counter lock lives until commit, callers must
// allocate the number BEFORE they take other long-held locks. Known
// violation (issue 14): a referral transaction appends audit entries
// (locking audit_head) before it allocates, while a concurrent person create
// holds the "person" counter lock and waits for audit_head; PostgreSQL
// breaks that deadlock by failing one of them (a 409). The fix belongs on
// the audit side; this allocator keeps its locking as it is.
//
// Thread-safety: as the transaction; safe from concurrent transactions and
// processes on both backends as described above.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/database.h"

namespace nrm::store {

Result<std::string> NextReference(Transaction& tx, std::string_view prefix, std::string_view counter, int64_t now_ms);

}  // namespace nrm::store
