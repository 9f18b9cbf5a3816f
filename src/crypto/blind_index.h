// Blind indexes: exact lookups over sealed values without storing them.
//
// BlindIndex = lower-case hex of keyed BLAKE2b-256 (libsodium
// crypto_generichash, key = the keyring's "blind-index" key) over
//   "<domain>" NUL "<normalized value>"
// 64 characters. The same value gives the same index under one key (so an
// index column can be searched with `=`), different values in different
// domains give unrelated indexes, and without the key the index says nothing
// about the value (a dictionary attack needs the key).
//
// Callers normalise first, with the normaliser that belongs to the domain,
// so that "+994 (50) 123-45-67" and "+994501234567" meet:
//   kPhoneDomain           NormalizePhone
//   kDocumentNumberDomain  NormalizeDocumentNumber
//   kNameTokenDomain       a name skeleton token from text/ (already folded)
//
// Invariants: a domain is 1..64 characters of [a-z0-9_]; an empty value has
// no index (kInvalidArgument), so junk that normalises to nothing never
// matches other junk. Messages never contain the value.
//
// Thread-safety: pure functions (the Keyring is read-only).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "crypto/keyring.h"

namespace nrm::crypto {

inline constexpr std::string_view kDocumentNumberDomain = "document_number";
inline constexpr std::string_view kPhoneDomain = "phone";
inline constexpr std::string_view kNameTokenDomain = "name_token";

// With the keyring's blind-index key.
Result<std::string> BlindIndex(const Keyring& keyring, std::string_view domain, std::string_view normalized_value);

// With an explicit key (16..64 bytes); for tests and tools.
Result<std::string> BlindIndex(std::span<const uint8_t> key, std::string_view domain,
                               std::string_view normalized_value);

// ASCII digits only, with a leading '+' kept if the first non-blank character
// is '+': "+994 (50) 123-45-67" -> "+994501234567", "050 123 45 67" ->
// "0501234567". "" if there are no digits.
std::string NormalizePhone(std::string_view phone);

// ASCII letters and digits only, letters upper-cased: "aa 123-4567" ->
// "AA1234567". Anything else (spaces, punctuation, non-ASCII) is dropped.
std::string NormalizeDocumentNumber(std::string_view number);

}  // namespace nrm::crypto
