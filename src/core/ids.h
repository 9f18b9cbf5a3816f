// Record identifiers. Every table's primary key is a UUIDv7 (RFC 9562): time
// ordered, so inserts stay local in B-trees, and random enough (74 bits) that
// ids cannot be guessed. People-facing references (REF-2026-00042) are
// separate and never double as keys.
//
// Thread-safety: all functions are safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace nrm {

// Canonical lower-case 8-4-4-4-12 text form.
std::string NewUuidV7(const Clock& clock);

// True for the canonical text form of any UUID version.
bool IsUuid(std::string_view text);

// The Unix-millisecond timestamp embedded in a UUIDv7 (undefined for others).
int64_t UuidV7Millis(std::string_view uuid);

}  // namespace nrm
