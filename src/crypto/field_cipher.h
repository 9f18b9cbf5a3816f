// Sealing sensitive fields (names, documents, contacts, locations, health
// notes) before they reach the store.
//
// XChaCha20-Poly1305-IETF under the keyring's current field key, a random
// 24-byte nonce per seal, and associated data
//   "nrm-field|v1|<table>|<column>|<row_id>|<key version>"
// so a sealed value opens only in the row and column it was sealed for: a
// ciphertext copied or swapped into another row, column or table fails to
// open, as does any changed byte.
//
// Sealed blob layout (kSealedOverhead = 45 bytes more than the plaintext):
//   [0]      format byte (kSealedFieldFormat = 1)
//   [1..4]   field key version, big-endian
//   [5..28]  nonce
//   [29..]   ciphertext, then the 16-byte tag
// Old key versions stay in the keyring, so a value keeps opening after
// AddFieldKeyVersion; SealedFieldKeyVersion lets a re-sealing job find values
// under old versions.
//
// Invariants: table, column and row id are non-empty and hold no '|' (so the
// associated data is unambiguous). Error messages never contain the plaintext;
// a failed open is kInternal "a sealed field failed to open", the detail
// (table, column, row id, version) in Error::internal only.
//
// Thread-safety: functions are safe from any thread (the Keyring is read-only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "crypto/keyring.h"
#include "store/database.h"

namespace nrm::crypto {

inline constexpr uint8_t kSealedFieldFormat = 1;
inline constexpr size_t kSealedOverhead = 1 + 4 + 24 + 16;

Result<store::Blob> Seal(const Keyring& keyring, std::string_view table, std::string_view column,
                         std::string_view row_id, std::string_view plaintext);

Result<std::string> Open(const Keyring& keyring, std::string_view table, std::string_view column,
                         std::string_view row_id, const store::Blob& sealed);

// The field key version a sealed value names; kInvalidArgument if `sealed` is
// not a sealed field.
Result<uint32_t> SealedFieldKeyVersion(const store::Blob& sealed);

}  // namespace nrm::crypto
